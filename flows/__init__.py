"""Prefect flows and the cleaning and loading code they run."""
