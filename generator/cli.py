"""The trainer's command line: ``check``, ``new`` and ``schema``."""

from __future__ import annotations

from pathlib import Path

import click

from .errors import Problem
from .load import display_path, load_all, scenario_files
from .schema import schema_text
from .starter import is_slug, write_starter
from .topics import TOPIC_SLUGS

DEFAULT_DIR = Path("scenarios")


def _expand(paths: tuple[Path, ...]) -> list[Path]:
    if not paths:
        return scenario_files(DEFAULT_DIR)
    out: list[Path] = []
    for path in paths:
        out += scenario_files(path) if path.is_dir() else [path]
    return out


def run_check(paths: list[Path]) -> tuple[int, list[Problem]]:
    """Check files; return how many were checked and every problem found."""
    problems: list[Problem] = []
    for path in paths:
        try:
            problems += load_all([path])[1]
        except Exception as err:  # a bug of ours must still not show a trainer a traceback
            problems.append(
                Problem(
                    display_path(path),
                    1,
                    1,
                    f"internal error while checking this file ({type(err).__name__}: {err}); "
                    "please report it with the file attached",
                )
            )
    return len(paths), problems


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Check, create and describe the training's role-play scenarios."""


@cli.command()
@click.argument("paths", nargs=-1, type=click.Path(exists=True, path_type=Path))
def check(paths: tuple[Path, ...]) -> None:
    """Check scenario files and print every mistake as FILE:LINE:COL: message.

    With no PATHS, checks every .yml file in scenarios/. A PATH may be a file or a
    folder. Exits 0 when all files are valid and 1 when any has a mistake.
    """
    files = _expand(paths)
    checked, problems = run_check(files)
    for problem in problems:
        click.echo(str(problem))
    broken = len({p.path for p in problems})
    noun = "file" if checked == 1 else "files"
    if problems:
        errors = "error" if len(problems) == 1 else "errors"
        click.echo(f"Checked {checked} {noun}: {len(problems)} {errors} in {broken} of them.")
        raise SystemExit(1)
    if checked == 0:
        click.echo("No scenario files found (they end in .yml).")
        return
    click.echo(f"Checked {checked} {noun}: no errors.")


@cli.command()
@click.argument("slug")
@click.option(
    "--topic", required=True, type=click.Choice(TOPIC_SLUGS), help="The topic it practises."
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
    if not is_slug(slug):
        raise click.BadParameter(
            "use lower-case letters, digits and single hyphens, e.g. noisy-study-room",
            param_hint="SLUG",
        )
    try:
        path = write_starter(directory, slug, topic)
    except FileExistsError:
        click.echo(f"{directory / (slug + '.yml')} already exists; not overwriting it.", err=True)
        raise SystemExit(1) from None
    click.echo(f"Wrote {path}. Edit it, then run: python -m generator check {path}")


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
    else:
        output.write_text(schema_text(), encoding="utf-8")


def main() -> None:
    """Entry point of the ``training-scenarios`` console script."""
    cli(prog_name="training-scenarios")
