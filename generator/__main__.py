"""``python -m generator``: the trainer's command line."""

import sys

try:
    from .cli import cli
except ModuleNotFoundError as missing:
    # A Python without the project's packages (not the project's .venv): say how to run
    # it instead of showing a traceback. A module of the generator itself missing is a bug.
    if not missing.name or missing.name.partition(".")[0] == "generator":
        raise
    sys.stderr.write(
        f'The package "{missing.name}" that the generator needs is not installed for this '
        f"Python ({sys.executable}).\n"
        "Run it with the project's own Python instead: .venv/bin/python -m generator check\n"
        "or run: make check (it creates .venv with every package first when it is missing)\n"
    )
    raise SystemExit(2) from None

if __name__ == "__main__":
    cli(prog_name="python -m generator")
