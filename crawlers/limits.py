"""Crawl limits, declared once for the spider's arguments, the flow's parameters and the CLI."""

# Fetch attempts per clinic: the default keeps a polite crawl of a typical clinic site under
# an hour; the cap bounds what a typo can cost a site.
DEFAULT_MAX_PAGES = 60
MAX_PAGES_CAP = 5000
# Link hops from the start pages.
DEFAULT_MAX_DEPTH = 4
MAX_DEPTH_CAP = 20
# Share of the page cap spent re-requesting pages read before that no link may lead to any
# more, least recently fetched first: every known page is asked for again within a few runs.
KNOWN_RECHECK_SHARE = 0.2
