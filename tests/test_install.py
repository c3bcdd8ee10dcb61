"""Reproducible installs: the lock files pin everything with hashes, agree with
pyproject.toml and with each other, and the Makefile installs from them again when
they change."""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .helpers import ROOT

REQUIREMENTS = ROOT / "requirements"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
LOCKS = sorted(REQUIREMENTS.glob("*.txt"))
PIN = re.compile(r"([A-Za-z0-9._-]+)==(\S+)(?:\s*;\s*(.+?))?\s+--hash=")

# Imported by the generator but installed and pinned exactly by the package named.
COMES_WITH = {"pydantic-core": "pydantic"}


def entries(lock: Path) -> list[str]:
    """The requirement entries of a lock file, each with its hashes on one line."""
    text = lock.read_text("utf-8").replace("\\\n", " ")
    return [line for line in text.splitlines() if line.strip() and line.lstrip()[0] != "#"]


def pins(lock: Path) -> dict[str, str]:
    """The version each package is pinned to in ``lock`` (for this Python, by markers)."""
    found: dict[str, str] = {}
    for line in entries(lock):
        entry = PIN.match(line)
        assert entry, f"{lock.name}: not pinned with a hash: {line[:80]}"
        name, version, marker = entry.groups()
        if marker is None or Marker(marker).evaluate():
            found[canonicalize_name(name)] = version
    return found


def satisfied(lock: Path, requirements: list[str]) -> None:
    locked = pins(lock)
    for line in requirements:
        wanted = Requirement(line)
        name = canonicalize_name(wanted.name)
        assert name in locked, f"{lock.name} lacks {wanted.name}"
        assert wanted.specifier.contains(locked[name], prereleases=True), (lock.name, line)


def test_there_are_the_lock_files_the_makefile_installs() -> None:
    makefile = (ROOT / "Makefile").read_text("utf-8")
    for lock in LOCKS:
        assert f"requirements/{lock.name}" in makefile or lock.stem in ("lock", "lock-test")
    assert {p.name for p in LOCKS} >= {
        "lock.txt",
        "lock-test.txt",
        "zensical.txt",
        "properdocs.txt",
        "pyyaml-oldest.txt",
        "tools.txt",
    }


@pytest.mark.parametrize("lock", LOCKS, ids=[p.name for p in LOCKS])
def test_every_entry_is_pinned_with_hashes(lock: Path) -> None:
    lines = entries(lock)
    assert lines
    for line in lines:
        assert PIN.match(line), f"{lock.name}: {line[:80]}"
        assert all(len(h) == 64 for h in re.findall(r"--hash=sha256:(\w+)", line)), line


def test_the_locks_hold_what_pyproject_asks_for() -> None:
    project = PYPROJECT["project"]
    build = [*PYPROJECT["build-system"]["requires"], "pip"]
    satisfied(REQUIREMENTS / "lock.txt", [*project["dependencies"], *build])
    satisfied(
        REQUIREMENTS / "lock-test.txt",
        [*project["dependencies"], *project["optional-dependencies"]["test"], *build],
    )
    makefile = (ROOT / "Makefile").read_text("utf-8")
    engines = dict(re.findall(r"^(ZENSICAL|PROPERDOCS|PYYAML_OLDEST)\s*:=\s*(\S+)", makefile, re.M))
    satisfied(
        REQUIREMENTS / "properdocs.txt",
        [*project["dependencies"], *build, f"properdocs=={engines['PROPERDOCS']}"],
    )
    satisfied(REQUIREMENTS / "zensical.txt", [f"zensical=={engines['ZENSICAL']}"])
    satisfied(REQUIREMENTS / "pyyaml-oldest.txt", [f"PyYAML=={engines['PYYAML_OLDEST']}"])
    assert Requirement(
        next(d for d in project["dependencies"] if d.startswith("PyYAML"))
    ).specifier.contains(engines["PYYAML_OLDEST"]), "the oldest PyYAML tested is not allowed"


def test_the_site_the_tests_and_properdocs_share_their_versions() -> None:
    site = pins(REQUIREMENTS / "lock.txt")
    tests = pins(REQUIREMENTS / "lock-test.txt")
    properdocs = pins(REQUIREMENTS / "properdocs.txt")
    assert {name: tests.get(name) for name in site} == site
    assert {name: properdocs[name] for name in site} == site


def test_every_package_the_generator_imports_is_declared() -> None:
    imported: set[str] = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = imported - set(sys.stdlib_module_names) - {"generator"}
    providers = packages_distributions()
    declared = {
        canonicalize_name(Requirement(d).name) for d in PYPROJECT["project"]["dependencies"]
    }
    for module in sorted(third_party):
        assert module in providers, f"{module} is imported but not installed"
        for dist in map(canonicalize_name, providers[module]):
            assert COMES_WITH.get(dist, dist) in declared, f"{dist} ({module}) is not declared"


def test_the_package_ships_its_data_folders_without_warnings(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(
        ROOT / "generator", source / "generator", ignore=shutil.ignore_patterns("__pycache__")
    )
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--verbose",
         "-w", str(tmp_path / "dist"), str(source)],
        capture_output=True, text=True, check=False, timeout=300,
    )  # fmt: skip
    assert built.returncode == 0, built.stdout + built.stderr
    assert "would be ignored" not in built.stdout + built.stderr
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    shipped = set(zipfile.ZipFile(wheel).namelist())
    data = [
        p.relative_to(ROOT).as_posix()
        for folder in ("templates", "assets", "scorm/schemas")
        for p in (ROOT / "generator" / folder).rglob("*")
        if p.is_file()
    ]
    assert len(data) > 30
    assert [p for p in data if p not in shipped] == []


def make(workdir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["make", "--no-print-directory", "-C", str(workdir), *args],
        capture_output=True, text=True, check=False, timeout=60,
    )  # fmt: skip


@pytest.fixture
def installed(tmp_path: Path) -> Path:
    """A copy of the Makefile and lock files with every environment already installed."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    shutil.copytree(REQUIREMENTS, tmp_path / "requirements")
    later = (tmp_path / "pyproject.toml").stat().st_mtime + 10
    for stamp in (
        ".venv/bin/python",
        ".venv/bin/uv",
        ".venv/.installed",
        ".venv/.installed-test",
        ".venv-zensical/.installed",
        ".venv-properdocs/.installed",
    ):
        (tmp_path / stamp).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / stamp).touch()
        os.utime(tmp_path / stamp, (later, later))
    return tmp_path


@pytest.mark.parametrize(
    ("lock", "stamp", "goals"),
    [
        ("lock.txt", ".venv/.installed", ["site", "serve", "check", "test"]),
        ("lock-test.txt", ".venv/.installed-test", ["test", "lint", "bench"]),
        ("zensical.txt", ".venv-zensical/.installed", ["engines", "test"]),
        ("properdocs.txt", ".venv-properdocs/.installed", ["engines", "test"]),
    ],
)
def test_a_changed_lock_file_is_installed_again(
    installed: Path, lock: str, stamp: str, goals: list[str]
) -> None:
    assert make(installed, "-q", stamp).returncode == 0  # up to date
    later = (installed / stamp).stat().st_mtime + 10
    os.utime(installed / "requirements" / lock, (later, later))
    assert make(installed, "-q", stamp).returncode == 1
    for goal in goals:
        commands = make(installed, "-n", goal).stdout
        assert re.search(rf"pip install --require-hashes .*-r requirements/{lock}\b", commands), (
            goal,
            commands,
        )


def test_the_project_is_installed_without_its_dependencies_after_the_lock(
    installed: Path,
) -> None:
    (installed / ".venv" / ".installed").unlink()
    commands = make(installed, "-n", "site").stdout
    hashed = re.search(r"pip install --require-hashes .*-r requirements/lock\.txt", commands)
    editable = re.search(r"pip install --no-deps --no-build-isolation -e \.", commands)
    assert hashed and editable and editable.start() > hashed.end(), commands


def test_upgrade_rewrites_every_lock_file(installed: Path) -> None:
    commands = make(installed, "-n", "upgrade").stdout
    written = set(re.findall(r"-o (requirements/\S+)", commands))
    assert written == {f"requirements/{p.name}" for p in LOCKS}
    assert commands.count("--generate-hashes") == len(LOCKS)
    assert commands.count("--upgrade") == len(LOCKS)


def test_the_engine_environments_are_not_committed() -> None:
    for folder in (".venv-zensical", ".venv-properdocs"):
        ignored = subprocess.run(
            ["git", "check-ignore", "-q", f"{folder}/bin/python"], cwd=ROOT, check=False
        )
        assert ignored.returncode == 0, folder
