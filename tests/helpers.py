"""Shared paths and small helpers for the tests."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = DATA / "valid" / "reference-book.yml"
MINIMAL = DATA / "valid" / "minimal.yml"


def with_new_reply(scenario: str, step: str, text: str) -> str:
    """The reference example's YAML ``scenario`` with a new good reply, leading to the
    success step ``relieved``, first among the replies of ``step``: a structural edit
    (the step's replies change; its wording elsewhere does not)."""
    at = scenario.index("    choices:\n", scenario.index(f"  {step}:\n")) + len("    choices:\n")
    reply = (
        f"      - text: {text}\n"
        "        quality: good\n"
        "        feedback: Fair, but you could have offered the scan yourself.\n"
        "        next: relieved\n"
    )
    return scenario[:at] + reply + scenario[at:]


PAYLOADS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(2)</script>",
    # A real javascript: link never gets past the loader (see test_text.py); as raw HTML
    # it is text, and must stay text.
    '<a href="JAVA&#09;SCRIPT:alert(3)">click</a>',
    '" onmouseover="alert(4)',
    "<svg/onload=alert(5)>",
    "\u2028</title><script>alert(6)</script>",
]


def hostile_scenario() -> str:
    text = MINIMAL.read_text()
    payload = " ".join(PAYLOADS)
    quoted = json.dumps(payload)
    for line in (
        "title: Minimal",
        "summary: A short situation.",
        "  name: Ana",
        '    patron: "Can you help?"',
        "        feedback: You started from yes.",
        "      - text: Not now.",
        "      - text: From yes",
    ):
        key = line.split(":")[0]
        text = text.replace(line, f"{key}: {quoted}")
    return text


PLUGIN_LOGGER = "mkdocs.plugins.role-play"


@contextmanager
def log_records(level: int, name: str = PLUGIN_LOGGER) -> Iterator[list[logging.LogRecord]]:
    """The records ``name`` logs at ``level`` and above while the block runs.

    MkDocs' command line stops its loggers from propagating, and earlier builds in the
    same process may have changed their level, so the logger is listened to directly.
    """
    records: list[logging.LogRecord] = []

    class _Keep(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger = logging.getLogger(name)
    handler, before = _Keep(level), logger.level
    logger.addHandler(handler)
    logger.setLevel(level)
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.setLevel(before)


def site_snapshot(site: Path) -> dict[Path, bytes]:
    """Every file of a built site with its bytes, to show a failed build left it as it was."""
    return {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
