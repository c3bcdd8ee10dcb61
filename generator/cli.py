"""The trainer's command line: ``check``, ``lint``, ``new``, ``schema``, ``package`` and
``pages``."""

from __future__ import annotations

from pathlib import Path

import click

from .attempt_restarts import published_site, restart_notes
from .errors import Problem
from .lint import not_linted, run_lint, summary_line
from .load import (
    MISNAMED_RULE,
    LoadedScenario,
    display_path,
    expand_paths,
    load_all,
    plain_reason,
)
from .published import CLASH_RULE, generated_clashes
from .schema import schema_text
from .scorm import FORMATS, Format
from .site_config import CONFIG_FILE, read_site_settings, site_link_errors
from .starter import MAX_SLUG_LENGTH, check_command, is_slug, write_starter
from .topics import TOPIC_SLUGS

DEFAULT_DIR = Path("scenarios")


def run_check(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Check files; return how many were checked and every problem found.

    Links to the site's own pages are checked against the site configured in the
    mkdocs.yml of the current folder, as ``mkdocs build`` will check them.
    """
    checked, problems, _ = _checked(paths)
    return checked, problems


def _checked(paths: list[Path]) -> tuple[int, list[Problem], list[LoadedScenario]]:
    """run_check's result, and the scenarios that are valid."""
    problems: list[Problem] = []
    valid: list[LoadedScenario] = []
    for path in paths:
        try:
            loaded, found = load_all([path])
            valid += loaded
            problems += found
        except Exception as err:  # a bug of ours must still not show a trainer a traceback
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    f"internal error while checking this file ({type(err).__name__}: {err}); "
                    "please report it with the file attached",
                    rule="internal-error",
                )
            )
    problems += site_link_errors(valid, Path(CONFIG_FILE))
    return len(paths), problems, valid


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Check, create and describe the training's role-play scenarios."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check scenario files and print every mistake as FILE:LINE:COL: message.

    With no PATHS, checks every .yml file in scenarios/. A PATH may be a file or a
    folder. Exits 0 when all files are valid and 1 when any has a mistake.
    """
    files, folder_problems = expand_paths(paths, DEFAULT_DIR)
    settings = None if paths else read_site_settings(Path(CONFIG_FILE))
    if settings is not None:  # the whole project: its pages too, as the build will
        folder_problems += generated_clashes(settings.docs_dir, settings.scenarios_dir)
    checked, file_problems, valid = _checked(files)
    problems = folder_problems + file_problems
    for problem in problems + _restart_notes(valid):
        click.echo(str(problem))
    noun = "file" if checked == 1 else "files"
    if problems:
        click.echo(f"Checked {checked} {noun}: {_tally(file_problems, folder_problems)}.")
        raise SystemExit(1)
    if checked == 0:
        click.echo("No scenario files found (they end in .yml).")
        return
    click.echo(f"Checked {checked} {noun}: no errors.")


def _restart_notes(valid: list[LoadedScenario]) -> list[Problem]:
    """What the edits of these scenarios do to learners' unfinished attempts, compared
    with the site last published from the mkdocs.yml here (none without one)."""
    config = Path(CONFIG_FILE)
    if not config.is_file():
        return []
    try:
        return restart_notes(valid, *published_site(config))
    except Exception:  # only a note: a fault here must not hide the check's result
        return []


def _tally(file_problems: list[Problem], folder_problems: list[Problem]) -> str:
    """How many errors, in how many files, and how many folders could not be read."""
    count = len(file_problems) + len(folder_problems)
    text = f"{count} {'error' if count == 1 else 'errors'}"
    if file_problems:
        text += f" in {len({p.path for p in file_problems})} of them"
    skipped = len({p.path for p in folder_problems if p.rule == MISNAMED_RULE})
    clashes = len({p.path for p in folder_problems if p.rule == CLASH_RULE})
    folders = len({p.path for p in folder_problems}) - skipped - clashes
    if folders:
        text += f"; {folders} {'folder' if folders == 1 else 'folders'} could not be read"
    if skipped:
        text += f"; {skipped} {'file' if skipped == 1 else 'files'} not checked (rename them)"
    if clashes:
        text += f"; {clashes} {'page' if clashes == 1 else 'pages'} to rename or move"
    return text


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Exit with 1 when there is any warning.")
@click.option(
    "--guess",
    is_flag=True,
    help="Instead of the design warnings, report how often naive strategies (the longest "
    "reply, the most empathy words, no negative words, a question, chance) pass.",
)
def lint(paths: tuple[Path, ...], strict: bool, guess: bool) -> None:
    """Warn about scenario design: FILE:LINE:COL: warning: what, and why it matters.

    check finds mistakes; lint finds what works but teaches less well: the best reply
    always the longest, choices without consequence, feedback that names no idea, hard
    reading, narration in patron lines, a summary that gives the need away, missing notes
    or discussion; in questions, a right answer that stands out by its length, too few
    wrong options, joke distractors, wrong options without feedback, two versions of a
    bank with the same prompt (every version of a bank is linted). Across the files
    linted together: right answers that are often the longest, and a cue (a question
    mark, "sorry"...) much more frequent in best replies. With no PATHS, lints every .yml
    file in scenarios/. A PATH may be a file or a folder. A file with errors is not
    linted. Exits 0, or 1 with --strict when there is any warning.

    With --guess, each scenario is played by naive strategies instead (200 plays each,
    ties broken by chance), and a table shows the % of plays that reach a success ending
    and that pass (with the knowledge check); a warning names each strategy that passes
    more than 10% of the scenarios.
    """
    files, unreadable = expand_paths(paths, DEFAULT_DIR)
    if guess:
        from .guess import run_guess

        report = run_guess(files, unreadable)
        for line in report.lines():
            click.echo(line)
        if strict and report.warned:
            raise SystemExit(1)
        return
    count, problems = run_lint(files)
    problems = [not_linted(p.path, p.message) for p in unreadable] + problems
    for problem in problems:
        click.echo(str(problem))
    click.echo(summary_line(count, problems))
    if strict and problems:
        raise SystemExit(1)


@cli.command()
@click.argument("slug")
@click.option(
    "--topic", required=True, type=click.Choice(TOPIC_SLUGS), help="The topic it practices."
)
@click.option(
    "--dir",
    "directory",
    default=DEFAULT_DIR,
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="Where scenario files live.",
)
def new(slug: str, topic: str, directory: Path) -> None:
    """Write a starter scenario SLUG.yml that already passes check.

    SLUG becomes the file name and the page address, so use lower-case words joined by
    hyphens, for example: fines-and-blocked-cards. An existing file is never replaced.
    """
    _check_slug(slug)
    target = directory / f"{slug}.yml"
    try:
        path = write_starter(directory, slug, topic)
    except FileExistsError:
        click.echo(f"{target} already exists; not overwriting it.", err=True)
        raise SystemExit(1) from None
    except OSError as err:
        click.echo(f"cannot write {target}: {plain_reason(err)}", err=True)
        raise SystemExit(1) from None
    click.echo(f"Wrote {path}. Edit it, then run: {check_command(path)}")


def _check_slug(slug: str) -> None:
    """Refuse, as a usage error, a SLUG that cannot name a scenario file."""
    if not is_slug(slug):
        raise click.BadParameter(
            "use lower-case letters, digits and single hyphens, e.g. noisy-study-room",
            param_hint="SLUG",
        )
    if len(slug) > MAX_SLUG_LENGTH:
        raise click.BadParameter(
            f"it is {len(slug)} characters long, but a file name can hold at most "
            f"{MAX_SLUG_LENGTH} before .yml; a few words are enough, e.g. noisy-study-room",
            param_hint="SLUG",
        )


@cli.command()
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of printing.",
)
def schema(output: Path | None) -> None:
    """Print the JSON Schema of the scenario format (for editor completion)."""
    if output is None:
        click.echo(schema_text(), nl=False)
        return
    try:
        output.write_text(schema_text(), encoding="utf-8")
    except OSError as err:
        click.echo(f"cannot write {output}: {plain_reason(err)}", err=True)
        raise SystemExit(1) from None


@cli.command()
@click.option(
    "--format",
    "fmt",
    required=True,
    type=click.Choice(FORMATS),
    help="scorm12 (SCORM 1.2) or scorm2004 (SCORM 2004 4th Edition).",
)
@click.option(
    "--scenario",
    "slugs",
    multiple=True,
    metavar="SLUG",
    help="Package just this scenario; repeat for more. Every scenario when left out.",
)
@click.option(
    "--output",
    type=click.Path(),
    help="Where to write the zip: a regular file, replaced whole.  [default: "
    "dist/<site-name>-<format>.zip; with --one-per-scenario, the folder for the zips: "
    "dist/<site-name>-<format>/]",
)
@click.option(
    "--one-per-scenario",
    is_flag=True,
    help="Write one package per scenario, each with a single SCO, named "
    "<site-name>-<scenario>-<format>.zip (for an LMS that tracks one SCO per activity, "
    "such as Moodle with SCORM 2004).",
)
def package(
    fmt: Format, slugs: tuple[str, ...], output: str | None, one_per_scenario: bool
) -> None:
    """Build the site as a SCORM package (a zip) to upload to an LMS.

    Builds the site of mkdocs.yml in the current folder, one SCO per scenario, grouped
    by topic. Each scenario reports its status, score and the learner's choices to the
    LMS, and keeps its place there. With --one-per-scenario, writes one zip per
    scenario instead, each with that scenario alone. Exits 1, listing every mistake as
    FILE:LINE:COL: message, when a scenario has one, and with a one-line reason when
    --output is not a file's place (a folder, a shortcut, a device) or cannot be written.
    """
    from .errors import ScenarioError
    from .scorm.package import (
        PackageError,
        UnknownScenarios,
        build_package,
        build_scenario_packages,
        chosen_scenarios,
    )

    try:
        count = len(chosen_scenarios(slugs))
        if one_per_scenario:
            written = build_scenario_packages(fmt, slugs, output)
        else:
            path = build_package(fmt, slugs, output)
    except UnknownScenarios as err:
        raise click.BadParameter(str(err), param_hint="--scenario") from None
    except ScenarioError as err:
        for problem in err.problems:
            click.echo(str(problem))
        errors, files = len(err.problems), len({p.path for p in err.problems})
        click.echo(
            f"Not packaged: {errors} {'error' if errors == 1 else 'errors'} "
            f"in {files} {'file' if files == 1 else 'files'}."
        )
        raise SystemExit(1) from None
    except PackageError as err:
        click.echo(f"Not packaged: {err}", err=True)
        raise SystemExit(1) from None
    if not one_per_scenario:
        noun = "scenario" if count == 1 else "scenarios"
        click.echo(f"Wrote {display_path(path)} ({count} {noun}).")
        return
    for zipped in written:
        click.echo(f"Wrote {display_path(zipped.path)} ({zipped.scos[0].title}).")
    folder = display_path(written[0].path.parent)
    noun = "package" if len(written) == 1 else "packages"
    click.echo(f"Wrote {len(written)} {noun} into {folder}/, one per scenario.")


@cli.command()
@click.option(
    "--into",
    "into",
    required=True,
    type=click.Path(path_type=Path, file_okay=False),
    help="The folder to write the plugin-free project into (made if missing).",
)
@click.option(
    "--engine",
    type=click.Choice(("mkdocs", "zensical")),
    default="mkdocs",
    show_default=True,
    help="The engine that will build it: zensical leaves out the Material theme overrides.",
)
def pages(into: Path, engine: str) -> None:
    """Write the site as plain files, for an engine that runs no plugins (Zensical).

    Writes INTO/mkdocs.yml (the site's configuration without the role-play plugin, the
    scenarios' navigation filled in) and INTO/docs/ (the hand-written pages, every
    generated page as Markdown with its HTML body, and the assets). Build it there with
    the engine, for example `zensical build` or `mkdocs build --strict`. Exits 1,
    listing every mistake as FILE:LINE:COL: message, when a scenario has one.
    """
    from .engine_files import PagesError, write_pages
    from .errors import ScenarioError

    try:
        written = write_pages(Path(CONFIG_FILE), into, engine)
    except ScenarioError as err:
        for problem in err.problems:
            click.echo(str(problem))
        click.echo(f"Not written: {len(err.problems)} mistake(s) in the scenarios.")
        raise SystemExit(1) from None
    except (PagesError, OSError) as err:
        reason = plain_reason(err) if isinstance(err, OSError) else str(err)
        click.echo(f"Not written: {reason}", err=True)
        raise SystemExit(1) from None
    click.echo(
        f"Wrote {display_path(written.folder)}: {written.pages} pages and "
        f"{written.assets} assets beside the hand-written ones."
    )


def main() -> None:
    """Entry point of the ``training-scenarios`` console script."""
    cli(prog_name="training-scenarios")
