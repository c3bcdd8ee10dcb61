"""Build a site with MkDocs' own API, as ``mkdocs build`` does."""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config


def build_site(project: Path, *, serve: bool = False, **overrides: object) -> Path:
    """Build ``project`` into ``project/site`` and return that folder.

    ``overrides`` replace settings of mkdocs.yml, as ``site_url=...``.
    """
    cwd = os.getcwd()
    os.chdir(project)
    try:
        config = load_config(
            str(project / "mkdocs.yml"), site_dir=str(project / "site"), **overrides
        )
        config.plugins.on_startup(command="serve" if serve else "build", dirty=False)
        build(config)
    finally:
        os.chdir(cwd)
    return project / "site"
