"""Class and id words: how page builders name their parts, and so what a part is (chrome, promo
bar, site header, FAQ, pricing, collapsed content)."""

import re
from typing import Any


def _words(*alternatives: str) -> re.Pattern[str]:
    """Match any alternative at the start of a word of a class or id attribute: "cookie" in
    "cookie-bar" and in "CookieNotice", not in "fortune-cookies" nor after a negation
    ("not-footer", "no-sidebar", "has-sidebar")."""
    return re.compile(
        r"(?<![a-z0-9])(?<!not-)(?<!no-)(?<!non-)(?<!has-)(?<!with-)(?:"
        + "|".join(alternatives)
        + r")",
        re.I,
    )


# Class or id words of page chrome. Short words must be whole words, longer ones may prefix.
# Overlays and widgets: chrome wherever they are.
OVERLAY_WORDS = _words(
    # consent and cookie banners
    r"cookie",
    r"consent",
    r"gdpr",
    r"onetrust",
    r"didomi",
    r"cmplz",
    r"truste(?![a-z])",
    r"osano",
    r"iubenda",
    # newsletter boxes, pop-ups, overlays
    r"newsletter",
    r"subscribe",
    r"signup",
    r"sign-up",
    r"popup",
    r"pop-up",
    r"modal",
    r"lightbox",
    # accessibility-only text ("opens in a new tab")
    r"screen-?reader",
    r"sr-only",
    r"visually-?hidden",
    r"visuallyhidden",
    # social and sharing
    r"social(?!-?proof)",
    r"share(?![a-z])",
    r"sharing",
    r"sharedaddy",
    r"addtoany",
    # ads
    r"advert",
    r"ads?(?![a-z0-9])",
    r"adsbygoogle",
    r"sponsored",
)
# Page structure: chrome around the content, but a pricing card's footer or a FAQ's "toggle
# menu" is part of the offer.
STRUCTURE_WORDS = _words(
    # navigation
    r"breadcrumb",
    r"navbar",
    r"navigation",
    r"nav(?![a-z0-9])",
    r"menu",
    r"mega-?menu",
    r"off-?canvas",
    r"sidebar",
    r"skip(?:-?link|-?to|-?nav)",
    r"pagination",
    r"pager(?![a-z0-9])",
    r"toolbar",
    # accounts, search, carts, booking and chat widgets
    r"search",
    r"login",
    r"log-in",
    r"signin",
    r"sign-in",
    r"mini-?cart",
    r"cart(?![a-z0-9])",
    r"booking",
    r"book-now",
    r"chat-?widget",
    r"live-?chat",
    # article furniture
    r"comments?(?![a-z])",
    r"comment-",
    r"disqus",
    r"related",
    r"author-?(?:bio|box|info)",
    r"byline",
    r"tag-?(?:list|cloud)",
    r"tags(?![a-z0-9])",
    r"print(?![a-z0-9])",
    r"metadata",
    # footers
    r"footer",
    r"copyright",
)
# Chrome words that tab strips and "sticky nav" wrappers share with menus; such an element is
# kept when it holds real paragraphs (the sections its tabs switch between).
NAV_WORDS = re.compile(r"nav|menu|tab", re.I)

PROMO_WORDS = _words(
    r"promo",
    r"announce",
    r"offer",
    r"deals?(?![a-z0-9])",
    r"coupon",
    r"discount",
    r"hello-?bar",
    r"top-?bar",
    r"notice-?bar",
    r"notification-?bar",
    r"alert-?bar",
    r"ribbon",
)
HEADER_WORDS = _words(
    r"(?:site-?|page-?|global-?|main-?)?header(?![a-z0-9])",
    r"masthead",
    r"hero",
    r"tagline",
    r"jumbotron",
    r"intro(?![a-z0-9])",
)
FAQ_WORDS = _words(r"faq", r"accordion", r"question", r"answer")
QUESTION_WORDS = _words(
    r"question", r"title", r"heading", r"header", r"toggle", r"trigger", r"summary", r"button"
)
ANSWER_WORDS = _words(r"answer")
PANEL_WORDS = _words(r"content", r"body", r"panel", r"collaps", r"text")
PRICING_WORDS = _words(r"pric", r"plans?(?![a-z0-9])", r"tuition", r"fees?(?![a-z0-9])")
# Content that scripts show on demand: tab panels, carousel slides, drawers, collapsed panels.
COLLAPSED_WORDS = _words(
    r"tab", r"slide", r"carousel", r"collaps", r"drawer", r"panel", r"expand", r"accordion"
)


def marker_of(el: Any) -> str:
    """The element's class and id, the words page builders name their parts with."""
    attrib = el.attrib
    cls = attrib.get("class")
    ident = attrib.get("id")
    if cls and ident:
        return f"{cls} {ident}"
    return cls or ident or ""
