import pytest

from crawlers.urls import normalize_url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("http://127.0.0.1:8000/pricing", "http://127.0.0.1:8000/pricing/"),
        ("http://127.0.0.1:8000/pricing/#rates", "http://127.0.0.1:8000/pricing/"),
        ("HTTP://Clinic.Example:80/FAQ/", "http://clinic.example/FAQ/"),
        ("https://clinic.example:443", "https://clinic.example/"),
        (
            "https://clinic.example/pricing/?utm_source=x&utm_medium=y&fbclid=z&gclid=1",
            "https://clinic.example/pricing/",
        ),
        (
            "https://clinic.example/cal/?month=2026-01&utm_campaign=a",
            "https://clinic.example/cal/?month=2026-01",
        ),
        ("https://clinic.example/s/?b=2&a=1", "https://clinic.example/s/?a=1&b=2"),
        ("https://clinic.example/files/prices.pdf", "https://clinic.example/files/prices.pdf"),
    ],
)
def test_normalize_url(raw: str, expected: str) -> None:
    assert normalize_url(raw) == expected
