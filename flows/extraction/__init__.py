"""Extraction: cleaned blocks into sentences, and sentences into claims, offers and page facts,
by the versioned vocabularies in ``vocab/``."""
