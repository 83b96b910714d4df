"""Cleaning: from a fetched body to zoned text blocks, main text and a diff-friendly text.

Clinic marketing pages put their offers where a generic article extractor throws text away:
the announcement bar above the header, the hero under it, pricing tables, collapsed FAQ answers
and the JSON-LD in the head. So the cleaner walks the whole DOM once (lxml) and

1. drops page chrome: navigation, footers, cookie and consent banners, booking, cart and chat
   widgets, newsletter boxes and other pop-ups, skip links, share bars, small forms, hidden
   elements (but not collapsed FAQ answers, tab panels or slides) and everything that is not
   text (scripts, styles, media). Class and id words decide most of it; an element that holds
   the page's main content (broken markup, "has-sidebar" wrappers) is never dropped as chrome;
2. cuts what is left into blocks (heading, paragraph, list item, table row, question, answer,
   text) and tags each with the zone it sat in: promo (announcement bars), header (the site
   header's tagline and the hero above the content), pricing (price tables, one block per row
   with cells joined by " | ", and pricing sections), faq (details/summary, accordions, FAQ
   markup), aside (complementary boxes such as testimonial rotators) or main;
3. chooses the page's content: drops runs of link-only blocks (menus, tag clouds), short linked
   calls to action ("Get started"), copyright and skip lines, the header's phone and e-mail
   strip and repeated copies of a block (responsive sites ship sections twice); keeps what is
   inside <main> when the page has one. On a page that declares itself an article (schema.org
   Article types, article:published_time, itemprop=articleBody) it keeps only the element that
   holds most of the prose, without sidebars, teasers of other articles or the site header;
4. adds the title, the meta description and human-readable JSON-LD fields as their own zones,
   repairs mojibake with ftfy and joins the blocks with newlines into ``text``.

``main_text`` (what the pipeline stores and the cleaning benchmark scores) holds the blocks of
the main, header, promo, pricing and faq zones; ``comparable_text`` is ``text`` without dates,
counters and copyright lines, for telling real changes from noise between crawls.

The modules, in the order a page goes through them: ``decode`` (bytes to text and a DOM, ftfy
repair), ``jsonld`` (structured data), ``dom``, ``markers`` and ``zones`` (what an element is and
where it sits), ``walk`` (the DOM into raw blocks), ``selection`` and ``article`` (choosing the
content), ``noise`` (``comparable``) and ``page`` (``CleanedPage`` and ``clean_html``).
This package's top level exports the names the pipeline, the tests and the benchmarks use.
"""

from flows.cleaning.decode import decode, is_html
from flows.cleaning.noise import comparable
from flows.cleaning.page import (
    CLEANER_VERSION,
    MAIN_TEXT_ZONES,
    MIN_CHARS_FOR_LANGUAGE_GUESS,
    CleanedPage,
    clean_html,
)

__all__ = [
    "CLEANER_VERSION",
    "MAIN_TEXT_ZONES",
    "MIN_CHARS_FOR_LANGUAGE_GUESS",
    "CleanedPage",
    "clean_html",
    "comparable",
    "decode",
    "is_html",
]
