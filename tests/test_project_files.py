"""Files that tools read: the Prefect deployments and the Scrapy project config."""

import configparser
import importlib
from pathlib import Path

import yaml
from prefect import Flow

REPO = Path(__file__).resolve().parents[1]


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
