"""``python -m generator``: the trainer's command line."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="python -m generator")
