"""Other engines: the `pages` output built without our plugin by plain MkDocs and by
Zensical, and the site built by ProperDocs with the plugin. For each, a scenario page
where a reply works in Chromium."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from playwright.sync_api import Page, expect

from generator.cli import cli

from .browser_support import serve
from .helpers import DATA, ROOT

SLUG = "noise-in-the-quiet-room"
ZENSICAL = ROOT / ".venv-zensical" / "bin" / "zensical"
PROPERDOCS = ROOT / ".venv-properdocs" / "bin" / "properdocs"


def shipped_project(root: Path) -> Path:
    """A copy of the project as shipped: its config, pages, theme overrides and scenarios."""
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    for folder in ("content", "overrides", "scenarios"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


def pages_command(project: Path, into: Path, *options: str) -> Result:
    """`python -m generator pages --into INTO` run from inside ``project``."""
    cwd = os.getcwd()
    os.chdir(project)
    try:
        return CliRunner().invoke(cli, ["pages", "--into", str(into), *options])
    finally:
        os.chdir(cwd)


def write_pages(project: Path, into: Path, *options: str) -> None:
    result = pages_command(project, into, *options)
    assert result.exit_code == 0, result.output
    assert "Wrote" in result.output


def run(cmd: list[str], cwd: Path) -> None:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env, check=False)
    assert done.returncode == 0, done.stdout + done.stderr


def engine(path: Path) -> Path:
    """An engine's command from its own environment (``make engines`` makes them)."""
    if not path.exists():
        message = f"{path.relative_to(ROOT)} is missing: run `make engines` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


def article(html: str) -> str:
    match = re.search(r"<article[^>]*>(.*)</article>", html, re.S)
    assert match, "no article element"
    return " ".join(match.group(1).split())


def reply_works(page: Page, site: Path, path: str) -> None:
    """Open a scenario page of ``site``, choose a reply, and see the role-play go on."""
    seen: list[str] = []
    page.on("pageerror", lambda e: seen.append(str(e)))
    with serve(site) as url:
        page.goto(f"{url}/{path}")
        page.wait_for_selector(".rp[data-rp-ready]")
        live = page.locator(".rp-live")
        expect(live).to_be_visible()
        before = live.inner_text()
        live.locator(".rp-opt").first.click()
        expect(live).not_to_have_text(before)
        state = page.evaluate("k => JSON.parse(localStorage.getItem(k))", f"rp2:{SLUG}")
    assert state is not None and len(state["path"]) == 1
    assert seen == []


@pytest.fixture(scope="module")
def plugin_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = shipped_project(tmp_path_factory.mktemp("plugin") / "project")
    run([sys.executable, "-m", "mkdocs", "build", "--strict"], project)
    return project / "site"


@pytest.fixture(scope="module")
def pages_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = shipped_project(tmp_path_factory.mktemp("source") / "project")
    into = tmp_path_factory.mktemp("pages") / "out"
    write_pages(project, into)
    return into


def test_pages_writes_a_plugin_free_project(pages_project: Path) -> None:
    config = yaml.safe_load((pages_project / "mkdocs.yml").read_text("utf-8"))
    assert "role-play" not in str(config["plugins"])
    assert config["docs_dir"] == "docs"
    assert "assets/roleplay/roleplay.js" in config["extra_javascript"]
    assert "assets/roleplay/roleplay.css" in config["extra_css"]
    section = next(item["Scenarios"] for item in config["nav"] if "Scenarios" in item)
    assert section[-1] == {"Your certificate": "certificate.md"}
    page = (pages_project / "docs" / "scenarios" / f"{SLUG}.md").read_text("utf-8")
    assert page.startswith('---\ntitle: "Noise in the quiet room"\n---\n')
    assert '<script type="application/json"' in page
    assert (pages_project / "docs" / "index.md").exists()  # hand-written pages beside
    assert (pages_project / "overrides").is_dir()  # the theme's custom_dir


def test_pages_refuses_a_broken_scenario_and_writes_nothing(tmp_path: Path) -> None:
    project = shipped_project(tmp_path / "project")
    shutil.copy(DATA / "broken" / "dangling-next.yml", project / "scenarios" / "broken.yml")
    result = pages_command(project, tmp_path / "out")
    assert result.exit_code == 1
    assert "scenarios/broken.yml:17:15: steps.ask.choices[1].next" in result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.browser
def test_pages_output_builds_with_plain_mkdocs(
    pages_project: Path, plugin_site: Path, page: Page
) -> None:
    run([sys.executable, "-m", "mkdocs", "build", "--strict"], pages_project)
    site = pages_project / "site"
    for path in (f"scenarios/{SLUG}", f"scenarios/{SLUG}/facilitator", "progress", "certificate"):
        ours = (site / path / "index.html").read_text("utf-8")
        theirs = (plugin_site / path / "index.html").read_text("utf-8")
        assert article(ours) == article(theirs), path
    reply_works(page, site, f"scenarios/{SLUG}/")


@pytest.mark.browser
def test_pages_output_builds_with_zensical(tmp_path: Path, page: Page) -> None:
    command = engine(ZENSICAL)
    project = tmp_path / "zensical"
    write_pages(shipped_project(tmp_path / "source"), project, "--engine", "zensical")
    config = yaml.safe_load((project / "mkdocs.yml").read_text("utf-8"))
    assert "custom_dir" not in config["theme"]
    run([str(command), "build"], project)
    site = project / "site"
    html = (site / "scenarios" / SLUG / "index.html").read_text("utf-8")
    assert "Noise in the quiet room" in html
    reply_works(page, site, f"scenarios/{SLUG}/")
    # What a person sees: the header stays one line, with the search box in it. Under the
    # Material overrides, Zensical's search box fell apart and doubled the header.
    header = page.locator("header").first.bounding_box()
    search = page.get_by_role("button", name=re.compile("search", re.I)).first
    assert header is not None and header["height"] <= 64, header
    expect(search).to_be_visible()


@pytest.mark.browser
def test_the_site_builds_with_properdocs(tmp_path: Path, page: Page) -> None:
    command = engine(PROPERDOCS)
    project = shipped_project(tmp_path / "project")
    run([str(command), "build", "--strict"], project)
    reply_works(page, project / "site", f"scenarios/{SLUG}/")


def test_pages_copies_what_the_site_publishes_and_refuses_a_shortcut_out(tmp_path: Path) -> None:
    project = shipped_project(tmp_path / "project")
    (project / "content" / "index.md~").write_text("an editor's backup", "utf-8")
    (project / "content" / ".hidden.md").write_text("hidden", "utf-8")
    write_pages(project, tmp_path / "out")
    assert (tmp_path / "out" / "docs" / "index.md").exists()
    assert not (tmp_path / "out" / "docs" / "index.md~").exists()
    assert not (tmp_path / "out" / "docs" / ".hidden.md").exists()
    outside = tmp_path / "secret.txt"
    outside.write_text("not for the site", "utf-8")
    (project / "content" / "secret.md").symlink_to(outside)
    result = pages_command(project, tmp_path / "again")
    assert result.exit_code == 1
    assert "content/secret.md:1:1: this is a shortcut (symbolic link)" in result.output
    assert not (tmp_path / "again").exists()
