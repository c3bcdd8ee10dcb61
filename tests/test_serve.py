"""A real ``mkdocs serve`` of a strict site, when a scenario file is renamed under it.

MkDocs' strict mode turns the hand-written pages' links to the old name into an abort
after the rebuild, and its server then keeps every request waiting. The preview must
instead show where the links are, and come back when the file gets its name back.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from mkdocs.exceptions import Abort

from .build import build_site
from .conftest import make_project
from .helpers import ROOT

SLUG = "copying-a-whole-book"
"""A shipped scenario that several hand-written pages link to."""
NEW_NAME = "copying-books.yml"
DEADLINE = 20.0
"""Seconds for the whole serve session to answer as it should, start to finish."""


@pytest.fixture
def strict_project(tmp_path: Path) -> Path:
    """A copy of the shipped site (pages, scenarios, strict: true)."""
    shipped: dict[str, Path | str] = {p.stem: p for p in (ROOT / "scenarios").glob("*.yml")}
    root = make_project(tmp_path / "project", shipped)
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


def _wait_for(url: str, needle: str, deadline: float) -> str:
    """The page at ``url`` once it holds ``needle``; fails when ``deadline`` (monotonic)
    passes first, as it does when every request hangs."""
    last = "(no answer)"
    while time.monotonic() < deadline:
        try:
            last = _get(url, timeout=max(0.5, min(3.0, deadline - time.monotonic())))
        except (OSError, TimeoutError) as error:
            last = f"(no answer: {error})"
        if needle in last:
            return last
        time.sleep(0.2)
    raise AssertionError(f"{needle!r} not at {url} in time; last answer:\n{last[:800]}")


def _text(html: str) -> str:
    """The page's words, with tags and entities out of the way of the assertions."""
    words = re.sub(r"<[^>]+>", "", html)
    return words.replace("&quot;", '"').replace("&#34;", '"').replace("&amp;", "&")


def test_serve_shows_links_to_a_renamed_scenario_and_recovers(strict_project: Path) -> None:
    root = strict_project
    links = links_to(root, SLUG)
    assert len(links) >= 2, "the test needs a scenario that hand-written pages link to"
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=root,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    deadline = time.monotonic() + DEADLINE
    old, new = root / "scenarios" / f"{SLUG}.yml", root / "scenarios" / NEW_NAME
    try:
        _wait_for(f"{base}/scenarios/{SLUG}/", "Copying a whole book", deadline)
        old.rename(new)
        # Any page: the one the trainer has open reloads by itself.
        page = _text(_wait_for(f"{base}/yes-first/", f"{SLUG}.yml", deadline))
        for where in links:
            assert where in page, (where, page[:2000])
        assert "renamed or deleted" in page
        # The old address explains itself instead of a 404.
        gone = _text(_wait_for(f"{base}/scenarios/{SLUG}/", f"{SLUG}.yml", deadline))
        assert links[0] in gone
        new.rename(old)
        back = _wait_for(f"{base}/scenarios/{SLUG}/", 'class="rp-choice', deadline)
        assert "renamed or deleted" not in _text(back)
        page = _get(f"{base}/yes-first/", timeout=3)
        assert "renamed or deleted" not in _text(page)
        assert server.poll() is None, "the server must keep running"
    finally:
        server.terminate()
        output = server.communicate(timeout=20)[0]
    assert links[0] in output, output[-2000:]
    assert "Traceback" not in output
    assert "appear stuck" not in output, output[-2000:]


def test_build_refuses_links_to_a_renamed_scenario_at_their_place(
    strict_project: Path, caplog: pytest.LogCaptureFixture
) -> None:
    root = strict_project
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
