"""Real MkDocs builds of small projects, asserting on the generated HTML."""

from __future__ import annotations

import json
import logging
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from html.parser import HTMLParser
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort, PluginError

from .build import build_site
from .helpers import (
    DATA,
    MINIMAL,
    REFERENCE,
    ROOT,
    hostile_scenario,
    log_records,
    site_snapshot,
)

Project = Callable[..., Path]


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each script element."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self._in_script: dict[str, str | None] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._in_script = dict(attrs)
            self.scripts.append((self._in_script, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None

    def handle_data(self, data: str) -> None:
        if self._in_script is not None:
            attrs, text = self.scripts[-1]
            self.scripts[-1] = (attrs, text + data)


def parse(html: str) -> Tags:
    tags = Tags()
    tags.feed(html)
    return tags


def article(html: str) -> str:
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert match, "no article element"
    return match.group(1)


def test_build_makes_one_page_per_scenario_plus_topics_and_progress(project: Project) -> None:
    root = project()
    site = build_site(root)
    page = (site / "scenarios" / "reference-book" / "index.html").read_text()
    assert "<title>Can I take this reference book home? - " in page
    assert (site / "scenarios" / "minimal" / "index.html").exists()
    for slug in ("service-values", "yes-first", "policy-and-technology", "follow-up"):
        assert (site / "topics" / slug / "index.html").exists()
    assert (site / "progress" / "index.html").exists()
    assert (site / "assets" / "roleplay" / "roleplay.js").exists()
    assert 'src="../../assets/roleplay/roleplay.js"' in page
    assert not (root / "content" / "scenarios").exists()


def test_scenario_page_holds_study_version_and_escaped_json(project: Project) -> None:
    site = build_site(project())
    page = (site / "scenarios" / "reference-book" / "index.html").read_text()
    body = article(page)
    # Every step, every choice with its feedback, and every ending, readable without JS.
    for text in (
        "My son&#39;s report on volcanoes" if "&#39;" in body else "My son's report on volcanoes",
        "Sorry, reference books can&#39;t leave" if "&#39;" in body else "Sorry, reference",
        "Blaming the rules makes you a gatekeeper",
        "Forget it. I&#39;ll find it somewhere else." if "&#39;" in body else "Forget it.",
        "Outcome: Success",
        "Outcome: Not resolved",
        "Is it inconvenient for me?",
    ):
        assert text in body
    assert body.count('<details class="rp-choice"><summary>') == 5
    scripts = parse(body).scripts
    assert len(scripts) == 1
    attrs, text = scripts[0]
    assert attrs["type"] == "application/json"
    [data] = json.loads(text)
    assert data["start"] == "request"
    assert data["steps"]["relieved"] == {"ending": "success"}
    # Options are listed in the page's order, which is not the written order.
    [first] = data["questions"][0]["variants"]
    assert first["type"] == "multiple"
    assert sorted(first["correct"]) == [False, True, True, True]


def test_nav_groups_scenarios_by_topic(project: Project) -> None:
    site = build_site(project())
    page = (site / "topics" / "yes-first" / "index.html").read_text()
    nav = page[page.index('class="md-nav md-nav--primary"') :]
    assert "Yes-first: overview" in nav
    assert nav.index("Yes-first: overview") < nav.index("Can I take this reference book home?")
    assert "Your progress" in nav
    topic_page = article(page)
    assert "../../scenarios/reference-book/" in topic_page
    assert 'data-slug="reference-book"' in topic_page


def test_progress_page_lists_every_scenario_by_topic(project: Project) -> None:
    site = build_site(project())
    body = article((site / "progress" / "index.html").read_text())
    assert body.count('class="rp-status"') == 2
    assert "../scenarios/minimal/" in body
    assert "Reset all progress" in body


def test_broken_scenario_fails_the_build_and_keeps_the_old_site(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    site = build_site(root)
    before = site_snapshot(site)
    (root / "scenarios" / "minimal.yml").write_text(
        (DATA / "broken" / "dangling-next.yml").read_text()
    )
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert "scenarios/minimal.yml:17:15: steps.ask.choices[1].next" in caplog.text
    after = site_snapshot(site)
    assert after == before


def test_mkdocs_build_command_reports_located_error_and_exit_code(project: Project) -> None:
    root = project(broken=DATA / "broken" / "unknown-key.yml")
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1
    assert 'scenarios/broken.yml:16:9: steps.ask.choices[1]: unknown key "feedbak"' in run.stderr
    assert "Traceback" not in run.stderr
    assert not (root / "site").exists()


def test_serve_mode_shows_an_error_page_and_recovers(project: Project) -> None:
    root = project()
    good = (root / "scenarios" / "minimal.yml").read_text()
    (root / "scenarios" / "minimal.yml").write_text(good.replace("next: done", "next: doen"))
    site = build_site(root, serve=True)
    page = (site / "scenarios" / "minimal" / "index.html").read_text()
    assert "This scenario could not be built" in page
    assert "scenarios/minimal.yml:17:15:" in page
    assert (site / "scenarios" / "reference-book" / "index.html").exists()
    (root / "scenarios" / "minimal.yml").write_text(good)
    page = (build_site(root, serve=True) / "scenarios" / "minimal" / "index.html").read_text()
    assert "This scenario could not be built" not in page
    assert "Can you help?" in page


def test_shipped_project_builds_strict(tmp_path: Path) -> None:
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert (tmp_path / "progress" / "index.html").exists()


def test_scenario_text_cannot_inject_markup_or_script(project: Project) -> None:
    site = build_site(project(hostile=hostile_scenario()))
    for page in ("scenarios/hostile", "progress", "topics/yes-first", ""):
        html = (site / page / "index.html").read_text()
        tags = parse(html)
        for tag, attrs in tags.tags:
            assert not any(name.startswith("on") for name in attrs), (tag, attrs)
            for value in attrs.values():
                assert not (value or "").strip().lower().startswith("javascript:"), (tag, attrs)
        for attrs, text in tags.scripts:
            assert "alert(" not in text or attrs.get("type") == "application/json"
        body = parse(article(html))
        assert not any(tag in ("img", "svg", "a") and "alert" in str(a) for tag, a in body.tags)
        assert not any(tag in ("img", "svg", "iframe", "object") for tag, _ in body.tags)
        assert all(a.get("type") == "application/json" for a, _ in body.scripts), (
            "only data scripts in generated content"
        )
    scenario = (site / "scenarios" / "hostile" / "index.html").read_text()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in scenario
    data = parse(article(scenario)).scripts[0][1]
    assert "</script" not in data.lower()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return str(response.read().decode())


def _wait_for(url: str, needle: str, seconds: float = 30) -> str:
    deadline = time.monotonic() + seconds
    last = ""
    while time.monotonic() < deadline:
        try:
            last = _get(url)
            if needle in last:
                return last
        except OSError:
            pass
        time.sleep(0.3)
    raise AssertionError(f"{needle!r} not at {url} within {seconds}s; last page:\n{last[:500]}")


def test_real_mkdocs_serve_survives_a_broken_file_and_recovers(project: Project) -> None:
    root = project()
    port = _free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/scenarios/minimal/"
    try:
        _wait_for(url, "Can you help?")
        target = root / "scenarios" / "minimal.yml"
        good = target.read_text()
        target.write_text(good.replace("quality: best", "quality: great"))
        page = _wait_for(url, "This scenario could not be built")
        assert "scenarios/minimal.yml:15:18:" in page
        target.write_text(good.replace("Can you help?", "Can you help me?"))
        _wait_for(url, "Can you help me?")
        assert server.poll() is None, "the server must keep running"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert "scenarios/minimal.yml:15:18:" in output
    assert "Traceback" not in output


def test_reference_example_file_is_not_copied_into_scenarios() -> None:
    assert not (ROOT / "scenarios" / "reference-book.yml").exists()
    assert REFERENCE.exists()


def test_rebuild_reads_only_the_changed_scenario(project: Project) -> None:
    from mkdocs.config import load_config

    root = project()
    build_site(root, serve=True)
    plugin = load_config(str(root / "mkdocs.yml")).plugins["role-play"]
    build_site(root, serve=True)
    assert plugin.last_reloaded == 0
    target = root / "scenarios" / "minimal.yml"
    target.write_text(target.read_text().replace("Can you help?", "Can you help me?"))
    site = build_site(root, serve=True)
    assert plugin.last_reloaded == 1
    assert "Can you help me?" in (site / "scenarios" / "minimal" / "index.html").read_text()


def test_serve_rebuilds_show_an_edited_title_everywhere(project: Project) -> None:
    """Under serve, generated pages' Files are kept between rebuilds: what MkDocs hangs
    on them (their Page) must not leak from one rebuild into the next."""
    root = project()
    build_site(root, serve=True)
    build_site(root, serve=True)
    target = root / "scenarios" / "minimal.yml"
    target.write_text(target.read_text().replace("title: Minimal", "title: Renamed at the desk"))
    site = build_site(root, serve=True)
    other = (site / "scenarios" / "reference-book" / "index.html").read_text()
    assert "Renamed at the desk" in other  # the navigation
    page = (site / "scenarios" / "minimal" / "index.html").read_text()
    assert "<title>Renamed at the desk" in page
    assert "Minimal" not in re.sub(r"<script.*?</script>", "", other, flags=re.S)


def test_search_index_holds_the_scenario_words(project: Project) -> None:
    site = build_site(project())
    index = json.loads((site / "search" / "search_index.json").read_text())
    docs = [d for d in index["docs"] if d["location"].startswith("scenarios/reference-book/")]
    text = " ".join(d["text"] for d in docs)
    assert "Blaming the rules makes you a gatekeeper" in text
    assert "Is it inconvenient for me?" in text
    assert any(d["location"].endswith("#role-play") for d in docs)
    page = (site / "scenarios" / "reference-book" / "index.html").read_text()
    assert '<details class="rp-choice">' in page, "the page itself keeps its full markup"


def test_fold_whitespace_keeps_preformatted_text_and_scripts() -> None:
    from generator.html_post import fold_whitespace

    html = (
        "<div>\n    <p>a</p>\n\n    <pre>  keep\n    this</pre>\n  <script>\n  x = `a\n  b`"
        "</script>\n\u00a0x</div>"
    )
    assert fold_whitespace(html) == (
        "<div>\n<p>a</p>\n<pre>  keep\n    this</pre>\n"
        "<script>\n  x = `a\n  b`</script>\n\u00a0x</div>"
    )


def test_serve_prints_lint_warnings_but_never_fails_for_them(project: Project) -> None:
    root = project()
    with log_records(logging.INFO) as records:  # as `mkdocs serve` shows it
        site = build_site(root, serve=True)
    lines = [(r.levelno, r.getMessage()) for r in records]
    assert (logging.INFO, next(m for _, m in lines if "minimal.yml" in m)) in lines
    assert any('minimal.yml:1:1: warning: no "discussion"' in m for _, m in lines), lines
    # MkDocs counts records at WARNING and above against --strict; lint stays below.
    assert all(level < logging.WARNING for level, m in lines if "warning:" in m)
    assert (site / "scenarios" / "minimal" / "index.html").exists()


def _data_of(site: Path, slug: str) -> dict[str, object]:
    scripts = parse(article((site / "scenarios" / slug / "index.html").read_text())).scripts
    data: dict[str, object] = json.loads(scripts[0][1])[0]
    return data


def test_pass_mark_comes_from_mkdocs_yml_unless_the_scenario_sets_its_own(
    project: Project,
) -> None:
    own = MINIMAL.read_text("utf-8") + "pass_mark: 0.5\n"
    root = project(minimal=MINIMAL, own=own)
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace("  - role-play\n", "  - role-play:\n      pass_mark: 1\n")
    )
    site = build_site(root)
    assert _data_of(site, "minimal")["passMark"] == 1
    assert _data_of(site, "own")["passMark"] == 0.5
    progress = (site / "progress" / "index.html").read_text()
    assert 'data-slug="own" data-v=' in progress
    assert re.search(r'data-slug="own"[^>]*data-pm="0.5"', progress)
    assert re.search(r'data-slug="minimal"[^>]*data-pm="1"', progress)


@pytest.mark.parametrize("mark", ["1.5", "-0.1", "yes"])
def test_a_pass_mark_outside_0_to_1_stops_the_build(project: Project, mark: str) -> None:
    root = project()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - role-play\n", f"  - role-play:\n      pass_mark: {mark}\n"
        )
    )
    with pytest.raises((PluginError, Abort)):
        build_site(root)


def test_coaching_comes_from_mkdocs_yml_unless_the_scenario_sets_its_own(
    project: Project,
) -> None:
    root = project(minimal=MINIMAL, own=MINIMAL.read_text("utf-8") + "coaching: debrief\n")
    assert _data_of(build_site(root), "minimal")["coaching"] == "debrief"  # the default
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - role-play\n", "  - role-play:\n      coaching: immediate\n"
        )
    )
    site = build_site(root)
    assert _data_of(site, "minimal")["coaching"] == "immediate"
    assert _data_of(site, "own")["coaching"] == "debrief"


def test_an_unknown_coaching_stops_the_build_in_plain_words(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - role-play\n", "  - role-play:\n      coaching: sometimes\n"
        )
    )
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR] == [
        "role-play: coaching must be debrief (the default) or immediate, found 'sometimes'"
    ]


def _toc_links(html: str) -> list[str]:
    match = re.search(r'md-nav--secondary".*?</nav>', html, re.S)
    return re.findall(r'href="#([^"]+)"', match.group()) if match else []


def test_every_generated_page_with_headings_gets_its_table_of_contents(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    site = build_site(project())
    pages = {
        "scenarios/reference-book": ["what-you-will-practice", "role-play", "knowledge-check"],
        "scenarios/reference-book/facilitator": ["patron-card", "staff-card", "debrief"],
        "plan-a-session": ["your-running-order", "sheets"],
        "progress": ["your-record", "start-again"],
        "certificate": ["rp-cert-heading"],
    }
    for page, ids in pages.items():
        toc = _toc_links((site / page / "index.html").read_text())
        assert all(i in toc for i in ids), (page, toc)
    # Facilitator pages are reached by links: MkDocs no longer lists them as "not in nav".
    assert "not included in the" not in caplog.text


# -- what the docs folder publishes: no editor backups, nothing from outside it -------
BACKUPS = [
    "index.md~",
    "#yes-first.md#",
    "yes-first.md.orig",
    "notes.BAK",
    "sheets/weekly-review.md.rej",
    "~$handout.docx",
    ".~lock.handout.odt#",
    "draft.swp",
    "upload.tmp",
    "Thumbs.db",
    ".DS_Store",
]
NOT_BACKUPS = ["a~b.md", "#hashtag.md", "bak.md", "handout.docx", "photo.png", "notes.txt"]


@pytest.mark.parametrize(
    ("name", "backup"), [(n, True) for n in BACKUPS] + [(n, False) for n in NOT_BACKUPS]
)
def test_editor_backups_are_told_from_real_files(name: str, backup: bool) -> None:
    from generator.published import is_editor_backup

    assert is_editor_backup(name) is backup
    assert is_editor_backup(f"sheets/{name}") is backup


def test_the_site_publishes_no_editor_backups(project: Project) -> None:
    root = project()
    for name in [*BACKUPS, "notes.txt"]:
        (root / "content" / name).write_text("a copy nobody meant to publish")
    # The theme's folder of overrides publishes its files too.
    (root / "overrides" / "main.html~").write_text("an old copy")
    site = build_site(root)
    published = {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()}
    assert "notes.txt" in published  # a real file still is
    assert [n for n in [*BACKUPS, "main.html~"] if n in published] == []


def _link_out(root: Path, outside: Path) -> Path:
    """content/secret.md, a symbolic link to a file outside the docs folder."""
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the website")
    link = root / "content" / "secret.md"
    link.symlink_to(outside / "secret.txt")
    return link


def test_a_link_out_of_the_docs_folder_fails_the_build_and_keeps_the_old_site(
    project: Project, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    (root / "content" / "same.md").symlink_to("yes-first.md")  # inside: published
    site = build_site(root)
    assert "Yes-first" in (site / "same" / "index.html").read_text()
    before = site_snapshot(site)
    _link_out(root, tmp_path / "outside")
    (root / "content" / "shared").symlink_to(tmp_path / "outside", target_is_directory=True)
    (root / "content" / "gone.md").symlink_to(tmp_path / "nowhere.md")
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    lines = [line for line in caplog.text.splitlines() if "content/" in line]
    assert any(
        "content/secret.md:1:1: this is a shortcut (symbolic link) to a file outside the "
        "docs folder content/" in line
        for line in lines
    ), lines
    assert any(
        "content/shared:1:1: this is a shortcut (symbolic link) to a folder" in x for x in lines
    )
    assert any("content/gone.md:1:1: this is a shortcut (symbolic link) to " in x for x in lines)
    assert site_snapshot(site) == before


def test_under_serve_a_link_out_of_the_docs_folder_is_reported_and_not_served(
    project: Project, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    _link_out(root, tmp_path / "outside")
    site = build_site(root, serve=True)
    assert not (site / "secret").exists()
    assert "content/secret.md:1:1: this is a shortcut (symbolic link)" in caplog.text


def test_a_scenario_saved_under_another_ending_stops_the_build_in_plain_words(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    shutil.copy(MINIMAL, root / "scenarios" / "second.yaml")
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert (
        'scenarios/second.yaml:1:1: this file is skipped: scenario files end in ".yml", '
        'not ".yaml"; rename it to second.yml'
    ) in caplog.text


def test_a_hand_written_page_at_a_generated_address_stops_the_build(
    project: Project, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    site = build_site(root)
    before = site_snapshot(site)
    (root / "content" / "certificate.md").write_text("# My certificate\n")
    (root / "content" / "topics").mkdir()
    (root / "content" / "topics" / "yes-first.md").write_text("# Mine\n")
    (root / "content" / "scenarios" / "minimal").mkdir(parents=True)
    (root / "content" / "scenarios" / "minimal" / "index.md").write_text("# Mine\n")
    (root / "content" / "scenarios" / "not-a-scenario.md").write_text("# Mine\n")
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    lines = [line for line in caplog.text.splitlines() if line.startswith("content/")]
    assert lines == [
        "content/certificate.md:1:1: this page has the same address as the certificate page "
        "that the generator makes (certificate.md), which would replace it without a word; "
        "rename or move this file",
        "content/scenarios/minimal/index.md:1:1: this page has the same address as the page "
        "of the scenario scenarios/minimal.yml that the generator makes "
        "(scenarios/minimal.md), which would replace it without a word; rename or move this "
        "file",
        "content/topics/yes-first.md:1:1: this page has the same address as the page of the "
        'topic "yes-first" that the generator makes (topics/yes-first.md), which would '
        "replace it without a word; rename or move this file",
    ]
    assert site_snapshot(site) == before


@pytest.mark.parametrize("attempts", ["-1", "100"])
def test_a_max_attempts_that_is_not_0_to_99_stops_the_build_in_plain_words(
    project: Project, caplog: pytest.LogCaptureFixture, attempts: str
) -> None:
    root = project()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - role-play\n", f"  - role-play:\n      max_attempts: {attempts}\n"
        )
    )
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [
        "role-play: max_attempts must be a whole number from 1 to 99, or 0 for no limit "
        f"(the default), found {attempts}"
    ]


def test_max_attempts_comes_from_mkdocs_yml_unless_the_scenario_sets_its_own(
    project: Project,
) -> None:
    root = project(minimal=MINIMAL, own=MINIMAL.read_text("utf-8") + "max_attempts: 2\n")
    site = build_site(root)
    assert _data_of(site, "minimal")["maxAttempts"] == 0  # the default: no limit
    assert _data_of(site, "own")["maxAttempts"] == 2
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text("utf-8").replace(
            "  - role-play\n", "  - role-play:\n      max_attempts: 3\n"
        )
    )
    site = build_site(root)
    assert _data_of(site, "minimal")["maxAttempts"] == 3
    assert _data_of(site, "own")["maxAttempts"] == 2
    progress = (site / "progress" / "index.html").read_text()
    assert re.search(r'data-slug="minimal"[^>]*data-ma="3"', progress)
    assert re.search(r'data-slug="own"[^>]*data-ma="2"', progress)
