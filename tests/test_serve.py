"""A real ``mkdocs serve`` of a strict site, when a file is renamed under it.

MkDocs' strict mode turns a warning (the hand-written pages' links to a scenario's old
name, a page of the ``nav`` that is not there) into an abort after the rebuild, and its
server then keeps every request waiting. The preview must instead show what is wrong
and where, and come back when the file gets its name back.
"""

from __future__ import annotations

import html as html_text
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from .build import build_site
from .conftest import make_project
from .helpers import ROOT

SLUG = "copying-a-whole-book"
"""A shipped scenario that several hand-written pages link to."""
NEW_NAME = "copying-books.yml"
NOTICE = "The site cannot be published like this."
"""The title of the list of problems at the top of each page."""
TIMEOUT = 30.0
"""Seconds for each test's serve session to answer as it should, start to finish."""


def strict_project(root: Path) -> Path:
    """A copy of the shipped site (pages, scenarios, strict: true) at ``root``."""
    shipped: dict[str, Path | str] = {p.stem: p for p in (ROOT / "scenarios").glob("*.yml")}
    make_project(root, shipped)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("strict: false", "strict: true"))
    assert "strict: true" in config.read_text("utf-8")
    return root


def links_to(root: Path, slug: str) -> list[str]:
    """``content/page.md:LINE:COL`` of every link in the hand-written pages to the slug's page."""
    found = []
    needle = f"scenarios/{slug}.md"
    for page in sorted((root / "content").rglob("*.md")):
        for number, line in enumerate(page.read_text("utf-8").splitlines(), start=1):
            if needle in line:
                where = page.relative_to(root).as_posix()
                found.append(f"{where}:{number}:{line.index(needle) + 1}")
    return found


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str, timeout: float) -> str:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return str(response.read().decode())
    except urllib.error.HTTPError as error:  # a 404 page is an answer too
        return str(error.read().decode())


def _text(html: str) -> str:
    """The page's words, with tags and entities out of the way of the assertions."""
    return html_text.unescape(re.sub(r"<[^>]+>", "", html))


@dataclass
class Served:
    """A running ``mkdocs serve`` of a strict copy of the site."""

    root: Path
    base: str
    log: Path
    """What the server prints, as the terminal would show it."""
    deadline: float = 0.0

    def wait_for(self, path: str, needle: str, *, absent: str = "") -> str:
        """The words of the page at ``path`` once they hold ``needle`` (and not
        ``absent``); fails when the test's time is up first, as it is when every request
        hangs."""
        url, last = self.base + path, "(no answer)"
        while time.monotonic() < self.deadline:
            try:
                timeout = max(0.5, min(3.0, self.deadline - time.monotonic()))
                last = _text(_get(url, timeout))
            except OSError as error:  # refused while starting, or timed out
                last = f"(no answer: {error})"
            if needle in last and not (absent and absent in last):
                return last
            time.sleep(0.2)
        raise AssertionError(f"{needle!r} not at {url} in time; last answer:\n{last[:800]}")

    def wait_until_good(self) -> None:
        """Until the site shows no problem (a test starts from there, and ends there)."""
        self.wait_for("/yes-first/", "Yes-first", absent=NOTICE)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """One serve process for the tests of this file; each puts back what it renames."""
    root = strict_project(tmp_path_factory.mktemp("serve") / "project")
    port = _free_port()
    log = root.parent / "serve.log"
    with log.open("w", encoding="utf-8") as terminal:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=root,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
            stdout=terminal,
            stderr=subprocess.STDOUT,
        )
        try:
            yield Served(root, f"http://127.0.0.1:{port}", log)
            assert server.poll() is None, "the server must keep running"
        finally:
            server.terminate()
            server.wait(timeout=20)
    output = log.read_text("utf-8")
    assert "Traceback" not in output
    assert "appear stuck" not in output, output[-2000:]


@pytest.fixture
def session(served: Served) -> Served:
    served.deadline = time.monotonic() + TIMEOUT
    return served


def test_serve_shows_links_to_a_renamed_scenario_and_recovers(session: Served) -> None:
    links = links_to(session.root, SLUG)
    assert len(links) >= 2, "the test needs a scenario that hand-written pages link to"
    old = session.root / "scenarios" / f"{SLUG}.yml"
    new = old.with_name(NEW_NAME)
    session.wait_until_good()
    old.rename(new)
    try:
        # Any page: the one the trainer has open reloads by itself.
        page = session.wait_for("/yes-first/", f"{SLUG}.yml")
        for where in links:
            assert where in page, (where, page[:2000])
        assert "renamed or deleted" in page
        assert "copying-books.md" in page, "the new name is suggested"
        # The old address explains itself instead of a 404.
        gone = session.wait_for(f"/scenarios/{SLUG}/", "There is no page at this address")
        assert links[0] in gone
        assert links[0] in session.log.read_text("utf-8"), "the terminal says it too"
    finally:
        new.rename(old)
    back = session.wait_for(f"/scenarios/{SLUG}/", "Copying a whole book", absent=NOTICE)
    assert "no page at this address" not in back
    session.wait_until_good()


def test_serve_shows_mkdocs_own_strict_warnings_and_recovers(session: Served) -> None:
    """What the plugin does not check itself: a page of the nav that is not there."""
    page = session.root / "content" / "sources.md"
    assert "sources.md" in (session.root / "mkdocs.yml").read_text("utf-8")
    session.wait_until_good()
    page.rename(page.with_name("sources-draft.md"))
    try:
        shown = session.wait_for("/yes-first/", "strict: true")
        assert "'sources.md'" in shown, shown[:2000]
        assert NOTICE in shown
    finally:
        page.with_name("sources-draft.md").rename(page)
    session.wait_for("/sources/", "Sources", absent=NOTICE)
    session.wait_until_good()


def test_build_refuses_links_to_a_renamed_scenario_at_their_place(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = strict_project(tmp_path / "project")
    links = links_to(root, SLUG)
    (root / "scenarios" / f"{SLUG}.yml").rename(root / "scenarios" / NEW_NAME)
    with pytest.raises(Abort):  # what MkDocs makes of the plugin's PluginError
        build_site(root)
    message = caplog.text
    assert "the site was not built" in message
    for where in links:
        assert where in message, message
    assert f"{SLUG}.yml" in message
    assert "copying-books.md" in message, "the new name is suggested"
    assert not (root / "site").exists(), "nothing is built"


def test_a_strict_serve_shows_a_link_out_of_the_docs_folder_instead_of_stopping(
    tmp_path: Path,
) -> None:
    """The plugin's own report of such a link must not be an error that strict counts:
    the server would then wait for a good build with every request."""
    root = strict_project(tmp_path / "project")
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("not for the website", "utf-8")
    (root / "content" / "secret.md").symlink_to(outside / "secret.txt")
    site = build_site(root, serve=True)  # one rebuild of mkdocs serve, in this process
    page = _text((site / "yes-first" / "index.html").read_text("utf-8"))
    assert NOTICE in page
    assert "content/secret.md:1:1: this is a shortcut (symbolic link) to a file outside" in page
    assert not (site / "secret").exists()


def test_serve_says_when_an_edit_restarts_learners_attempts(session: Served) -> None:
    """Compared with the last published site/ (built here first), a reply added to a
    step is named in the terminal as the edit is saved (issue 19)."""
    session.wait_until_good()
    build_site(session.root)  # the published site: site/ beside mkdocs.yml
    path = session.root / "scenarios" / f"{SLUG}.yml"
    written = path.read_text("utf-8")
    at = written.index("    choices:\n") + len("    choices:\n")
    step = re.findall(r"^  ([a-z0-9-]+):\s*$", written[:at], re.M)[-1]  # the first decision
    reply = written[at : written.index("\n", written.index("next:", at)) + 1]
    assert "next:" in reply
    path.write_text(written[:at] + reply.replace("text: ", "text: Also, ", 1) + written[at:])
    try:
        said = f'replies of step "{step}" were added, removed or sent elsewhere'
        while time.monotonic() < session.deadline and said not in session.log.read_text("utf-8"):
            time.sleep(0.2)
        terminal = session.log.read_text("utf-8")
        assert said in terminal, terminal[-2000:]
        assert f"scenarios/{SLUG}.yml:" in terminal.split(said)[0].rsplit("\n", 1)[1]
    finally:
        path.write_text(written, "utf-8")
    session.wait_until_good()
