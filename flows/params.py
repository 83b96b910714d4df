"""The parameter models of the monitor job; Prefect renders them as the run form."""

from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from crawlers.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_DEPTH_CAP, MAX_PAGES_CAP
from warehouse.db import check_data_dir

# The block `kam stack up --webhook` creates and runs use unless told otherwise.
DEFAULT_ALERT_BLOCK = "custom-webhook/kam-alerts"


class AlertRules(BaseModel):
    """Which changes a run reports through the notification block. Any match sends one message
    listing every matching change of the run."""

    model_config = ConfigDict(extra="forbid")

    block: str = Field(
        DEFAULT_ALERT_BLOCK,
        title="Notification block",
        description="Prefect notification block as type/name, e.g. custom-webhook/kam-alerts or "
        "slack-webhook/newsroom. When no block of that name exists, the run report says the "
        "alert was not sent; empty turns alerts off.",
    )
    new_claim_flags: list[str] = Field(
        # A plain default, not a factory: the UI's form only shows defaults the schema carries.
        ["high"],
        title="New claims with any of these risk flags",
        description="Flag names from flows/extraction/vocab/risk_rules.yaml, or 'high' for every "
        "high-severity flag. Covers added and strengthened claims.",
    )
    price_change: bool = Field(True, title="A price went up or down")

    @field_validator("block")
    @classmethod
    def _type_and_name(cls, block: str) -> str:
        if block and block.count("/") != 1:
            raise ValueError(
                f"write the block as type/name, e.g. custom-webhook/kam-alerts (got {block!r})"
            )
        return block

    @field_validator("new_claim_flags")
    @classmethod
    def _known_flags(cls, names: list[str]) -> list[str]:
        # Checked when the run starts, not after a crawl.
        from flows.extraction.vocabulary import load_vocabulary

        known = set(load_vocabulary().risk_rules)
        unknown = [n for n in names if n != "high" and n not in known]
        if unknown:
            raise ValueError(
                f"unknown risk flag(s) {', '.join(unknown)}; use 'high' or flags from "
                f"flows/extraction/vocab/risk_rules.yaml: {', '.join(sorted(known))}"
            )
        return names

    clinic_offline: bool = Field(
        True, title="A clinic went offline", description="Unreachable or serving a bot challenge."
    )


class MonitorParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    targets: str = Field(
        "targets/sample.yaml",
        title="Targets file",
        description="YAML file listing the clinics to crawl (relative to the working directory).",
    )
    clinics: list[str] = Field(
        default_factory=list,
        title="Clinic subset",
        description="Clinic ids to crawl this time; empty means every clinic in the file.",
    )
    max_pages: int = Field(DEFAULT_MAX_PAGES, ge=1, le=MAX_PAGES_CAP, title="Page cap per clinic")
    max_depth: int = Field(
        DEFAULT_MAX_DEPTH, ge=0, le=MAX_DEPTH_CAP, title="Link depth from the start pages"
    )
    data_dir: str = Field(
        "data", title="Data folder", description="Where the warehouse and crawl feeds are kept."
    )
    crawl_profile: Literal["auto", "prod", "sample", "test"] = Field(
        "auto",
        title="Crawl settings profile",
        description="auto: 'sample' when every site is on this machine, else 'prod' (polite).",
    )
    logical_date: datetime | None = Field(
        None,
        title="Logical date",
        description="The date this run stands for; leave empty for now. The demo uses it to "
        "replay dated editions of the sample web.",
    )
    label: str | None = Field(None, title="Run label")
    crawl_timeout_s: int = Field(3600, ge=10, title="Crawl time limit (seconds)")
    stage_workers: int = Field(
        0,
        ge=0,
        le=64,
        title="Page-reading processes",
        description="Processes that clean and extract pages while the crawl runs; 0: one per "
        "core, 1: in the flow's own process.",
    )
    sample_edition: int | None = Field(
        None,
        ge=1,
        title="Sample web edition",
        description="Bundled sample web only: switch it to this edition before crawling. "
        "Leave empty for real sites.",
    )
    keep_crawl_files: bool = Field(
        False,
        title="Keep crawl working files",
        description="Keep the run's crawl feed, Scrapy log and staged files under "
        "data/crawls/<run_id>/ after a successful load (they are always kept when a run fails).",
    )
    alerts: AlertRules = Field(default_factory=AlertRules, title="Alerts")

    _usable_data_dir = field_validator("data_dir")(lambda v: str(check_data_dir(Path(v))))
