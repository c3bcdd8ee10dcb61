"""``make bench``: the generator and the site against their baselines, side by side.

Every timing is a ratio of two measurements taken in the same run, alternating, so a
noisy machine moves both sides together. Exits 1 when a budget is missed.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import yaml

from benchmarks.synthetic import write_scenarios
from generator.assets import asset, lms_adapter
from generator.scorm import FORMATS
from generator.topics import TOPICS
from generator.topics import topic as find_topic

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}

FLOOR = (
    "import sys, pathlib, yaml\n"
    "for p in sorted(pathlib.Path(sys.argv[1]).glob('*.yml')):\n"
    "    yaml.load(p.read_text('utf-8'), Loader=yaml.CSafeLoader)\n"
)


@dataclass
class Row:
    """One line of the results table."""

    measure: str
    ours: str
    baseline: str
    value: float
    budget: float
    unit: str

    @property
    def ok(self) -> bool:
        return self.value <= self.budget


def _run(cmd: list[str], cwd: Path) -> float:
    """Run ``cmd`` and return its time; a failure says what the command printed."""
    started = time.perf_counter()
    done = subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True)
    if done.returncode:
        tail = "\n".join((done.stderr or done.stdout).splitlines()[-20:])
        raise RuntimeError(f"{' '.join(cmd)} exited {done.returncode}:\n{tail}")
    return time.perf_counter() - started


def side_by_side(
    ours: Callable[[], float], base: Callable[[], float], repeats: int
) -> tuple[float, float]:
    """Median times of two measurements, alternated (ABBA) after one warm-up each."""
    ours()
    base()
    a: list[float] = []
    b: list[float] = []
    for i in range(repeats):
        if i % 2:
            b.append(base())
            a.append(ours())
        else:
            a.append(ours())
            b.append(base())
    return statistics.median(a), statistics.median(b)


def make_project(root: Path, scenarios: int) -> Path:
    """A copy of the site (config and pages) with ``scenarios`` synthetic scenarios."""
    root.mkdir(parents=True)
    # The hand-written pages link to the shipped scenarios, which are not copied here.
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("strict: true", "strict: false")
    (root / "mkdocs.yml").write_text(config, "utf-8")
    shutil.copytree(ROOT / "content", root / "content")
    shutil.copytree(ROOT / "overrides", root / "overrides")  # theme: custom_dir
    write_scenarios(root / "scenarios", scenarios)
    return root


def _words(text: str) -> list[str]:
    """All text of a scenario file, as Markdown paragraphs."""
    data = yaml.safe_load(text)
    out: list[str] = []
    pending = [data]
    while pending:
        item = pending.pop(0)
        if isinstance(item, dict):
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
        elif isinstance(item, str) and " " in item:
            out.append(item)
    return out


def make_plain_project(root: Path, scenarios: int) -> Path:
    """The same site with plain Markdown pages holding the scenarios' words instead."""
    make_project(root, scenarios)
    pages = root / "content" / "practice"
    pages.mkdir()
    nav: dict[str, list[str]] = {t.title: [] for t in TOPICS}
    for path in sorted((root / "scenarios").glob("*.yml")):
        text = path.read_text("utf-8")
        paragraphs = _words(text)
        body = "\n\n".join(paragraphs[1:]) + "\n"
        (pages / f"{path.stem}.md").write_text(f"# {paragraphs[0]}\n\n{body}", "utf-8")
        # Each scenario also has a facilitator page (its cards, map and debrief: the
        # same words again), outside the navigation; so does the plain site.
        (pages / f"{path.stem}-facilitator.md").write_text(
            f"# Facilitator page: {paragraphs[0]}\n\n{body}", "utf-8"
        )
        topic = yaml.safe_load(text)["topic"]
        title = find_topic(topic).title
        nav[title].append(f"practice/{path.stem}.md")
        path.unlink()
    lines = ["  - Practice:"]
    for title, entries in nav.items():
        lines.append(f"      - {title}:")
        lines += [f"          - {entry}" for entry in entries]
    config = (root / "mkdocs.yml").read_text("utf-8")
    (root / "mkdocs.yml").write_text(config + "\n".join(lines) + "\n", "utf-8")
    return root


def bench_check(tmp: Path, count: int, repeats: int) -> Row:
    project = make_project(tmp / "check", count)
    ours, base = side_by_side(
        lambda: _run([sys.executable, "-m", "generator", "check"], project),
        lambda: _run([sys.executable, "-c", FLOOR, "scenarios"], project),
        repeats,
    )
    return Row(
        f"check, {count} scenarios",
        f"{ours:.2f} s",
        f"{base:.2f} s (PyYAML CSafeLoader only)",
        ours / base,
        2.0,
        "x",
    )


def bench_build(tmp: Path, count: int, repeats: int) -> Row:
    ours_dir = make_project(tmp / "build-ours", count)
    base_dir = make_plain_project(tmp / "build-plain", count)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--quiet"]
    ours, base = side_by_side(lambda: _run(cmd, ours_dir), lambda: _run(cmd, base_dir), repeats)
    return Row(
        f"mkdocs build, {count} scenarios",
        f"{ours:.2f} s",
        f"{base:.2f} s ({count} plain pages and their facilitator pages, same words)",
        ours / base,
        1.25,
        "x",
    )


def bench_weight() -> Row:
    """What a scenario page loads beyond the theme, as published (minified), gzipped:
    the runtime and the site's styles. The facilitator kit's files are not among them:
    roleplay.js loads kit.js on the pages that need it, and only the kit's pages
    (facilitator, plan, certificate, progress) link kit.css."""
    names = ("roleplay.js", "roleplay.css", "site.css")
    total = sum(len(gzip.compress(asset(name), compresslevel=6)) for name in names)
    return Row(
        "scenario page's own JS+CSS (roleplay.js, roleplay.css, site.css), minified and gzipped",
        f"{total / 1024:.2f} KB",
        "-",
        total / 1024,
        7.0,
        "KB",
    )


def bench_adapter() -> Row:
    """The LMS adapter that SCORM packages add: the larger of its two versions. Its
    budget was 2.0 KB until it told the learner when nothing is recorded and withstood
    odd LMS answers (2,546 bytes then)."""
    size = max(len(gzip.compress(lms_adapter(fmt), compresslevel=6)) for fmt in FORMATS)
    return Row(
        "LMS adapter JS (SCORM packages only), minified and gzipped",
        f"{size / 1024:.2f} KB",
        "-",
        size / 1024,
        2.6,
        "KB",
    )


def bench_serve(tmp: Path, count: int, edits: int) -> list[Row]:
    """Rebuilds as ``mkdocs serve`` does them, with one scenario edited each time."""
    from generator.build import run_build, site_config

    project = make_project(tmp / "serve", count)
    mkdocs_logger = logging.getLogger("mkdocs")
    level = mkdocs_logger.level
    mkdocs_logger.setLevel(logging.ERROR)  # the pages' links to shipped scenarios
    cwd = os.getcwd()
    os.chdir(project)
    try:

        def rebuild() -> tuple[float, float, int]:
            config = site_config(project / "mkdocs.yml", site_dir=str(project / "site"))
            plugin = config.plugins["role-play"]
            first = rebuild.first  # type: ignore[attr-defined]
            rebuild.first = False  # type: ignore[attr-defined]
            started = time.perf_counter()
            # A serve session starts its plugins once; each edit is one more rebuild.
            run_build(config, "serve", startup=first)
            total = time.perf_counter() - started
            return plugin.seconds, total, plugin.last_reloaded  # type: ignore[attr-defined]

        rebuild.first = True  # type: ignore[attr-defined]
        rebuild()
        target = project / "scenarios" / "synthetic-0001.yml"
        own, totals, reloaded = [], [], []
        for i in range(edits):
            target.write_text(
                target.read_text("utf-8").replace('summary: "', f'summary: "Edit {i}. ', 1),
                "utf-8",
            )
            seconds, total, count_reloaded = rebuild()
            own.append(seconds)
            totals.append(total)
            reloaded.append(count_reloaded)
    finally:
        os.chdir(cwd)
        mkdocs_logger.setLevel(level)  # the process goes on (a test runs this)
    plugin_ms = statistics.median(own) * 1000
    total_ms = statistics.median(totals) * 1000
    return [
        Row(
            f"serve: edit 1 of {count}, plugin time",
            f"{plugin_ms:.0f} ms (re-read {max(reloaded)} file)",
            f"{total_ms:.0f} ms (whole MkDocs rebuild)",
            plugin_ms,
            50.0,
            "ms",
        ),
    ]


def bench_page(tmp: Path, count: int) -> Row:
    """One scenario page of a published site (``mkdocs build``) holding ``count`` scenarios."""
    project = make_project(tmp / "page", count)
    _run([sys.executable, "-m", "mkdocs", "build", "--quiet"], project)
    page = project / "site" / "scenarios" / "synthetic-0000" / "index.html"
    size = page.stat().st_size / 1024
    return Row(f"scenario page HTML, {count} in site", f"{size:.1f} KB", "-", size, 100.0, "KB")


SCORM_FORMATS = (("scorm2004", "SCORM 2004"), ("scorm12", "SCORM 1.2"))


def copy_real_project(root: Path) -> Path:
    """A copy of the project as shipped: its config, pages and scenarios, strict as it is."""
    root.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "content", root / "content")  # docs_dir
    shutil.copytree(ROOT / "overrides", root / "overrides")  # theme: custom_dir
    shutil.copytree(ROOT / "scenarios", root / "scenarios")  # the plugin's scenarios_dir
    return root


def bench_scorm(tmp: Path, repeats: int) -> list[Row]:
    """A SCORM package of every shipped scenario against a plain build of the same site."""
    project = copy_real_project(tmp / "scorm")
    count = len(list((project / "scenarios").glob("*.yml")))

    def package(fmt: str) -> float:
        output = str(tmp / f"{fmt}.zip")
        cmd = [sys.executable, "-m", "generator", "package", "--format", fmt, "--output", output]
        return _run(cmd, project)

    def plain() -> float:
        site = str(tmp / "plain")
        cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site]
        return _run(cmd, project)

    rows = []
    for fmt, name in SCORM_FORMATS:
        ours, base = side_by_side(partial(package, fmt), plain, repeats)
        rows.append(
            Row(
                f"{name} package, {count} shipped scenarios",
                f"{ours:.2f} s",
                f"{base:.2f} s (mkdocs build --strict of the same project)",
                ours / base,
                1.5,
                "x",
            )
        )
    return rows


def table(rows: list[Row]) -> str:
    head = "| measure | ours | baseline | result | budget | ok |\n|---|---|---|---|---|---|\n"
    body = "".join(
        f"| {r.measure} | {r.ours} | {r.baseline} | {r.value:.2f} {r.unit} "
        f"| <= {r.budget:g} {r.unit} | {'yes' if r.ok else 'NO'} |\n"
        for r in rows
    )
    return head + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=int, help="use this many scenarios everywhere (quick run)")
    parser.add_argument("--repeats", type=int, default=3, help="timed runs per side")
    parser.add_argument("--report-only", action="store_true", help="exit 0 even over budget")
    args = parser.parse_args(argv)
    n_check, n_build, n_site = (args.scale,) * 3 if args.scale else (1000, 300, 1000)
    with tempfile.TemporaryDirectory(prefix="bench-") as name:
        tmp = Path(name)
        rows = [bench_check(tmp, n_check, args.repeats)]
        rows.append(bench_build(tmp, n_build, args.repeats))
        rows.append(bench_weight())
        rows.append(bench_adapter())
        rows.append(bench_page(tmp, n_site))
        rows += bench_scorm(tmp, args.repeats)
        rows += bench_serve(tmp, n_site, max(args.repeats, 3))
    print(f"Benchmark on {os.cpu_count()} cores, {time.strftime('%Y-%m-%d')}")
    print(table(rows), end="")
    missed = [r.measure for r in rows if not r.ok]
    if missed:
        print("Over budget: " + "; ".join(missed))
        return 0 if args.report_only else 1
    print("All budgets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
