"""Shared paths and small helpers for the tests."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
REFERENCE = ROOT.parent / "shared" / "examples" / "reference-book.yml"
MINIMAL = DATA / "valid" / "minimal.yml"
