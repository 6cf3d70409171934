"""The sanitizer on each whole page, once Markdown has assembled it.

Fields are checked one by one when the guide is loaded (precise file, field and line);
this second pass sees what only the assembly can make — a link written in one field whose
target is defined in another, a charter note placed on a fiche page — and anything the
engine itself would let through by mistake. A page it would change is not published.
"""

from __future__ import annotations

from guide_nr.model.guide import Guide
from guide_nr.problems import ProblemList
from guide_nr.routes import SECTION
from guide_nr.safety.sanitizer import PAGE, TEMPLATE, Policy, refusals


def page_policies(guide: Guide) -> dict[str, Policy]:
    """The allow-list each page is held to when it is not :data:`PAGE` (the engine's): an
    organisation's own pages get the contributed text's, plus what the macros write."""
    return {page.page_path: TEMPLATE for page in guide.organisation.extra_pages}


def page_faults(html: str, policy: Policy = PAGE) -> list[str]:
    """French messages for what the page sanitizer would remove from a built page's content."""
    messages: list[str] = []
    for refusal in refusals(html, policy):
        if refusal.message not in messages:
            messages.append(refusal.message)
    return messages


def page_sources(guide: Guide, page_path: str) -> list[str]:
    """The source files whose text a page shows, as the contributor knows them."""
    display = ProblemList(guide.settings.root).display
    stem = page_path[: -len(".md")] if page_path.endswith(".md") else page_path
    folder, _, name = stem.rpartition("/")
    sources: list[str] = []
    if folder == "fiches" and name in guide.sources:
        sources.append(display(guide.sources[name]))
        if guide.organisation.commitment(name) is not None and guide.settings.organisation_path is not None:
            sources.append(display(guide.settings.organisation_path / "charter.yml"))
    elif folder == "fiches":
        sources.append(display(guide.settings.retired_path))
    elif folder == "themes":
        sources.append(display(guide.settings.themes_path))
    elif stem.split("/")[0] == SECTION and guide.settings.organisation_path is not None:
        sources.append(display(guide.settings.organisation_path))
    return sources or [page_path]
