"""Build a test project with the project's one build helper, from inside its folder."""

from __future__ import annotations

import os
from pathlib import Path

from generator.build import build_site as build_project


def build_site(project: Path, *, serve: bool = False, **overrides: object) -> Path:
    """Build ``project`` into ``project/site`` and return that folder.

    ``overrides`` replace settings of mkdocs.yml, as ``site_url=...``.
    """
    cwd = os.getcwd()
    os.chdir(project)
    try:
        command = "serve" if serve else "build"
        build_project(project / "mkdocs.yml", project / "site", command, **overrides)
    finally:
        os.chdir(cwd)
    return project / "site"
