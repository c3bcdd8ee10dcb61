"""Trainer text as HTML: one-line fields stay inline, and only real links are judged."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from generator.errors import ScenarioError
from generator.load import load_scenario_bytes
from generator.text import TextRenderer, links_in

from .build import build_site
from .helpers import MINIMAL

Project = Callable[..., Path]

BLOCK_LIKE = [
    "#NoFines week, right? Can you help?",
    "# Heading",
    "#1 tip",
    "1. First, check the card",
    "2026. A year to remember",
    "- a dash first",
    "* a star first",
    "+ a plus first",
    "> quoted",
    "***",
    "---",
    "___",
    "- - -",
]


@pytest.mark.parametrize("text", BLOCK_LIKE)
def test_one_line_text_never_becomes_a_block(text: str) -> None:
    html = str(TextRenderer("scenarios/x.md").inline(text))
    assert not re.search(r"<(h\d|ul|ol|li|blockquote|hr|p)\b", html), html
    shown = html.replace("&gt;", ">")
    assert shown == text


@pytest.mark.parametrize(
    ("text", "html"),
    [
        ("*emphasis* first", "<em>emphasis</em> first"),
        ("**strong** first", "<strong>strong</strong> first"),
        ("1.5 hours left", "1.5 hours left"),
        ("[yes-first](../yes-first.md) is the idea", '<a href="../../yes-first/">yes-first</a>'),
    ],
)
def test_inline_markdown_still_works_at_the_start(text: str, html: str) -> None:
    assert html in str(TextRenderer("scenarios/x.md").inline(text))


def test_a_patron_line_and_title_that_look_like_blocks_keep_their_words(
    project: Project,
) -> None:
    scenario = (
        MINIMAL.read_text("utf-8")
        .replace("title: Minimal", 'title: "#1 tip"')
        .replace('patron: "Can you help?"', 'patron: "#NoFines week, right? Can you help?"')
        .replace("feedback: You started from yes.", 'feedback: "- Started from yes."')
        .replace("- text: Not now.", '- text: "1. Not now."')
    )
    site = build_site(project(minimal=scenario))
    page = (site / "scenarios" / "minimal" / "index.html").read_text()
    line = re.search(r'<p class="rp-line">(.*?)</p>', page, re.S)
    assert line and "#NoFines week, right? Can you help?" in line.group(1)
    assert "<h1" not in line.group(1)
    assert "<summary>1. Not now.</summary>" in page
    assert "<p>- Started from yes.</p>" in page
    for listing in ("topics/yes-first", "progress"):
        html = (site / listing / "index.html").read_text()
        item = re.search(r'<li><a href="[^"]*scenarios/minimal/">(.*?)</a>', html)
        assert item and item.group(1) == "#1 tip", listing


@pytest.mark.parametrize(
    "text", ["<File: Save as PDF>", "<data: your card number>", "Use <javascript: off> mode"]
)
def test_text_that_markdown_does_not_make_a_link_is_not_judged_as_one(text: str) -> None:
    assert links_in(text) == []
    raw = MINIMAL.read_text("utf-8").replace(
        "feedback: You started from yes.", f'feedback: "Choose {text} first."'
    )
    loaded = load_scenario_bytes(raw.encode(), "x.yml", "x")
    feedback = loaded.scenario.steps["ask"].choices[0].feedback  # type: ignore[index]
    html = str(TextRenderer("scenarios/x.md").inline(feedback))
    assert text.replace("<", "&lt;").replace(">", "&gt;") in html


@pytest.mark.parametrize(
    ("link", "scheme"),
    [
        ("[x](javascript:alert(1))", "javascript:"),
        ("[x](JAVA&#09;SCRIPT:alert(1))", "javascript:"),
        ("[x](ftp://files.example.org/)", "ftp:"),
        ("[x][ref]\n\n[ref]: data:text/html,hi", "data:"),
        ("[x](//evil.example.org/)", '"//"'),
    ],
)
def test_real_links_with_unsafe_addresses_are_refused(link: str, scheme: str) -> None:
    block = "    debrief: |\n      " + link.replace("\n", "\n      ")
    raw = MINIMAL.read_text("utf-8").replace("    debrief: Offer what you can do.", block)
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(raw.encode(), "x.yml", "x")
    [problem] = caught.value.problems
    assert problem.message.startswith("steps.gone.debrief: links may not use ")
    assert scheme in problem.message


@pytest.mark.parametrize(
    "text", ["[x](JAVA&#09;SCRIPT:alert(1))", "[x](data:text/html,hi)", "[x](//evil.example.org)"]
)
def test_the_renderer_drops_unsafe_addresses_even_past_the_loader(text: str) -> None:
    html = str(TextRenderer("scenarios/x.md").inline(text))
    assert html == "<a>x</a>"


def test_slugs_with_a_trailing_newline_are_refused() -> None:
    raw = MINIMAL.read_text("utf-8").replace("  ask:\n", '  "ask\\n":\n')
    raw = raw.replace("start: ask", 'start: "ask\\n"')
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(raw.encode(), "x.yml", "x")
    [problem] = caught.value.problems
    assert problem.message.startswith("steps.ask\\u000a: a step id must be a lower-case slug")
    with pytest.raises(ScenarioError) as caught:
        load_scenario_bytes(MINIMAL.read_bytes(), "name\n.yml", "name\n")
    assert "must be a lower-case slug" in caught.value.problems[0].message
