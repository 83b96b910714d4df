"""Change kinds have one home (flows/changes/kinds.py): SCHEMA.md, the site-events view and the
rows change detection builds all agree with it."""

import re

import pytest

from flows.changes.kinds import ChangeKind, Stream
from flows.changes.model import Change
from tests.paths import REPO


def test_schema_lists_exactly_the_known_kinds() -> None:
    schema = (REPO / "warehouse" / "SCHEMA.md").read_text(encoding="utf-8")
    row = next(line for line in schema.splitlines() if line.startswith("| kind | claim_added"))
    listed = set(re.findall(r"\b([a-z]+(?:_[a-z]+)+)\b", row))
    assert listed == {k.value for k in ChangeKind}


def test_the_site_events_view_names_only_known_page_and_site_kinds() -> None:
    view = (REPO / "warehouse" / "sql" / "views" / "30_q6_site_events.sql").read_text()
    named = set(re.findall(r"'([a-z_]+)'", view))
    assert named and all(ChangeKind(k).stream in (Stream.PAGE, Stream.SITE) for k in named)


def test_an_unknown_kind_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="price_sideways"):
        Change("clinic", "price_sideways", "offer")


def test_a_kind_in_the_wrong_stream_cannot_be_stored() -> None:
    with pytest.raises(ValueError, match="belongs to stream offer"):
        Change("clinic", "price_up", "claim")
