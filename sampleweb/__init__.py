"""A bundled web of fictional clinic sites, in dated editions, served on 127.0.0.1."""
