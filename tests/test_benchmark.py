"""The benchmark keeps working (at a small size; its timings are not asserted here)."""

from __future__ import annotations

import io
import re
from contextlib import redirect_stdout

import pytest

from benchmarks.run import ROOT, main


@pytest.fixture(scope="module")
def printed() -> str:
    """What ``make bench`` prints at N=10 with one timed run per side (run once for all)."""
    out = io.StringIO()
    with redirect_stdout(out):
        assert main(["--scale", "10", "--repeats", "1", "--report-only"]) == 0
    return out.getvalue()


def test_benchmark_runs_at_n_10_and_prints_the_table(printed: str) -> None:
    for measure in (
        "check, 10 scenarios",
        "mkdocs build, 10 scenarios",
        "scenario page's own JS+CSS (roleplay.js, roleplay.css, site.css), minified and gzipped",
        "scenario page HTML, 10 in site",
        "serve: edit 1 of 10, plugin time",
    ):
        row = rf"\| {re.escape(measure)} \| [^|]+ \| [^|]+ \| [0-9.]+ "
        assert re.search(row, printed), measure
    assert "re-read 1 file" in printed


def test_benchmark_times_scorm_packages_of_the_shipped_scenarios(printed: str) -> None:
    shipped = len(list((ROOT / "scenarios").glob("*.yml")))
    for name in ("SCORM 2004", "SCORM 1.2"):
        measure = f"{name} package, {shipped} shipped scenarios"
        row = re.search(
            rf"^\| {re.escape(measure)} \| [0-9.]+ s \| [0-9.]+ s \(mkdocs build --strict[^|]*\| "
            r"([0-9.]+) x \| <= ([0-9.]+) x \|",
            printed,
            re.MULTILINE,
        )
        assert row, measure
        assert float(row[1]) > 0
        assert float(row[2]) == 1.5
