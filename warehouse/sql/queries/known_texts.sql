-- Page versions already cleaned by this cleaner: not cleaned again.
SELECT body_sha256 FROM page_texts WHERE cleaner_version = $cleaner_version
