"""Scrapy project that fetches clinic websites and records every fetch attempt."""
