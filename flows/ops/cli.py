"""`kam`: the command line of the ketamine-ad monitor."""

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from crawlers.limits import DEFAULT_MAX_DEPTH, DEFAULT_MAX_PAGES, MAX_DEPTH_CAP, MAX_PAGES_CAP
from flows.ops import runtime
from flows.ops.stack_cli import stack_app

runtime.configure()

app = typer.Typer(
    help="Monitor ketamine-clinic marketing: crawl, store, inspect.", no_args_is_help=True
)

TargetsOpt = Annotated[Path, typer.Option("--targets", "-t", help="Targets YAML file")]
Command = TypeVar("Command", bound=Callable[..., Any])


def _user_errors() -> tuple[type[Exception], ...]:
    from crawlers.run import CrawlError
    from crawlers.targets import TargetsError
    from flows.extraction.vocabulary import VocabularyError
    from warehouse.db import WarehouseUnavailable
    from warehouse.export import ExportError

    return (TargetsError, VocabularyError, WarehouseUnavailable, ExportError, CrawlError)


def friendly(command: Command) -> Command:
    """Input and set-up mistakes end with the message that names the file, field or path and
    what to do, and exit status 2, not a traceback."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        from pydantic import ValidationError

        try:
            return command(*args, **kwargs)
        except ValidationError as exc:
            for error in exc.errors():
                field = ".".join(str(part) for part in error["loc"])
                option = "--" + field.replace("_", "-")
                message = error["msg"].removeprefix("Value error, ")
                typer.echo(f"error: {option}: {message}", err=True)
            raise typer.Exit(2) from exc
        except _user_errors() as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(2) from exc

    return run  # type: ignore[return-value]


def _connect() -> None:
    """Before Prefect is imported: report to a running (or kept) Prefect server."""
    from flows.ops.server import connect

    try:
        connect(lambda line: typer.echo(line, err=True))
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc


@app.command()
@friendly
def demo(
    targets: TargetsOpt = Path("targets/sample.yaml"),
    data_dir: Annotated[Path, typer.Option(help="Demo warehouse folder (recreated)")] = Path(
        "data/demo"
    ),
) -> None:
    """Serve the sample web, crawl each dated edition through the monitor flow, print the result."""
    _connect()
    from flows.ops.demo import run_demo

    run_demo(targets, data_dir)


@app.command("monitor")
@friendly
def monitor_cmd(
    targets: TargetsOpt = Path("targets/sample.yaml"),
    clinic: Annotated[
        list[str] | None, typer.Option(help="Only this clinic id (repeatable)")
    ] = None,
    max_pages: Annotated[
        int, typer.Option(help="Page cap per clinic", min=1, max=MAX_PAGES_CAP)
    ] = DEFAULT_MAX_PAGES,
    max_depth: Annotated[
        int, typer.Option(help="Link depth from the start pages", min=0, max=MAX_DEPTH_CAP)
    ] = DEFAULT_MAX_DEPTH,
    data_dir: Annotated[Path, typer.Option(help="Warehouse folder", envvar="KAM_DATA_DIR")] = Path(
        "data"
    ),
) -> None:
    """Run the monitor flow once against a targets file."""
    from crawlers.targets import load_targets
    from flows.extraction.vocabulary import load_vocabulary
    from flows.params import MonitorParams

    params = MonitorParams(
        targets=str(targets),
        clinics=clinic or [],
        max_pages=max_pages,
        max_depth=max_depth,
        data_dir=str(data_dir),
    )
    # Checked here too (the flow checks them for runs started in the UI), so a mistake is one
    # line on the terminal, before any server starts or any site is asked for anything.
    load_targets(targets, clinic or None)
    load_vocabulary()
    _connect()
    from flows.monitor import monitor

    monitor(params)


@app.command("reprocess")
@friendly
def reprocess_cmd(
    data_dir: Annotated[Path, typer.Option(help="Warehouse folder", envvar="KAM_DATA_DIR")] = Path(
        "data"
    ),
) -> None:
    """Re-extract stored page versions with the current rules, without crawling."""
    _connect()
    from flows.reprocess import ReprocessParams, reprocess

    reprocess(ReprocessParams(data_dir=str(data_dir)))


@app.command("check-targets")
def check_targets(path: Path) -> None:
    """Validate a targets file without crawling."""
    from crawlers.targets import TargetsError, load_targets

    try:
        found = load_targets(path)
    except TargetsError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{path}: {len(found)} clinics OK ({', '.join(t.id for t in found)})")


@app.command("serve-sample")
def serve_sample(
    edition: Annotated[int, typer.Option(help="Edition of the sample web to serve")] = 1,
    targets: TargetsOpt = Path("targets/sample.yaml"),
) -> None:
    """Serve the sample web until Ctrl-C, e.g. to try `scrapy crawl clinic` by hand."""
    import time

    from flows.ops.demo import sample_ports
    from sampleweb.server import SampleWeb

    with SampleWeb(ports=sample_ports(targets), edition_number=edition) as web:
        for clinic_id in sorted(web.ports):
            typer.echo(f"{clinic_id:12} {web.url(clinic_id)}")
        typer.echo(f"Serving edition {edition}; Ctrl-C to stop.")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


@app.command()
@friendly
def summary(
    database: Annotated[Path, typer.Argument(help="Published warehouse file")] = Path(
        "data/monitor.duckdb"
    ),
) -> None:
    """Print runs, latest outcomes and table sizes of a warehouse."""
    from flows.ops.demo import print_summary

    if not database.exists():
        typer.echo(
            f"{database} does not exist yet; run `kam monitor` or `kam demo` first.", err=True
        )
        raise typer.Exit(2)
    print_summary(database)


@app.command()
@friendly
def export(
    name: Annotated[str, typer.Argument(help="Table or view to export, e.g. claims")],
    out: Annotated[Path, typer.Argument(help="Output file; .parquet or .csv")],
    database: Annotated[Path, typer.Option(help="Published warehouse file")] = Path(
        "data/monitor.duckdb"
    ),
) -> None:
    """Export a table or view of the warehouse to Parquet or CSV."""
    from warehouse.export import ExportError, export_relation

    try:
        rows = export_relation(database, name, out)
    except ExportError as exc:
        typer.echo(str(exc), err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"{out}: {rows} rows from {name}")


@app.command()
@friendly
def examples(
    database: Annotated[Path, typer.Option(help="Published warehouse file")] = Path(
        "data/demo/monitor.duckdb"
    ),
    write: Annotated[Path | None, typer.Option(help="Write the results as Markdown here")] = None,
) -> None:
    """Run the seven analyst questions (warehouse/sql/examples/) and print their answers."""
    from warehouse.examples import run_examples, to_markdown

    if not database.exists():
        typer.echo(f"{database} does not exist yet; run `make demo` first.", err=True)
        raise typer.Exit(2)
    markdown = to_markdown(run_examples(database), str(database))
    if write:
        write.write_text(markdown, encoding="utf-8")
        typer.echo(f"wrote {write}")
    else:
        typer.echo(markdown)


app.add_typer(stack_app, name="stack")


if __name__ == "__main__":
    app()
