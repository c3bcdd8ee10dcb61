"""Synthetic, valid scenarios of realistic size for the benchmark.

Each has 8 steps (6 decisions of 3 choices, 2 endings) and 3 questions, about 8 KB of
YAML, with text drawn from a fixed vocabulary so runs are repeatable.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

from generator.topics import TOPIC_SLUGS

WORDS = (
    "patron library desk card book hold return fine renew ebook tablet printer computer "
    "session exam staff colleague help policy limit request alternative offer listen calm "
    "acknowledge follow call details branch shelf catalogue reference copy scan room quiet "
    "noise group meeting tonight tomorrow week problem answer question need explain show "
    "together check find order arrive late early kind clear simple fair safe thanks sorry"
).split()


def _sentence(rng: random.Random, low: int = 6, high: int = 13) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, sentences: int) -> str:
    return " ".join(_sentence(rng) for _ in range(sentences))


def scenario_yaml(index: int) -> str:
    """The YAML text of synthetic scenario number ``index``."""
    rng = random.Random(index)
    q = json.dumps  # JSON strings are valid YAML double-quoted scalars
    lines = [
        f"title: {q(f'Synthetic scenario {index}: ' + _sentence(rng, 3, 6))}",
        f"topic: {TOPIC_SLUGS[index % len(TOPIC_SLUGS)]}",
        f"summary: {q(_text(rng, 3))}",
        "objectives:",
        *[f"  - {q(_sentence(rng))}" for _ in range(3)],
        "patron:",
        f"  name: {q(rng.choice(['Ana', 'Ben', 'Chen', 'Dana', 'Eli', 'Fatima']))}",
        f"  about: {q(_text(rng, 2))}",
        "start: step-1",
        "steps:",
    ]
    for n in range(1, 7):
        lines += [f"  step-{n}:", f"    patron: {q(_text(rng, 2))}", "    choices:"]
        for quality in ("best", "good", "poor"):
            target = f"step-{n + 1}" if n < 6 else "won"
            if quality == "poor":
                target = "lost" if n % 2 == 0 else f"step-{n + 1}"
            lines += [
                f"      - text: {q(_sentence(rng))}",
                f"        quality: {quality}",
                f"        feedback: {q(_text(rng, 2))}",
                f"        next: {target}",
            ]
    for name, kind in (("won", "success"), ("lost", "failure")):
        lines += [
            f"  {name}:",
            f"    ending: {kind}",
            f"    patron: {q(_sentence(rng))}",
            f"    debrief: {q(_text(rng, 2))}",
        ]
    lines.append("questions:")
    for _ in range(3):
        lines += [f"  - prompt: {q(_sentence(rng))}", "    type: single", "    options:"]
        for correct in ("true", "false", "false"):
            lines += [
                f"      - text: {q(_sentence(rng, 3, 8))}",
                f"        correct: {correct}",
                f"        feedback: {q(_sentence(rng))}",
            ]
    return "\n".join(lines) + "\n"


def write_scenarios(directory: Path, count: int) -> list[Path]:
    """Write ``count`` synthetic scenarios into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = directory / f"synthetic-{index:04d}.yml"
        path.write_text(scenario_yaml(index), encoding="utf-8")
        paths.append(path)
    return paths
