"""Alert rules: pick the changes of a run an operator asked to hear about, word the message,
and send it through a Prefect notification block."""

from typing import Any

from prefect import get_run_logger, task
from prefect.runtime import flow_run
from prefect.utilities.urls import url_for

from flows.changes.kinds import CLAIM_RISE, OFFLINE, PRICE_MOVES
from flows.params import AlertRules
from flows.reporting.run_report import Report
from flows.reporting.safe_text import chat


class AlertBlockMissing(LookupError):
    pass


def wanted_flags(rules: AlertRules, high_flags: set[str]) -> set[str]:
    """The flags the rule names, with 'high' standing for every high-severity flag (names are
    checked against the vocabulary when the parameters are read)."""
    named = set(rules.new_claim_flags)
    return (named - {"high"}) | (high_flags if "high" in named else set())


def matching_changes(
    report: Report, rules: AlertRules, flags: set[str]
) -> list[tuple[str, dict[str, Any]]]:
    """(reason, change) for every change of the report that one of the rules covers."""
    found = []
    for change in report.changes:
        hit = flags & set(change["risk_flags"] or [])
        if change["kind"] in CLAIM_RISE and hit:
            found.append((f"new claim flagged {', '.join(sorted(hit))}", change))
        elif rules.price_change and change["kind"] in PRICE_MOVES:
            found.append(("price change", change))
        elif rules.clinic_offline and change["kind"] in OFFLINE:
            found.append(("clinic offline", change))
    return found


def _describe(reason: str, change: dict[str, Any]) -> str:
    # Names, values, evidence and URLs come from targets files and pages: escaped for chat.
    who = f"{chat(change['name'])} ({chat(change['clinic_id'])})"
    before, after = chat(change["before_value"]), chat(change["after_value"])
    if change["kind"] in PRICE_MOVES:
        what = f"{change['kind']} {before} -> {after}"
        evidence = change["after_evidence"] or ""
    elif change["kind"] in OFFLINE:
        what = f"{change['kind']}: was {before}, now {after}"
        evidence = ""
    else:
        what = f"{change['kind']} [{', '.join(change['categories'] or [])}]"
        evidence = change["after_evidence"] or ""
    line = f"- {reason}: {who}: {what}"
    if evidence:
        line += f'\n  "{chat(" ".join(evidence.split())[:300])}"'
    if change["url"]:
        line += f"\n  {chat(change['url'])}"
    return line


def compose(
    report: Report, matches: list[tuple[str, dict[str, Any]]], link: str | None
) -> tuple[str, str]:
    """Subject and body of one message for all matching changes of a run."""
    clinics = sorted({c["clinic_id"] for _, c in matches})
    subject = f"Ketamine ad monitor: {len(matches)} notable change(s) at {len(clinics)} clinic(s)"
    body = [f"{chat(report.title)} ({chat(report.period)})", ""]
    body += [_describe(reason, change) for reason, change in matches]
    if link:
        body += ["", f"Run report: {link}"]
    return subject, "\n".join(body)


def load_block(block_name: str) -> Any:
    """The notification block named "type-slug/name", e.g. "custom-webhook/kam-alerts"."""
    from prefect.blocks.core import Block, UnknownBlockType

    try:
        block: Any = Block.load(block_name)
    except (ValueError, KeyError, UnknownBlockType) as exc:
        raise AlertBlockMissing(
            f"no notification block {block_name!r}: {exc}. Create one in the Prefect UI (Blocks) "
            "or with `kam stack up --webhook URL`, or clear the alerts' block setting."
        ) from exc
    if not hasattr(block, "notify"):
        raise AlertBlockMissing(f"block {block_name!r} is not a notification block")
    return block


# ----- sending ----------------------------------------------------------------------------


def _run_link() -> str | None:
    run_id = flow_run.get_id()
    # Prefect's runtime helper points at a route this UI version lacks; url_for matches the UI.
    return url_for("flow-run", obj_id=run_id) if run_id else None


@task(retries=2, retry_delay_seconds=5)
def deliver_alert(block: Any, subject: str, body: str) -> None:
    block.notify(body=body, subject=subject)


def send_alerts(report: Report, rules: AlertRules) -> str:
    """Send one message if any change matches the rules, and say what happened, for the report.
    The data is stored by now, so a failed delivery is reported there, not as a failed run."""
    if not rules.block:
        return "Alerts are off (no notification block set)."
    matches = matching_changes(report, rules, wanted_flags(rules, report.high_flags))
    if not matches:
        return f"No change matched the alert rules; nothing sent to {rules.block}."
    try:
        block = load_block(rules.block)
    except AlertBlockMissing as exc:  # set-up, not a transient failure: no retries
        get_run_logger().warning("alert (%d changes) not sent: %s", len(matches), exc)
        return f"Alert NOT sent ({len(matches)} change(s)): {exc}"
    subject, body = compose(report, matches, _run_link())
    delivery = deliver_alert(block, subject, body, return_state=True)
    if delivery.is_failed():
        get_run_logger().error(
            "alert for %d change(s) not sent: %s", len(matches), delivery.message
        )
        return f"Alert NOT sent to {rules.block} ({len(matches)} change(s)): {delivery.message}"
    return f"Alert sent to {rules.block}: {len(matches)} change(s)."
