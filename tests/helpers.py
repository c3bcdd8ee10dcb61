"""Shared paths and small helpers for the tests."""

from __future__ import annotations

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = DATA / "valid" / "reference-book.yml"
MINIMAL = DATA / "valid" / "minimal.yml"


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
