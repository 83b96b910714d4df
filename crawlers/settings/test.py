"""The test suite: no throttling, short timeouts, so traps resolve quickly."""

from crawlers.settings.base import *  # noqa: F403

REQUIRE_CONTACT_URL = False
# Sites here live on 127.0.0.1 at any port; everything else the guard refuses stays refused.
ADDRESS_GUARD_ALLOW_LOOPBACK = True
ADDRESS_GUARD_PORTS = []  # any port
RETRY_AFTER_MAX_S = 2.0
AUTOTHROTTLE_ENABLED = False
DOWNLOAD_DELAY = 0.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 8
DOWNLOAD_TIMEOUT = 2
RETRY_TIMES = 0
LOG_LEVEL = "WARNING"
