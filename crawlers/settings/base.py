"""Settings shared by every crawl profile."""

import os

BOT_NAME = "ketamine-ad-monitor"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# An honest user agent with a way to reach whoever runs the crawl; prod refuses to run without it.
CONTACT_URL = os.environ.get("KAM_CONTACT_URL", "")
USER_AGENT = f"ketamine-ad-monitor/0.1 (public-health research crawler; +{CONTACT_URL or 'local'})"

ROBOTSTXT_OBEY = True
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"

# Pages bigger than this are marketing nobody reads; record the refusal instead of the body.
DOWNLOAD_MAXSIZE = 2 * 1024 * 1024
DOWNLOAD_WARNSIZE = 1024 * 1024

# Breadth-first within each priority band: the spider ranks marketing pages first.
DEPTH_PRIORITY = 1
SCHEDULER_DISK_QUEUE = "scrapy.squeues.PickleFifoDiskQueue"
SCHEDULER_MEMORY_QUEUE = "scrapy.squeues.FifoMemoryQueue"

DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a refused address is not even asked for its robots.txt.
    "crawlers.guard.AddressGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    "crawlers.middlewares.RobotsTxtPolicyMiddleware": 100,
    # After robots.txt, so refused URLs do not use up a clinic's page budget.
    "crawlers.middlewares.PageCapMiddleware": 120,
    "crawlers.middlewares.ConditionalRequestMiddleware": 560,
    # Sees a 429/503 before Scrapy's retry (550) does, so Retry-After is honoured.
    "crawlers.middlewares.RetryAfterMiddleware": 555,
    # Scrapy's redirect handling, limited to the clinic's own website.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "crawlers.middlewares.SameSiteMetaRefreshMiddleware": 580,
    "crawlers.middlewares.SameSiteRedirectMiddleware": 600,
}
# Every resolved name is checked by the address guard before a connection is made.
TWISTED_DNS_RESOLVER = "crawlers.guard.GuardedResolver"
# Only real websites' ports, and never this machine, unless a profile for local tests says so.
ADDRESS_GUARD_ALLOW_LOOPBACK = False
ADDRESS_GUARD_PORTS = [80, 443, 8080, 8443]
# A site that asks to wait longer than this is reported as rate-limited instead of waited for.
RETRY_AFTER_MAX_S = 120.0
RETRY_AFTER_TIMES = 2
EXTENSIONS = {
    "crawlers.extensions.StatsFile": 500,
}
LOG_LEVEL = "INFO"

# Pages where clinics put claims and offers are fetched first, so a page cap keeps them.
PAGE_PRIORITY_HINTS = {
    "pric": 40,
    "cost": 40,
    "fee": 40,
    "special": 35,
    "offer": 35,
    "promo": 35,
    "deal": 35,
    "discount": 35,
    "financ": 30,
    "insurance": 30,
    "faq": 30,
    "treatment": 30,
    "service": 25,
    "condition": 25,
    "ketamine": 25,
    "spravato": 25,
    "about": 20,
    "team": 20,
    "provider": 20,
    "blog": 10,
    "news": 10,
}
