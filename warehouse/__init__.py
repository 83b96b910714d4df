"""The DuckDB warehouse: schema as SQL files, loading, and the copy analysts open."""
