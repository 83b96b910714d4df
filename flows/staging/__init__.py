"""Staging: a crawl feed into the JSON-lines files the warehouse loads (bodies hashed and
compressed, new pages cleaned and extracted, one bad page recorded on its own)."""
