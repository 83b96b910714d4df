"""Dates as pages write them: one reading for noise, offer end dates and expiry checks."""

from datetime import date

import pytest

from flows.cleaning import comparable
from flows.cleaning.dates import offer_end_date, offer_end_text


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("New members save 40%, offer ends January 31.", "January 31"),
        ("Book by Sept. 3rd, 2026 for the intro price.", "Sept. 3rd, 2026"),
        ("Valid through 3/31 only.", "3/31"),
        ("Save $100 on your first infusion.", None),
    ],
)
def test_the_end_date_is_kept_as_written(text: str, written: str | None) -> None:
    assert offer_end_text(text) == written


@pytest.mark.parametrize(
    ("written", "as_of", "ends"),
    [
        ("January 31", date(2026, 2, 2), date(2026, 1, 31)),
        ("January 31", date(2025, 12, 20), date(2026, 1, 31)),  # read in December: next year's
        ("Dec 31", date(2026, 1, 3), date(2025, 12, 31)),
        ("Jan. 31st, 2025", date(2026, 1, 15), date(2025, 1, 31)),  # a stated year is used
        ("3/31/27", date(2026, 1, 15), date(2027, 3, 31)),
        ("February 30", date(2026, 1, 15), None),
        ("13/31", date(2026, 1, 15), None),
    ],
)
def test_the_end_date_is_read_in_the_nearest_year(
    written: str, as_of: date, ends: date | None
) -> None:
    assert offer_end_date(written, as_of) == ends


def test_noise_dates_use_the_same_month_names() -> None:
    assert comparable("Page last reviewed Sept. 3, 2026.") == comparable(
        "Page last reviewed January 14, 2027."
    )
