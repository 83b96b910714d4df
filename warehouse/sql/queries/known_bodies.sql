-- Bodies already stored: the crawl's copies of them are not staged again.
SELECT body_sha256 FROM bodies
