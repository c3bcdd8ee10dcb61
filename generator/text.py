"""Render a trainer's text (inline Markdown) to HTML that cannot carry markup or script.

Raw HTML in the text is shown as text, links may only go to web pages, mail or pages of
the site, and images are reduced to their description.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlsplit

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

SAFE_SCHEMES = {"http", "https", "mailto", "tel"}
# Text with none of Markdown's special characters renders to itself, escaped: skipping
# the parser there makes rendering hundreds of scenarios several times faster.
_PLAIN = re.compile(r"(?:[^\W_]|[ ,.;:?!'\"()/%$@=\u2010-\u2014\u2018-\u201d\u20ac\u00a3-])*")
_IGNORED_IN_URL = re.compile(r"[\x00-\x20\x7f]")
_BLOCK_START = re.compile(r"\s*([-+*>#=]|\d+[.)])")
# One-line text that Markdown would otherwise turn into a block: "# x", "> x", "- x",
# "* x", "+ x", a rule such as "***" or "___", and "1. x".
_HEADING_OR_QUOTE = re.compile(r"[#>]")
_BULLET_OR_RULE = re.compile(r"[-+*](\s|$)|([-*_])( ?\2){2,}$")
_NUMBERED = re.compile(r"\d+(?=\.(\s|$))")


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The site URL of a docs file, as MkDocs computes it."""
    stem = src_uri[: -len(".md")] if src_uri.endswith(".md") else src_uri
    if not use_directory_urls:
        return stem + ".html"
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def relative_url(target: str, from_url: str) -> str:
    """``target`` (a site URL) as a link from the page at ``from_url``.

    Up to the site root, then down: not always the shortest link, but correct for every
    page and far cheaper than ``posixpath.relpath`` on a site of a thousand pages.
    """
    return "../" * from_url.count("/") + target or "./"


@dataclass(frozen=True)
class LinkTarget:
    """Where a link in a trainer's text goes, judged as a browser would read it."""

    kind: Literal["blocked", "web", "page", "file", "absolute", "unrecognized", "fragment"]
    href: str
    """The address as the browser reads it (entities decoded, outer spaces removed)."""
    path: str = ""
    """page and file: the target's path in the docs folder (may start with ../)."""
    fragment: str = ""
    scheme: str = ""
    """blocked: the scheme that is not allowed ("" for an address starting with //)."""


def link_target(href: str, page_src_uri: str) -> LinkTarget:
    """Judge a link found in the text of the page ``page_src_uri`` (a docs path)."""
    decoded = href
    while (step := html.unescape(decoded)) != decoded:
        decoded = step
    href = decoded.strip()
    probe = _IGNORED_IN_URL.sub("", href)
    if probe.replace("\\", "/").startswith("//"):
        return LinkTarget("blocked", href)
    parts = urlsplit(probe)
    if parts.scheme or ":" in probe.split("/")[0].split("?")[0].split("#")[0]:
        scheme = parts.scheme.lower() or probe.split(":")[0].lower()
        return LinkTarget("web" if scheme in SAFE_SCHEMES else "blocked", href, scheme=scheme)
    if not parts.path:
        return LinkTarget("fragment", href, fragment=parts.fragment)
    if parts.path.startswith("/"):
        return LinkTarget("absolute", href, path=parts.path.lstrip("/"), fragment=parts.fragment)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page_src_uri), parts.path))
    if parts.path.endswith(".md"):
        return LinkTarget("page", href, path=target, fragment=parts.fragment)
    if "." in posixpath.basename(parts.path):
        return LinkTarget("file", href, path=target, fragment=parts.fragment)
    return LinkTarget("unrecognized", href, path=target, fragment=parts.fragment)


class _Collect(Treeprocessor):
    def __init__(self, md: markdown.Markdown, found: list[str]) -> None:
        super().__init__(md)
        self.found = found

    def run(self, root: ET.Element) -> None:
        self.found += [a.get("href", "") for a in root.iter("a") if "href" in a.attrib]


class _NoHtml(Extension):
    """Raw HTML stays text, and ``make`` adds the tree processor that handles the links."""

    def __init__(self, name: str, make: Callable[[markdown.Markdown], Treeprocessor]) -> None:
        super().__init__()
        self.name, self.make = name, make

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(self.make(md), self.name, 0)


_found: list[str] = []
_finder: markdown.Markdown | None = None


def links_in(text: str) -> list[str]:
    """The address of every link Markdown makes of ``text``, as written.

    Only real links count: ``<File: Save as PDF>`` is text, not a ``file:`` link.
    """
    global _finder
    if "[" not in text and "<" not in text:
        return []  # no link, autolink or reference can be written without them
    if _finder is None:
        _finder = markdown.Markdown(
            extensions=[_NoHtml("find_links", lambda md: _Collect(md, _found))]
        )
    _found.clear()
    _finder.reset()
    _finder.convert(text)
    # An e-mail autolink's address is entity-obfuscated with Markdown's placeholder for &.
    return [href.replace(markdown.util.AMP_SUBSTITUTE, "&") for href in _found]


class _SafeLinks(Treeprocessor):
    def __init__(self, md: markdown.Markdown, renderer: TextRenderer) -> None:
        super().__init__(md)
        self.renderer = renderer

    def run(self, root: ET.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "img":
                    # Keep the description as text, drop the picture itself.
                    index = list(parent).index(child)
                    parent.remove(child)
                    alt = child.get("alt", "")
                    if index == 0:
                        parent.text = (parent.text or "") + alt + (child.tail or "")
                    else:
                        prev = parent[index - 1]
                        prev.tail = (prev.tail or "") + alt + (child.tail or "")
        for link in root.iter("a"):
            href = self.renderer.link(link.get("href", ""))
            if href is None:
                link.attrib.pop("href", None)
            else:
                link.set("href", href)
                if urlsplit(href).scheme:  # leaves the site: print shows where to
                    link.set("class", "rp-ext")


class TextRenderer:
    """Renders trainer text for one page of the site.

    ``written_for`` is the page the text's relative links were written from, when that
    is not the page it is shown on: a scenario's text, written for its own page, also
    appears on its facilitator page.
    """

    def __init__(
        self, page_src_uri: str, use_directory_urls: bool = True, written_for: str | None = None
    ) -> None:
        self.page_src_uri = page_src_uri
        self.written_for = written_for or page_src_uri
        self.use_directory_urls = use_directory_urls
        self.page_url = page_url(page_src_uri, use_directory_urls)
        self._parser: markdown.Markdown | None = None

    @property
    def _md(self) -> markdown.Markdown:
        # Built on first use: most text takes the plain fast path and never needs it.
        if self._parser is None:
            self._parser = markdown.Markdown(
                extensions=[_NoHtml("safe_links", lambda md: _SafeLinks(md, self))],
                output_format="html",
            )
        return self._parser

    def link(self, href: str) -> str | None:
        """A safe address for a link, or None when the link must lose its address."""
        target = link_target(href, self.written_for)
        if target.kind == "blocked" or (target.kind == "page" and target.path.startswith("..")):
            return None
        if target.kind == "page":
            url = relative_url(page_url(target.path, self.use_directory_urls), self.page_url)
            return url + (f"#{target.fragment}" if target.fragment else "")
        return target.href

    def block(self, text: str) -> Markup:
        """Text that may hold paragraphs, as HTML."""
        text = text.strip()
        if _PLAIN.fullmatch(text) and not _BLOCK_START.match(text):
            return Markup(f"<p>{html.escape(text, quote=False)}</p>")
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """A short text (a line, a choice, a title) as HTML without a wrapping paragraph.

        It stays inline whatever it starts with: "#NoFines week" is not a heading and
        "1. Ask" is not a list.
        """
        flat = " ".join(text.split())
        out = str(self.block(_not_a_block(flat)))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)


def _not_a_block(line: str) -> str:
    """Escape what would make one line of Markdown a heading, list, quote or rule."""
    if _HEADING_OR_QUOTE.match(line) or _BULLET_OR_RULE.match(line):
        return "\\" + line
    numbered = _NUMBERED.match(line)
    if numbered:
        return line[: numbered.end()] + "\\" + line[numbered.end() :]
    return line


def safe_title(text: str) -> str:
    """A title that stays text wherever MkDocs and Material place it (they do not escape).

    Angle brackets become look-alike quotes, so even a template that un-escapes the title
    (Material's ``striptags`` in ``<title>``) cannot produce a tag.
    """
    flat = " ".join(text.split()).replace("<", "\u2039").replace(">", "\u203a")
    return html.escape(flat, quote=True)
