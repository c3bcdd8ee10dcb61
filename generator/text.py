"""Render a trainer's text (inline Markdown) to HTML that cannot carry markup or script.

Raw HTML in the text is shown as text, links may only go to web pages, mail or pages of
the site, and images are reduced to their description.
"""

from __future__ import annotations

import html
import posixpath
import re
import xml.etree.ElementTree as ET
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


class _NoHtml(Extension):
    def __init__(self, renderer: TextRenderer) -> None:
        super().__init__()
        self.renderer = renderer

    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_SafeLinks(md, self.renderer), "safe_links", 0)


class TextRenderer:
    """Renders trainer text for one page of the site."""

    def __init__(self, page_src_uri: str, use_directory_urls: bool = True) -> None:
        self.page_src_uri = page_src_uri
        self.use_directory_urls = use_directory_urls
        self.page_url = page_url(page_src_uri, use_directory_urls)
        self._parser: markdown.Markdown | None = None

    @property
    def _md(self) -> markdown.Markdown:
        # Built on first use: most text takes the plain fast path and never needs it.
        if self._parser is None:
            self._parser = markdown.Markdown(extensions=[_NoHtml(self)], output_format="html")
        return self._parser

    def link(self, href: str) -> str | None:
        """A safe address for a link, or None when the link must lose its address."""
        # Judge the address as the browser will read it: entities decoded (until nothing
        # changes) and the whitespace and control characters it ignores removed.
        decoded = href
        while (step := html.unescape(decoded)) != decoded:
            decoded = step
        href = decoded.strip()
        probe = _IGNORED_IN_URL.sub("", href)
        if not probe or probe.replace("\\", "/").startswith("//"):
            return None
        parts = urlsplit(probe)
        if parts.scheme or ":" in probe.split("/")[0].split("?")[0].split("#")[0]:
            return href if parts.scheme.lower() in SAFE_SCHEMES else None
        if parts.path.endswith(".md"):
            here = posixpath.dirname(self.page_src_uri)
            target = posixpath.normpath(posixpath.join(here, parts.path))
            if target.startswith(".."):
                return None
            url = relative_url(page_url(target, self.use_directory_urls), self.page_url)
            return url + (f"#{parts.fragment}" if parts.fragment else "")
        return href

    def block(self, text: str) -> Markup:
        """Text that may hold paragraphs, as HTML."""
        text = text.strip()
        if _PLAIN.fullmatch(text) and not _BLOCK_START.match(text):
            return Markup(f"<p>{html.escape(text, quote=False)}</p>")
        self._md.reset()
        return Markup(self._md.convert(text))

    def inline(self, text: str) -> Markup:
        """A short text (a line, a choice, a title) as HTML without a wrapping paragraph."""
        out = str(self.block(" ".join(text.split())))
        if out.startswith("<p>") and out.endswith("</p>") and out.count("<p>") == 1:
            out = out[3:-4]
        return Markup(out)


def safe_title(text: str) -> str:
    """A title that stays text wherever MkDocs and Material place it (they do not escape).

    Angle brackets become look-alike quotes, so even a template that un-escapes the title
    (Material's ``striptags`` in ``<title>``) cannot produce a tag.
    """
    flat = " ".join(text.split()).replace("<", "\u2039").replace(">", "\u203a")
    return html.escape(flat, quote=True)
