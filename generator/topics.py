"""The training's topics: the one place to add or rename a topic.

The loader, the CLI's ``new`` command, the JSON Schema and the site's navigation all
read this tuple, in this order.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """A group of scenarios on one idea of the training."""

    slug: str
    title: str
    description: str
    guide: str
    """The hand-written page in content/ that teaches this topic's idea."""


TOPICS: tuple[Topic, ...] = (
    Topic(
        "service-values",
        "Service as a core value",
        "Good service is a choice made in small acts, for patrons and colleagues alike.",
        "service-values.md",
    ),
    Topic(
        "yes-first",
        "Yes-first",
        "Check whether a request is illegal, immoral or impossible; otherwise start from yes.",
        "yes-first.md",
    ),
    Topic(
        "policy-and-technology",
        "Policy and technology in step",
        "Spot rules and systems that work against service, and log every no.",
        "policy-and-technology.md",
    ),
    Topic(
        "follow-up",
        "Follow-up and the personal touch",
        "Take details, pursue the problem and call the patron back with the outcome.",
        "follow-up.md",
    ),
    Topic(
        "difficult-patrons",
        "Difficult patrons",
        "Stay calm, acknowledge, set clear limits and keep everyone safe.",
        "difficult-patrons.md",
    ),
)

TOPIC_SLUGS: tuple[str, ...] = tuple(t.slug for t in TOPICS)


def topic(slug: str) -> Topic:
    """The topic with this slug (KeyError when there is none)."""
    for t in TOPICS:
        if t.slug == slug:
            return t
    raise KeyError(slug)
