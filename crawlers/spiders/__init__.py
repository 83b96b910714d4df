"""One spider per file."""
