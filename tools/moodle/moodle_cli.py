"""Set up test data in the local Moodle that setup.sh installs, through Moodle's own PHP API.

    python3 tools/moodle/moodle_cli.py course [--course LST] [--learners learner1:Learner-1,...]
    python3 tools/moodle/moodle_cli.py add-scorm ZIP [--course LST] [--name NAME]

``course`` creates (or keeps) a course and learner accounts enrolled in it as students.
``add-scorm`` is a convenience for setting the same site up again quickly: it adds a SCORM
activity from a zip without the web form. It is not the test: a package is tested by
uploading it through the web interface (upload_and_play.py, README.md).

Both run the PHP scripts in ``tools/moodle/php/`` with the ``php`` command; they load
Moodle's config.php from the run folder (``--run-dir`` or ``$MOODLE_RUN``, default
``/work/moodle-run``) and print JSON.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_RUN = Path(os.environ.get("MOODLE_RUN", "/work/moodle-run"))
PHP_OPTIONS = ["-d", "max_input_vars=5000", "-d", "memory_limit=512M"]


def run_php(run_dir: Path, script: str, options: list[str]) -> int:
    """Runs ``tools/moodle/php/<script>`` against the Moodle in ``run_dir``; its exit code."""
    www = run_dir / "www"
    if not (www / "config.php").is_file():
        print(f"{www}: no config.php; run tools/moodle/setup.sh first", file=sys.stderr)
        return 1
    command = ["php", *PHP_OPTIONS, str(HERE / "php" / script), f"--moodle={www}", *options]
    return subprocess.run(command, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    """Command line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN, help="setup.sh's run folder")
    commands = parser.add_subparsers(dest="command", required=True)

    course = commands.add_parser("course", help="a course with learners enrolled as students")
    course.add_argument("--course", default="LST", help="course short name (default LST)")
    course.add_argument("--fullname", default="Library service training")
    course.add_argument(
        "--learners",
        default="learner1:Learner-1,learner2:Learner-2",
        help="comma-separated user:password pairs",
    )

    scorm = commands.add_parser("add-scorm", help="convenience: a SCORM activity from a zip")
    scorm.add_argument("zip", type=Path, help="the SCORM package")
    scorm.add_argument("--course", default="LST", help="course short name (default LST)")
    scorm.add_argument("--name", help="activity name (default: the zip's file name)")
    scorm.add_argument("--section", type=int, default=1, help="course section (default 1)")

    args = parser.parse_args(argv)
    if args.command == "course":
        options = [
            f"--course={args.course}",
            f"--fullname={args.fullname}",
            f"--learners={args.learners}",
        ]
        return run_php(args.run_dir, "course_fixture.php", options)
    options = [
        f"--zip={args.zip.resolve()}",
        f"--course={args.course}",
        f"--section={args.section}",
    ]
    if args.name:
        options.append(f"--name={args.name}")
    return run_php(args.run_dir, "add_scorm.php", options)


if __name__ == "__main__":
    sys.exit(main())
