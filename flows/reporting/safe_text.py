"""Text from crawled pages (and from targets files) on its way out of the tool: escaped for the
medium it goes into, so a page can never add markup, scripts, links or mentions to a report or a
chat message; and secrets masked in everything the tool prints.

One function per medium: `markdown` for Prefect's markdown and table artifacts (the UI renders
both as markdown, raw HTML included), `code` for URLs shown in them, `chat` for webhook
messages (Slack's `<...>` markup and `&`, and @-mentions), `mask_url` for secrets in URLs."""

import html
import re
from urllib.parse import urlsplit, urlunsplit

# CommonMark's backslash-escapable punctuation that can start markup in running text; an
# underscore only where it could open or close emphasis (not inside a word: "claim_added").
_MARKDOWN_SPECIAL = re.compile(r"([\\`*{}\[\]()#!|~@]|(?<![A-Za-z0-9])_|_(?![A-Za-z0-9]))")
# GitHub-flavoured markdown turns "scheme://..." and "www." into links by itself.
_AUTOLINK = re.compile(r"(?<=[A-Za-z])(:)(?=//)|\b(?<=www)(\.)", re.I)
_MENTION = re.compile(r"@(?=(?:everyone|here|channel|all)\b)", re.I)


def markdown(value: object) -> str:
    """Running text that renders as exactly these characters: HTML is shown, not run; links,
    images, emphasis and table pipes are inert."""
    text = html.escape("" if value is None else str(value), quote=False)
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return _AUTOLINK.sub(lambda m: "\\" + m.group(0), text)


def code(value: object) -> str:
    """A URL or path shown as code: never a link, whatever it holds."""
    text = ("" if value is None else str(value)).replace("`", "%60").replace("\n", " ")
    return f"`{text}`" if text else ""


def chat(value: object) -> str:
    """Text for a chat webhook: Slack-style control characters escaped (`<!channel>`,
    `<url|label>`), @everyone-style mentions broken with a zero-width space."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MENTION.sub("@\u200b", text)


def mask_url(url: str) -> str:
    """A webhook or service URL without what makes it a secret: user info, path tokens and
    the query are replaced by ***, the scheme and host stay so the operator knows which it is."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    path = "/***" if parts.path not in ("", "/") else parts.path
    return urlunsplit((parts.scheme, host, path, "***" if parts.query else "", ""))
