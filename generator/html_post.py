"""HTML clean-ups on the pages MkDocs renders: folded indentation, marked outside links."""

from __future__ import annotations

import re

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
