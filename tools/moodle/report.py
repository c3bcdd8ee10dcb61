"""What the local Moodle recorded for each learner and SCORM activity, read from its database.

Moodle 4.5 keeps SCORM tracking in three tables (mod/scorm/db/install.xml):
``mdl_scorm_attempt`` (user, activity, attempt number), ``mdl_scorm_element`` (element
names such as ``cmi.core.lesson_status``) and ``mdl_scorm_scoes_value`` (one value per
attempt, SCO and element). This joins them with the SCOs, the activities and the users and
prints them grouped per user, activity, attempt and SCO, with the grade and completion
state Moodle derived from them.

    python3 tools/moodle/report.py [--user learner1] [--activity NAME-or-cmid]
                                   [--element lesson_status] [--full] [--json]

It reads the connection settings from ``moodle.env``, which setup.sh writes into the run
folder (``--run-dir`` or ``$MOODLE_RUN``, default ``/work/moodle-run``). Only ``psql`` is
needed, no Python package beyond the standard library.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_RUN = Path(os.environ.get("MOODLE_RUN", "/work/moodle-run"))
SHORT_VALUE = 160

TRACKING_SQL = """
SELECT u.username, s.id AS scorm_id, s.name AS activity, cm.id AS cmid, c.shortname AS course,
       a.attempt, sc.identifier AS sco, sc.title AS sco_title, sc.sortorder,
       e.element, v.value, v.timemodified
  FROM mdl_scorm_scoes_value v
  JOIN mdl_scorm_attempt a ON a.id = v.attemptid
  JOIN mdl_scorm_element e ON e.id = v.elementid
  JOIN mdl_scorm_scoes sc ON sc.id = v.scoid
  JOIN mdl_scorm s ON s.id = a.scormid
  JOIN mdl_course c ON c.id = s.course
  JOIN mdl_user u ON u.id = a.userid
  JOIN mdl_modules m ON m.name = 'scorm'
  LEFT JOIN mdl_course_modules cm ON cm.module = m.id AND cm.instance = s.id
"""

OUTCOME_SQL = """
SELECT u.username, s.id AS scorm_id, gg.finalgrade, gi.grademax, cmc.completionstate
  FROM mdl_scorm s
  JOIN mdl_modules m ON m.name = 'scorm'
  JOIN mdl_course_modules cm ON cm.module = m.id AND cm.instance = s.id
  JOIN mdl_scorm_attempt a ON a.scormid = s.id
  JOIN mdl_user u ON u.id = a.userid
  LEFT JOIN mdl_grade_items gi ON gi.itemtype = 'mod' AND gi.itemmodule = 'scorm'
       AND gi.iteminstance = s.id AND gi.itemnumber = 0
  LEFT JOIN mdl_grade_grades gg ON gg.itemid = gi.id AND gg.userid = u.id
  LEFT JOIN mdl_course_modules_completion cmc ON cmc.coursemoduleid = cm.id
       AND cmc.userid = u.id
 GROUP BY u.username, s.id, gg.finalgrade, gi.grademax, cmc.completionstate
"""

# Moodle's COMPLETION_* constants (lib/completionlib.php).
COMPLETION_STATES = {
    "0": "incomplete",
    "1": "complete",
    "2": "complete, passed",
    "3": "complete, failed",
}


@dataclass
class Sco:
    """One SCO's elements within one attempt."""

    identifier: str
    title: str
    sortorder: int
    elements: dict[str, str] = field(default_factory=dict)


@dataclass
class Activity:
    """One learner's tracking data in one SCORM activity."""

    username: str
    scorm_id: int
    name: str
    cmid: int | None
    course: str
    attempts: dict[int, dict[str, Sco]] = field(default_factory=dict)
    grade: str = ""
    completion: str = ""


def read_env(run_dir: Path) -> dict[str, str]:
    """The KEY=VALUE settings setup.sh wrote to ``moodle.env`` in ``run_dir``."""
    path = run_dir / "moodle.env"
    if not path.is_file():
        sys.exit(f"{path}: not found; run tools/moodle/setup.sh first (or give --run-dir)")
    settings: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        key, sep, value = line.partition("=")
        if sep:
            settings[key.strip()] = value.strip()
    return settings


def query(env: dict[str, str], sql: str) -> list[dict[str, str]]:
    """Rows of ``sql`` run with psql against the Moodle database, as dictionaries."""
    command = [
        "psql",
        "--csv",
        "-X",
        "-h",
        env["MOODLE_DB_HOST"],
        "-p",
        env["MOODLE_DB_PORT"],
        "-U",
        env["MOODLE_DB_USER"],
        "-d",
        env["MOODLE_DB_NAME"],
        "-c",
        sql,
    ]
    result = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PGPASSWORD": env["MOODLE_DB_PASS"]},
    )
    if result.returncode != 0:
        sys.exit(f"psql failed: {result.stderr.strip()}")
    return list(csv.DictReader(io.StringIO(result.stdout)))


def element_order(name: str) -> list[tuple[int, str]]:
    """A sort key that puts cmi.interactions_2 before cmi.interactions_10.

    Moodle stores list elements with an underscore: ``cmi.interactions_0.id`` for the
    ``cmi.interactions.0.id`` the package set.
    """
    return [(int(part), "") if part.isdigit() else (-1, part) for part in re.split(r"[._]", name)]


def collect(tracking: list[dict[str, str]], outcomes: list[dict[str, str]]) -> list[Activity]:
    """Groups the rows per user and activity, then attempt and SCO."""
    activities: dict[tuple[str, int], Activity] = {}
    for row in tracking:
        key = (row["username"], int(row["scorm_id"]))
        activity = activities.get(key)
        if activity is None:
            activity = Activity(
                username=row["username"],
                scorm_id=int(row["scorm_id"]),
                name=row["activity"],
                cmid=int(row["cmid"]) if row["cmid"] else None,
                course=row["course"],
            )
            activities[key] = activity
        scos = activity.attempts.setdefault(int(row["attempt"]), {})
        sco = scos.get(row["sco"])
        if sco is None:
            sco = Sco(row["sco"], row["sco_title"], int(row["sortorder"]))
            scos[row["sco"]] = sco
        sco.elements[row["element"]] = row["value"]
    for row in outcomes:
        found = activities.get((row["username"], int(row["scorm_id"])))
        if found is None:
            continue
        if row["finalgrade"]:
            found.grade = f"{float(row['finalgrade']):g} / {float(row['grademax'] or 0):g}"
        if row["completionstate"]:
            state = row["completionstate"]
            found.completion = COMPLETION_STATES.get(state, state)
    return sorted(activities.values(), key=lambda a: (a.username, a.scorm_id))


def matches(activity: Activity, user: str | None, wanted: str | None) -> bool:
    """Whether the activity passes the --user and --activity filters."""
    if user and activity.username != user:
        return False
    if wanted:
        by_id = wanted.isdigit() and activity.cmid == int(wanted)
        if not by_id and wanted.lower() not in activity.name.lower():
            return False
    return True


def shorten(value: str, full: bool) -> str:
    """The value on one line, cut after SHORT_VALUE characters unless ``full``."""
    value = value.replace("\n", "\\n")
    if full or len(value) <= SHORT_VALUE:
        return value
    return f"{value[:SHORT_VALUE]}... ({len(value)} characters)"


def print_text(activities: list[Activity], element: str | None, full: bool) -> None:
    """The human-readable report."""
    if not activities:
        print("No SCORM tracking data yet (nobody launched an activity, or none fits the filters).")
        return
    for activity in activities:
        where = f"cmid {activity.cmid}" if activity.cmid is not None else "no course module"
        print(f"== {activity.username} | {activity.name} ({where}, course {activity.course})")
        print(f"   grade: {activity.grade or '-'}   completion: {activity.completion or '-'}")
        for number, scos in sorted(activity.attempts.items()):
            print(f"   attempt {number}")
            for sco in sorted(scos.values(), key=lambda s: (s.sortorder, s.identifier)):
                print(f"     SCO {sco.identifier} ({sco.title})")
                for name in sorted(sco.elements, key=element_order):
                    if element and element not in name:
                        continue
                    print(f"       {name} = {shorten(sco.elements[name], full)}")
        print()


def as_json(activities: list[Activity], element: str | None) -> list[dict[str, object]]:
    """The report as plain data for ``--json``."""
    return [
        {
            "user": a.username,
            "activity": a.name,
            "cmid": a.cmid,
            "scorm_id": a.scorm_id,
            "course": a.course,
            "grade": a.grade,
            "completion": a.completion,
            "attempts": {
                str(number): {
                    sco.identifier: {
                        name: sco.elements[name]
                        for name in sorted(sco.elements, key=element_order)
                        if not element or element in name
                    }
                    for sco in scos.values()
                }
                for number, scos in sorted(a.attempts.items())
            },
        }
        for a in activities
    ]


def main(argv: list[str] | None = None) -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--run-dir", type=Path, default=DEFAULT_RUN, help="setup.sh's run folder")
    parser.add_argument("--user", help="only this username")
    parser.add_argument("--activity", help="only activities whose name contains this, or a cmid")
    parser.add_argument("--element", help="only elements whose name contains this")
    parser.add_argument("--full", action="store_true", help="do not shorten long values")
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")
    args = parser.parse_args(argv)

    env = read_env(args.run_dir)
    activities = [
        a
        for a in collect(query(env, TRACKING_SQL), query(env, OUTCOME_SQL))
        if matches(a, args.user, args.activity)
    ]
    if args.json:
        print(json.dumps(as_json(activities, args.element), indent=2))
    else:
        print_text(activities, args.element, args.full)


if __name__ == "__main__":
    main()
