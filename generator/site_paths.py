"""Where the plugin's generated pages and assets sit in the docs folder."""

from __future__ import annotations

from .topics import TOPICS

PROGRESS_SRC = "progress.md"
PLAN_SRC = "plan-a-session.md"
CERTIFICATE_SRC = "certificate.md"
SHEETS = (
    ("A logbook-of-nos form", "sheets/logbook-of-nos.md"),
    ("The weekly logbook review", "sheets/weekly-review.md"),
    ("A secret-shopper checklist and debrief", "sheets/secret-shopper.md"),
    ("An attendance sheet for a live session", "sheets/attendance.md"),
)
"""Hand-written exercise sheets in content/, listed on the plan page."""
ASSET_DIR = "assets/roleplay"
ASSETS = ("roleplay.js", "roleplay.css")
"""The role-play runtime, held to its size budget."""
LMS_ADAPTER = "lms.js"
"""The LMS adapter: in SCORM packages only, loaded before the runtime."""
KIT_STYLE = "kit.css"
"""The facilitator kit's style sheet: linked only by the pages that need it (facilitator
pages, the plan, certificate and progress pages), in their own HTML."""
KIT_ASSETS = ("kit.js", "site.css", KIT_STYLE)
"""The facilitator kit's script (loaded by the runtime where a page needs it), the
site's own style sheet (theme fixes, print; on every page) and the kit's style sheet."""


def scenario_src(slug: str) -> str:
    """The docs path of a scenario's generated page."""
    return f"scenarios/{slug}.md"


def facilitator_src(slug: str) -> str:
    """The docs path of a scenario's facilitator page (role cards, branch map, debrief)."""
    return f"scenarios/{slug}/facilitator.md"


def topic_src(slug: str) -> str:
    """The docs path of a topic's generated index page."""
    return f"topics/{slug}.md"


def generated_files(slugs: list[str]) -> set[str]:
    """Every docs path the plugin adds for a site with these scenarios."""
    files = {scenario_src(slug) for slug in slugs} | {facilitator_src(slug) for slug in slugs}
    files |= {topic_src(t.slug) for t in TOPICS}
    files |= {f"{ASSET_DIR}/{name}" for name in ASSETS + KIT_ASSETS}
    files |= {PROGRESS_SRC, PLAN_SRC, CERTIFICATE_SRC}
    return files


def is_generated(path: str) -> bool:
    """Whether the plugin makes the docs path ``path``, whichever scenarios the site has:
    a scenario's page or facilitator page, a topic page, the progress, plan or
    certificate page, or an asset."""
    if path in generated_files([]):
        return True
    parts = path.split("/")
    slug = parts[1].removesuffix(".md") if len(parts) > 1 else ""
    return bool(slug) and path in (scenario_src(slug), facilitator_src(slug))
