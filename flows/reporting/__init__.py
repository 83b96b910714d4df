"""Reporting: what a run did and found, for the Prefect UI (markdown and table artifacts) and
for chat (alerts), with page text escaped for each."""
