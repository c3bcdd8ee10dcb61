"""Build a site with MkDocs' own API, as the ``mkdocs`` command does: the one helper the
packager, the tests and the benchmark share."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.config.defaults import MkDocsConfig

Command = Literal["build", "serve"]
SERVE_URL = "http://127.0.0.1:8000/"


def site_config(config_file: Path, **overrides: Any) -> MkDocsConfig:
    """mkdocs.yml's configuration; ``overrides`` replace settings (``site_dir=...``)."""
    return load_config(str(config_file), **overrides)


def run_build(config: MkDocsConfig, command: Command = "build", *, startup: bool = True) -> None:
    """Build ``config`` into its ``site_dir``.

    ``command`` is what plugins are told runs: "serve" makes the build one rebuild of
    ``mkdocs serve``. ``startup`` false leaves out the plugins' start and end, for the
    second and later rebuilds of one serve session (plugins keep their state between).
    """
    if startup:
        config.plugins.on_startup(command=command, dirty=False)
    try:
        build(config, serve_url=SERVE_URL if command == "serve" else None)
    finally:
        if startup:
            config.plugins.on_shutdown()


def build_site(
    config_file: Path, site_dir: Path, command: Command = "build", **overrides: Any
) -> MkDocsConfig:
    """Load ``config_file`` and build it into ``site_dir``; return the configuration."""
    config = site_config(config_file, site_dir=str(site_dir), **overrides)
    run_build(config, command)
    return config
