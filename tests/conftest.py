"""Fixtures shared by the build and browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from .helpers import DATA, REFERENCE, ROOT, hostile_scenario

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SITE_CONFIG = ROOT / "mkdocs.yml"


def make_project(root: Path, scenarios: dict[str, Path | str]) -> Path:
    """A copy of the site's configuration and content with the given scenario files."""
    root.mkdir(parents=True)
    # The hand-written pages link to the shipped scenarios, which are not copied here;
    # the shipped project's own strict build is tested separately.
    config = SITE_CONFIG.read_text("utf-8").replace("strict: true", "strict: false")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")  # theme: custom_dir
    (root / "scenarios").mkdir()
    for name, source in scenarios.items():
        target = root / "scenarios" / f"{name}.yml"
        if isinstance(source, Path):
            shutil.copy(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    return root


def lenient(root: Path) -> Path:
    """A test project is strict for packaging, but its hand-written pages link to the
    shipped scenarios, which it does not have: let such links be (MkDocs' own setting)."""
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write("\nvalidation:\n  links:\n    not_found: info\n")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def factory(**scenarios: Path | str) -> Path:
        if not scenarios:
            scenarios = {"reference-book": REFERENCE, "minimal": DATA / "valid" / "minimal.yml"}
        return make_project(tmp_path / "project", scenarios)

    return factory


CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, object]) -> dict[str, object]:
    """Launch Debian's chromium: Playwright's own browser download cannot work here."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install Debian's chromium (make test does it as root)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": str(CHROMIUM), "args": LAUNCH_FLAGS}


@pytest.fixture(scope="session")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The site with the test scenarios, built once and served on 127.0.0.1."""
    from .browser_support import serve
    from .build import build_site

    root = make_project(
        tmp_path_factory.mktemp("browser") / "project",
        {
            "reference-book": REFERENCE,
            "minimal": DATA / "valid" / "minimal.yml",
            "three-endings": DATA / "valid" / "three-endings.yml",
            "hostile": hostile_scenario(),
            "long-words": DATA / "valid" / "long-words.yml",
            # Narration (scene) without and with speech; a step with shuffle: false; no
            # knowledge check.
            "scene": DATA / "valid" / "scene.yml",
            # Shipped, for its debrief's link to a page of the site.
            "ebook-on-a-new-tablet": ROOT / "scenarios" / "ebook-on-a-new-tablet.yml",
            # A knowledge check with banks of variants.
            "bank": DATA / "valid" / "bank.yml",
            # The reference scenario, of which two attempts count.
            "limited": REFERENCE.read_text("utf-8")
            .replace('title: "', 'title: "Limited: ', 1)
            .replace("topic: yes-first", "topic: follow-up")
            + "max_attempts: 2\n",
        },
    )
    # Material's instant navigation only engages when site_url is where the site is served.
    with serve(root / "site") as url:
        build_site(root, site_url=url + "/")
        yield url
