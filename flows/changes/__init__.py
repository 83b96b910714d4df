"""Change detection: a run's claims, offers, pages and site states compared with the clinic's
previous runs, and the changes stored."""
