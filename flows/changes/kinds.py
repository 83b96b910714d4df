"""The change vocabulary, in one place: every kind a `changes` row can have, the stream it
belongs to, and the groups reports, alerts and scoring select by. A kind not listed here cannot
be stored (`Change` refuses it), and a test keeps SCHEMA.md's list equal to this one."""

from enum import StrEnum


class Stream(StrEnum):
    CLAIM = "claim"
    OFFER = "offer"
    PAGE = "page"
    SITE = "site"
    TEXT = "text"


class SiteState(StrEnum):
    """How a clinic's site answered in a run (table clinic_states; decided by
    warehouse/sql/changes/site_states.sql)."""

    OK = "ok"
    UNREACHABLE = "unreachable"
    CHALLENGED = "challenged"
    RATE_LIMITED = "rate_limited"
    UNKNOWN = "unknown"


# States in which the run read nothing of the clinic: it is listed as failing, never emptied.
SITE_DOWN = frozenset({SiteState.UNREACHABLE, SiteState.CHALLENGED, SiteState.RATE_LIMITED})


class ChangeKind(StrEnum):
    CLAIM_ADDED = "claim_added"
    CLAIM_REMOVED = "claim_removed"
    CLAIM_REWORDED = "claim_reworded"
    CLAIM_STRENGTHENED = "claim_strengthened"
    CLAIM_WEAKENED = "claim_weakened"
    HEDGE_ADDED = "hedge_added"
    HEDGE_REMOVED = "hedge_removed"
    DISCLOSURE_ADDED = "disclosure_added"
    DISCLOSURE_REMOVED = "disclosure_removed"
    OFFER_ADDED = "offer_added"
    OFFER_REMOVED = "offer_removed"
    OFFER_EXPIRED = "offer_expired"
    OFFER_REWORDED = "offer_reworded"
    OFFER_CHANGED = "offer_changed"
    PRICE_UP = "price_up"
    PRICE_DOWN = "price_down"
    DISCOUNT_CHANGED = "discount_changed"
    PAGE_ADDED = "page_added"
    PAGE_MOVED = "page_moved"
    PAGE_VANISHED = "page_vanished"
    REDIRECT_OFFSITE = "redirect_offsite"
    SITE_UNREACHABLE = "site_unreachable"
    BOT_CHALLENGE = "bot_challenge"
    ROBOTS_DISALLOW_ADDED = "robots_disallow_added"
    TEXT_CHANGED = "text_changed"

    @property
    def stream(self) -> Stream:
        if self in PAGE_EVENTS:
            return Stream.PAGE
        if self in SITE_EVENTS:
            return Stream.SITE
        if self is ChangeKind.TEXT_CHANGED:
            return Stream.TEXT
        if self in OFFER_KINDS:
            return Stream.OFFER
        return Stream.CLAIM


K = ChangeKind
# A claim that appeared or got stronger: what high-risk reports and alerts look for.
CLAIM_RISE = frozenset({K.CLAIM_ADDED, K.CLAIM_STRENGTHENED})
PRICE_MOVES = frozenset({K.PRICE_UP, K.PRICE_DOWN})
OFFER_KINDS = frozenset({
    K.OFFER_ADDED, K.OFFER_REMOVED, K.OFFER_EXPIRED, K.OFFER_REWORDED, K.OFFER_CHANGED,
    K.PRICE_UP, K.PRICE_DOWN, K.DISCOUNT_CHANGED,
})  # fmt: skip
PAGE_EVENTS = frozenset({K.PAGE_ADDED, K.PAGE_MOVED, K.PAGE_VANISHED, K.REDIRECT_OFFSITE})
SITE_EVENTS = frozenset({K.SITE_UNREACHABLE, K.BOT_CHALLENGE, K.ROBOTS_DISALLOW_ADDED})
# A site that starts answering like this is one change, and its claims are left as they were.
SITE_STATE_EVENTS = {
    SiteState.UNREACHABLE: K.SITE_UNREACHABLE,
    SiteState.CHALLENGED: K.BOT_CHALLENGE,
}
# A clinic that could not be read: what the "clinic offline" alert rule covers.
OFFLINE = frozenset({K.SITE_UNREACHABLE, K.BOT_CHALLENGE})
