"""Scrapy settings split by environment: `prod` for real sites, `sample` for the bundled
sample web on 127.0.0.1, `test` for the test suite."""
