"""An unreadable entry in scenarios/ is a located problem for that entry alone.

A link that leads in a circle (or nowhere) used to hide every scenario: the listing
gave up and reported no files at all.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from mkdocs.exceptions import Abort, PluginError

from generator.cli import cli

from .build import build_site
from .helpers import DATA, site_snapshot

Project = Callable[..., Path]

LOOP = "scenarios/zz.yml:1:1: cannot read the file: it is a link that leads in a circle"
NOWHERE = (
    "scenarios/zz.yml:1:1: cannot read the file: it is a link to something that does not exist"
)


def _bad_entry(root: Path, kind: str) -> str:
    """Put an unreadable entry named zz.yml in the project's scenarios; return its message."""
    target = "zz.yml" if kind == "loop" else "missing.yml"
    os.symlink(target, root / "scenarios" / "zz.yml")
    return LOOP if kind == "loop" else NOWHERE


@pytest.mark.parametrize("kind", ["loop", "nowhere"])
def test_build_fails_on_a_bad_entry_and_keeps_the_old_site(
    project: Project, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    root = project()
    site = build_site(root)
    before = site_snapshot(site)
    message = _bad_entry(root, kind)
    with pytest.raises((PluginError, Abort)):
        build_site(root)
    assert message in caplog.text.splitlines()
    assert site_snapshot(site) == before


@pytest.mark.parametrize("kind", ["loop", "nowhere"])
def test_strict_build_fails_on_a_bad_entry_and_keeps_the_old_site(
    project: Project, kind: str
) -> None:
    root = project()
    site = build_site(root)
    before = site_snapshot(site)
    assert before, "the first build made a site"
    message = _bad_entry(root, kind)
    run = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 1, run.stderr
    assert message in run.stderr.splitlines()
    assert "Traceback" not in run.stderr
    assert site_snapshot(site) == before


def test_check_lists_the_bad_entry_and_still_checks_the_others(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = DATA / "broken" / "dangling-next.yml"
    root = project(broken=broken, minimal=DATA / "valid" / "minimal.yml")
    message = _bad_entry(root, "loop")
    monkeypatch.chdir(root)
    result = CliRunner().invoke(cli, ["check"])
    assert result.exit_code == 1, result.output
    expected = broken.with_suffix(".expected").read_text("utf-8").splitlines()
    located = [f"scenarios/broken.yml:{line}" for line in expected]
    assert result.output.splitlines() == [
        *located,
        message,
        f"Checked 3 files: {len(located) + 1} errors in 2 of them.",
    ]
