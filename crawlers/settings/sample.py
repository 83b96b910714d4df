"""The bundled sample web on 127.0.0.1: still throttled per site, with short delays."""

from crawlers.settings.base import *  # noqa: F403

REQUIRE_CONTACT_URL = False
# Sites here live on 127.0.0.1 at any port; everything else the guard refuses stays refused.
ADDRESS_GUARD_ALLOW_LOOPBACK = True
ADDRESS_GUARD_PORTS = []  # any port
RETRY_AFTER_MAX_S = 5.0
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.05
AUTOTHROTTLE_MAX_DELAY = 1.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 4.0
DOWNLOAD_DELAY = 0.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 10
RETRY_TIMES = 1
