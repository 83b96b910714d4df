from pathlib import Path

import pytest

from crawlers.targets import TargetsError, load_targets
from sampleweb.model import base_clinics
from tests.paths import REPO


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "targets.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_bundled_sample_targets_list_every_sample_clinic() -> None:
    ids = {t.id for t in load_targets(REPO / "targets" / "sample.yaml")}
    assert ids == set(base_clinics())


def test_example_real_targets_are_valid() -> None:
    targets = load_targets(REPO / "targets" / "example-real.yaml")
    assert all(t.website.startswith("https://") for t in targets)


def test_subset_keeps_only_named_clinics() -> None:
    targets = load_targets(REPO / "targets" / "sample.yaml", ["northstar", "summit"])
    assert [t.id for t in targets] == ["northstar", "summit"]


def test_unknown_clinic_in_subset_is_named() -> None:
    with pytest.raises(TargetsError, match=r"unknown clinic id.*nosuch"):
        load_targets(REPO / "targets" / "sample.yaml", ["nosuch"])


BAD_URL = """\
version: 1
clinics:
  - id: good
    name: Good Clinic
    website: https://good.example/
  - id: broken
    name: Broken Clinic
    website: not-a-url
"""


def test_bad_website_error_names_file_entry_line_and_field(tmp_path: Path) -> None:
    path = write(tmp_path, BAD_URL)
    with pytest.raises(TargetsError) as info:
        load_targets(path)
    message = str(info.value)
    assert str(path) in message
    assert "clinic #2 (id 'broken', line 6)" in message
    assert "field website" in message
    assert "not an absolute http(s) URL" in message


def test_missing_name_is_reported(tmp_path: Path) -> None:
    path = write(tmp_path, "clinics:\n  - id: a\n    website: https://a.example/\n")
    with pytest.raises(
        TargetsError, match=r"clinic #1 \(id 'a', line 2\), field name: Field required"
    ):
        load_targets(path)


def test_duplicate_ids_are_rejected(tmp_path: Path) -> None:
    entry = "  - id: same\n    name: X\n    website: https://x.example/\n"
    path = write(tmp_path, "clinics:\n" + entry + entry)
    with pytest.raises(TargetsError, match="clinic #2 repeats id 'same'"):
        load_targets(path)


def test_start_url_off_site_is_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "clinics:\n  - id: a\n    name: A\n    website: https://a.example/\n"
        "    start_urls: [https://elsewhere.example/pricing]\n",
    )
    with pytest.raises(TargetsError, match="not on the clinic's website"):
        load_targets(path)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "clinics:\n  - id: a\n   name: [unclosed\n")
    with pytest.raises(TargetsError, match=r"line \d+ is not valid YAML"):
        load_targets(path)


def test_missing_file_is_reported(tmp_path: Path) -> None:
    with pytest.raises(TargetsError, match="cannot read targets file"):
        load_targets(tmp_path / "absent.yaml")


def test_unknown_keys_are_rejected(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "clinics:\n  - id: a\n    name: A\n    website: https://a.example/\n    webiste: x\n",
    )
    with pytest.raises(TargetsError, match="field webiste: Extra inputs are not permitted"):
        load_targets(path)
