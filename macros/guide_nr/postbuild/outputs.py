"""Post-build stage: every fiche is in every output, or the build fails.

The previous publisher of this guide lost all its fiches in one commit and served broken
exports for two years. Here, after everything is written, each output is read back and must
hold exactly the fiches of the model: pages, catalogue, theme and facet pages, print page,
PDF, open data and search index — and, in a fork, every commitment of its charter in the
action sheets, the printable charter and its PDF.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from pathlib import Path

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.pages.facets import all_values
from guide_nr.postbuild.html import SitePages
from guide_nr.routes import CHARTER_PAGE, CHARTER_PRINT_PAGE, CSV_FILE, JSON_FILE, built_page, sheet_page

_FICHE_LINK = re.compile(r'href="[^"]*fiches/([^/"#]+)/')


class _Site:
    """The built site as the output guard reads it: HTML from the post-build steps' pages
    (no second read of the files), anything else from the folder."""

    def __init__(self, site: Path, pages: SitePages | None):
        self.site, self.pages = site, pages

    def text(self, relative: str) -> str | None:
        if self.pages is not None and relative.endswith(".html"):
            page = self.pages.get(relative)
            return page.text if page is not None else None
        file = self.site / relative
        return file.read_text(encoding="utf-8") if file.is_file() else None

    def exists(self, relative: str) -> bool:
        return self.text(relative) is not None

    def article(self, relative: str) -> str:
        text = self.text(relative) or ""
        start, end = text.find("<article"), text.rfind("</article>")
        return text[start:end] if start >= 0 else ""

    def linked(self, relative: str) -> list[str]:
        return _FICHE_LINK.findall(self.article(relative))


def check_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None, pages: SitePages | None = None) -> list[str]:
    """French descriptions of every output that does not hold exactly the guide's fiches."""
    built = _Site(site, pages)
    expected = [f.id for f in guide.fiches]
    wanted = set(expected)
    faults = []

    def compare(output: str, found: Iterable[str]) -> None:
        found = list(found)
        missing, extra = sorted(wanted - set(found)), sorted(set(found) - wanted)
        if missing or extra or len(found) != len(expected):
            detail = []
            if missing:
                detail.append(f"manquent {', '.join(missing)}")
            if extra:
                detail.append(f"en trop {', '.join(extra)}")
            if not detail:
                detail.append(f"{len(found)} entrées pour {len(expected)} fiches")
            faults.append(f"{output} : {' ; '.join(detail)}")

    compare("pages des fiches", [i for i in expected if built.exists(built_page(routes.fiche_page(i)))])
    compare("catalogue", re.findall(r'data-fiche="([^"]+)"', built.text(built_page(routes.CATALOGUE_PAGE)) or ""))
    compare("pages des thèmes", [i for t in guide.themes for i in built.linked(built_page(routes.theme_page(t.id)))])
    values = all_values(guide)
    for facet, label in (("priority", "pages par priorité"), ("difficulty", "pages par difficulté")):
        compare(label, [i for v in values[facet] for i in built.linked(built_page(v.page_path))])
    pilot_pages = {i for v in values["pilot"] for i in built.linked(built_page(v.page_path))}
    compare("pages par pilote", [i for i in expected if i in pilot_pages] + sorted(pilot_pages - wanted))
    compare("version imprimable", re.findall(r'<section id="fiche-([^"]+)" class="fiche">', built.text(routes.PRINT_PAGE) or ""))
    if pdf_bookmarks is not None:
        marks = set(pdf_bookmarks)
        compare("PDF (signets)", [f.id for f in guide.fiches if " ".join(f.title.split()) in marks])
    data = site / JSON_FILE
    compare("fiches.json", [f["id"] for f in json.loads(data.read_text(encoding="utf-8"))["fiches"]] if data.is_file() else [])
    table = site / CSV_FILE
    rows = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter=";") if table.is_file() else []
    compare("fiches.csv", [row["id"] for row in rows])
    entry = site / routes.SEARCH_ENTRY
    if entry.is_file():
        indexed = sum(lang.get("page_count", 0) for lang in json.loads(entry.read_text(encoding="utf-8")).get("languages", {}).values())
        if indexed < len(expected):
            faults.append(f"index de recherche : {indexed} pages indexées pour {len(expected)} fiches")
    return faults


def check_charter_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None, pages: SitePages | None = None) -> list[str]:
    """Same guard for a fork's charter: one action sheet per commitment, in every output."""
    built = _Site(site, pages)
    if guide.organisation.charter is None:
        return []
    expected = [c.fiche for c in guide.organisation.charter.commitments]
    faults = []

    def compare(output: str, found: Iterable[str]) -> None:
        missing = [i for i in expected if i not in set(found)]
        if missing:
            faults.append(f"{output} : manquent les engagements {', '.join(missing)}")

    compare("fiches action", [i for i in expected if built.exists(built_page(sheet_page(i)))])
    compare("page « Notre charte »", re.findall(r'href="[^"]*fiches-action/([^/"#]+)/', built.article(built_page(CHARTER_PAGE))))
    compare("charte imprimable", re.findall(r'<section id="fiche-action-([^"]+)"', built.text(CHARTER_PRINT_PAGE) or ""))
    if pdf_bookmarks is not None:
        compare("PDF de la charte (signets)", [i for i in expected if any(m.startswith(f"Fiche action {i} ") for m in pdf_bookmarks)])
    return faults
