"""The benchmark keeps working (at a small size; its timings are not asserted here)."""

from __future__ import annotations

import re

import pytest

from benchmarks.run import main


def test_benchmark_runs_at_n_10_and_prints_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--scale", "10", "--repeats", "1", "--report-only"]) == 0
    out = capsys.readouterr().out
    for measure in (
        "check, 10 scenarios",
        "mkdocs build, 10 scenarios",
        "quiz runtime JS+CSS, minified and gzipped",
        "scenario page HTML, 10 in site",
        "serve: edit 1 of 10, plugin time",
    ):
        assert re.search(rf"\| {re.escape(measure)} \| [^|]+ \| [^|]+ \| [0-9.]+ ", out), measure
    assert "re-read 1 file" in out
