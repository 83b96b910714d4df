"""Views are re-created when their files change, not on every open of the warehouse."""

from pathlib import Path

from warehouse.db import WarehousePaths, _refresh_views, open_writer


def test_views_are_created_once_per_version_of_their_files(tmp_path: Path) -> None:
    paths = WarehousePaths(tmp_path)
    with open_writer(paths) as con:  # the first open creates them
        assert con.execute("SELECT count(*) FROM schema_views").fetchone() == (1,)
        assert _refresh_views(con) is False
        con.execute("UPDATE schema_views SET checksum = 'files edited since'")
        assert _refresh_views(con) is True
        assert con.execute("SELECT count(*) FROM claim_timeline").fetchone() is not None
    with open_writer(paths) as con:
        assert _refresh_views(con) is False
