"""Files that tools read: the Prefect deployments and the Scrapy project config."""

import configparser
import importlib

import yaml
from prefect import Flow

from tests.paths import REPO


def test_every_deployment_entrypoint_is_a_flow() -> None:
    config = yaml.safe_load((REPO / "prefect.yaml").read_text())
    assert config["deployments"]
    for deployment in config["deployments"]:
        path, name = deployment["entrypoint"].split(":")
        module = importlib.import_module(path.removesuffix(".py").replace("/", "."))
        assert isinstance(getattr(module, name), Flow)


def test_scrapy_cfg_points_at_existing_settings() -> None:
    parser = configparser.ConfigParser()
    parser.read(REPO / "scrapy.cfg")
    module = importlib.import_module(parser["settings"]["default"])
    assert module.ROBOTSTXT_OBEY is True
    assert module.AUTOTHROTTLE_ENABLED is True


def test_settings_profiles_differ_where_it_matters() -> None:
    prod = importlib.import_module("crawlers.settings.prod")
    test = importlib.import_module("crawlers.settings.test")
    assert prod.REQUIRE_CONTACT_URL and not test.REQUIRE_CONTACT_URL
    assert prod.DOWNLOAD_DELAY > 0 and not test.AUTOTHROTTLE_ENABLED


def _packages() -> list[str]:
    return sorted(
        str(init.parent.relative_to(REPO))
        for top in ("crawlers", "flows", "warehouse")
        for init in (REPO / top).rglob("__init__.py")
        if init.parent != REPO / top
    )


def test_architecture_and_readme_name_every_package_folder() -> None:
    architecture = (REPO / "ARCHITECTURE.md").read_text(encoding="utf-8")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for package in _packages():
        name = package.rsplit("/", 1)[-1]
        assert f"`{package}/`" in architecture or f"`{name}/`" in architecture, package
        assert f"{name}/" in readme, package


def test_flows_top_level_holds_only_flows_and_their_parameters() -> None:
    modules = sorted(p.name for p in (REPO / "flows").glob("*.py"))
    assert modules == ["__init__.py", "monitor.py", "params.py", "reprocess.py", "weekly_report.py"]


def test_tests_mirror_the_packages() -> None:
    stages = [p.split("/")[1] for p in _packages() if p.startswith("flows/") and p.count("/") == 1]
    expected = {"crawlers", "warehouse", "sampleweb", "flows", *stages}
    folders = {p.name for p in (REPO / "tests").iterdir() if (p / "__init__.py").exists()}
    assert expected <= folders, expected - folders
    # Only checks of the project as a whole stay at the top of tests/.
    assert [p.name for p in (REPO / "tests").glob("test_*.py")] == ["test_project_files.py"]
