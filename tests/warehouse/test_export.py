"""Exporting warehouse tables for analysts who work outside DuckDB."""

import csv
from pathlib import Path

import duckdb
import pytest

from warehouse.db import WarehousePaths, open_writer, publish
from warehouse.export import ExportError, export_relation


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    paths = WarehousePaths(tmp_path / "data")
    with open_writer(paths) as con:
        con.execute(
            "INSERT INTO clinics VALUES ('a', 'A Clinic', 'https://a.example/', 'Baltimore', "
            "'MD', 'US', ['iv'], 'r1', 'r1')"
        )
    return publish(paths)


def test_export_to_parquet_keeps_rows_and_types(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "clinics.parquet"
    assert export_relation(warehouse, "clinics", out) == 1
    row = duckdb.sql(f"SELECT clinic_id, tags FROM '{out}'").fetchone()
    assert row == ("a", ["iv"])


def test_export_view_to_csv(warehouse: Path, tmp_path: Path) -> None:
    out = tmp_path / "versions.csv"
    assert export_relation(warehouse, "page_versions", out) == 0
    with out.open() as handle:
        assert "first_seen" in next(csv.reader(handle))


def test_unknown_name_lists_what_exists(warehouse: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"no table or view 'claimz'.*claims"):
        export_relation(warehouse, "claimz", tmp_path / "x.csv")


def test_unknown_format_is_refused(warehouse: Path, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match=r"use a \.parquet or \.csv"):
        export_relation(warehouse, "clinics", tmp_path / "x.xlsx")
