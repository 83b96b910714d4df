"""Arguments of the clinic spider, validated like any other input."""

from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from crawlers.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_DEPTH_CAP, MAX_PAGES_CAP


class ClinicSpiderArgs(BaseModel):
    """`scrapy crawl clinic -a targets=targets/sample.yaml -a clinics=a,b` or `-a url=https://...`."""

    model_config = ConfigDict(extra="forbid")

    targets: Path | None = Field(None, description="Targets YAML file to crawl")
    clinics: list[str] = Field(default_factory=list, description="Subset of clinic ids")
    url: str | None = Field(None, description="Crawl one website without a targets file")
    max_pages: int = Field(
        DEFAULT_MAX_PAGES, ge=1, le=MAX_PAGES_CAP, description="Fetch attempts per clinic"
    )
    max_depth: int = Field(
        DEFAULT_MAX_DEPTH, ge=0, le=MAX_DEPTH_CAP, description="Link hops from the start pages"
    )
    validators: Path | None = Field(None, description="JSON of ETag/Last-Modified per URL")
    known_urls: Path | None = Field(
        None, description="JSON of pages each clinic showed before: {clinic id: [[URL, depth]]}"
    )

    @field_validator("clinics", mode="before")
    @classmethod
    def _split(cls, value: object) -> object:
        if isinstance(value, str):
            return [part.strip() for part in value.split(",") if part.strip()]
        return value

    @model_validator(mode="after")
    def _one_source(self) -> "ClinicSpiderArgs":
        if (self.targets is None) == (self.url is None):
            raise ValueError("give exactly one of -a targets=FILE or -a url=WEBSITE")
        return self
