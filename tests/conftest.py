"""Fixtures shared by the build and browser tests."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from .helpers import DATA, REFERENCE, ROOT

os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")

SITE_CONFIG = ROOT / "mkdocs.yml"


def make_project(root: Path, scenarios: dict[str, Path | str]) -> Path:
    """A copy of the site's configuration and content with the given scenario files."""
    root.mkdir(parents=True)
    shutil.copy(SITE_CONFIG, root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")
    (root / "scenarios").mkdir()
    for name, source in scenarios.items():
        target = root / "scenarios" / f"{name}.yml"
        if isinstance(source, Path):
            shutil.copy(source, target)
        else:
            target.write_text(source, encoding="utf-8")
    return root


@pytest.fixture
def project(tmp_path: Path) -> Callable[..., Path]:
    def factory(**scenarios: Path | str) -> Path:
        if not scenarios:
            scenarios = {"reference-book": REFERENCE, "minimal": DATA / "valid" / "minimal.yml"}
        return make_project(tmp_path / "project", scenarios)

    return factory
