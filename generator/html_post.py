"""HTML clean-ups on the pages MkDocs renders (folded indentation, marked outside links)
and the kit's style sheet linked in the generated pages that need it."""

from __future__ import annotations

import re

from .site_paths import ASSET_DIR, KIT_STYLE
from .text import page_url, relative_url

# Elements whose whitespace matters, and line breaks followed by indentation.
_KEEP = re.compile(r"<(pre|textarea|script|style)\b.*?</\1>", re.IGNORECASE | re.DOTALL)
_INDENT = re.compile(r"\n[ \t\r\n]+")


def fold_whitespace(html: str) -> str:
    """Fold indentation between lines to one line break; pre, textarea and scripts kept.

    Material's templates indent deeply; on a page whose navigation lists hundreds of
    scenarios that indentation alone is tens of kilobytes. The rendered page is the same.
    """
    out, last = [], 0
    for kept in _KEEP.finditer(html):
        out += [_INDENT.sub("\n", html[last : kept.start()]), kept.group()]
        last = kept.end()
    out.append(_INDENT.sub("\n", html[last:]))
    return "".join(out)


_A_TAG = re.compile(r"<a\b[^>]*>")
_EXTERNAL = re.compile(r'\shref="(?:https?:|mailto:)')
_CLASS = re.compile(r'\sclass="([^"]*)"')


def mark_external_links(html: str) -> str:
    """Give links that leave the site the class ``rp-ext``, so that print can show where
    they go. (Material's instant navigation makes internal links absolute in the browser,
    so a CSS selector on the address cannot tell them apart.)"""

    def mark(tag: re.Match[str]) -> str:
        text = tag.group()
        if not _EXTERNAL.search(text):
            return text
        if _CLASS.search(text):
            return _CLASS.sub(lambda c: f' class="{c.group(1)} rp-ext"', text, count=1)
        return '<a class="rp-ext"' + text[2:]

    return _A_TAG.sub(mark, html)


_FIRST_TAG = re.compile(r"\s*<[A-Za-z][^>]*>")


def link_kit_style(body: str, src: str, use_directory_urls: bool) -> str:
    """The HTML body of the generated page at docs path ``src`` with a link to the kit's
    style sheet (kit.css) as the first thing inside its outer element.

    Only the pages that need the kit's styles load them, and without JavaScript: a
    style sheet linked in the body applies as one in the head does, on screen and on
    paper, and under Material's instant navigation (which swaps the page's content,
    not its head) it comes and goes with the content. Inside the outer element, an
    engine that reads the body as Markdown (``generator pages``) passes it on as HTML
    instead of wrapping it in a paragraph.
    """
    here = page_url(src, use_directory_urls)
    link = f'<link rel="stylesheet" href="{relative_url(f"{ASSET_DIR}/{KIT_STYLE}", here)}">'
    outer = _FIRST_TAG.match(body)
    cut = outer.end() if outer else 0
    return body[:cut] + link + body[cut:]
