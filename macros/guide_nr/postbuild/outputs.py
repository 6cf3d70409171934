"""Post-build stage: every fiche is in every output, or the build fails.

The previous publisher of this guide lost all its fiches in one commit and served broken
exports for two years. Here, after everything is written, each output is read back and must
hold exactly the fiches of the model: pages, catalogue, theme and facet pages, print page,
PDF, open data and search index — and, in a fork, every commitment of its charter in the
action sheets, the printable charter, its PDF and its open data.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.pages.facets import all_values
from guide_nr.postbuild.html import HtmlPage, SitePages
from guide_nr.routes import CHARTER_PAGE, CHARTER_PRINT_PAGE, CSV_FILE, JSON_FILE, built_page, sheet_page

_IN_FOLDER = re.compile(r"(?:^|/)(?:{folder})/([^/#?]+)/")
_LINKED_FOLDERS = (routes.FICHES_FOLDER, routes.SHEETS_FOLDER)


@dataclass(frozen=True)
class PageNotes:
    """What the guard needs to know of one built page, noted while the page is read."""

    data_fiche: tuple[str, ...] = ()  # the catalogue's entries
    linked: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folder → ids its article links to
    sections: tuple[tuple[str, bool], ...] = ()  # a document's <section id>, and whether it is a fiche's


def page_notes(page: HtmlPage) -> PageNotes:
    elements = page.elements
    article = next((e for e in elements if e.name == "article"), None)
    inside = [e for e in elements if article is not None and article.content_end is not None
              and article.start_end <= e.start < article.content_end]
    linked = {}
    for folder in _LINKED_FOLDERS:
        pattern = re.compile(_IN_FOLDER.pattern.format(folder=re.escape(folder.rsplit("/", 1)[-1])))  # links are relative
        linked[folder] = tuple(m.group(1) for e in inside if e.name == "a" and (m := pattern.search(e.attrs.get("href", ""))))
    return PageNotes(
        data_fiche=tuple(e.attrs["data-fiche"] for e in elements if "data-fiche" in e.attrs),
        linked=linked,
        sections=tuple((e.attrs["id"], e.has_class("fiche")) for e in elements if e.name == "section" and "id" in e.attrs),
    )


class _Site:
    """The built site as the guard reads it: HTML pages through the notes taken when each was
    read (no second read of the files), the data files from the folder."""

    def __init__(self, site: Path, notes: dict[str, PageNotes] | None):
        self.site = site
        if notes is None:
            notes = {page.path: page_notes(page) for page in SitePages(site)}
        self.notes = notes

    def text(self, relative: str) -> str | None:
        file = self.site / relative
        return file.read_text(encoding="utf-8") if file.is_file() else None

    def exists(self, relative: str) -> bool:
        return relative in self.notes

    def data_fiche(self, relative: str) -> list[str]:
        return list(self.notes[relative].data_fiche) if relative in self.notes else []

    def linked(self, relative: str, folder: str = routes.FICHES_FOLDER) -> list[str]:
        """Ids of the pages of ``folder`` linked from the article of a page."""
        return list(self.notes[relative].linked.get(folder, ())) if relative in self.notes else []

    def sections(self, relative: str, prefix: str, css: str | None = None) -> list[str]:
        """Ids (without ``prefix``) of the ``<section>`` elements of a document."""
        notes = self.notes.get(relative)
        return [key[len(prefix):] for key, is_fiche in (notes.sections if notes else ())
                if key.startswith(prefix) and (css is None or is_fiche)]


def _loose(text: str) -> str:
    return re.sub(r"\s+", "", text).replace("’", "'").replace("É", "E")


def check_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None, notes: dict[str, PageNotes] | None = None) -> list[str]:
    """French descriptions of every output that does not hold exactly the guide's fiches
    (``notes``: the pages' notes taken by the post-build steps, else the pages are read here)."""
    built = _Site(site, notes)
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
    compare("catalogue", built.data_fiche(built_page(routes.CATALOGUE_PAGE)))
    compare("pages des thèmes", [i for t in guide.themes for i in built.linked(built_page(routes.theme_page(t.id)))])
    values = all_values(guide)
    for facet, label in (("priority", "pages par priorité"), ("difficulty", "pages par difficulté")):
        compare(label, [i for v in values[facet] for i in built.linked(built_page(v.page_path))])
    pilot_pages = {i for v in values["pilot"] for i in built.linked(built_page(v.page_path))}
    compare("pages par pilote", [i for i in expected if i in pilot_pages] + sorted(pilot_pages - wanted))
    compare("version imprimable", built.sections(routes.PRINT_PAGE, "fiche-", css="fiche"))
    if pdf_bookmarks is not None:
        # The PDF shows the titles as the site does, with French typography (postbuild/typography.py):
        # compared with spaces, apostrophes and capital accents set aside.
        marks = {_loose(mark) for mark in pdf_bookmarks}
        compare("PDF (signets)", [f.id for f in guide.fiches if _loose(f.title) in marks])
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


def check_charter_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None,
                          notes: dict[str, PageNotes] | None = None) -> list[str]:
    """Same guard for a fork's charter: one action sheet per commitment, in every output."""
    built = _Site(site, notes)
    if guide.organisation.charter is None:
        return []
    expected = [c.fiche for c in guide.organisation.charter.commitments]
    sheets = [c.fiche for c in guide.organisation.charter.retained]  # a practice « non retenue » has no action sheet
    faults = []

    def compare(output: str, found: Iterable[str], wanted: list[str] | None = None) -> None:
        missing = [i for i in (expected if wanted is None else wanted) if i not in set(found)]
        if missing:
            faults.append(f"{output} : manquent les engagements {', '.join(missing)}")

    compare("fiches action", [i for i in sheets if built.exists(built_page(sheet_page(i)))], sheets)
    compare("page « Notre charte »", built.linked(built_page(CHARTER_PAGE), routes.SHEETS_FOLDER), sheets)
    compare("charte imprimable", built.sections(CHARTER_PRINT_PAGE, "fiche-action-"), sheets)
    if pdf_bookmarks is not None:
        compare("PDF de la charte (signets)", [i for i in sheets if any(m.startswith(f"Fiche action {i} ") for m in pdf_bookmarks)], sheets)
    stray = [i for i in expected if i not in sheets and built.exists(built_page(sheet_page(i)))]
    if stray:
        faults.append(f"fiches action : les pratiques non retenues {', '.join(stray)} n’ont pas de fiche action, mais une page existe")
    data = site / routes.CHARTER_JSON_FILE
    compare("charte.json", [c["fiche"] for c in json.loads(data.read_text(encoding="utf-8"))["charter"]["commitments"]] if data.is_file() else [])
    table = site / routes.COMMITMENTS_CSV_FILE
    rows = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter=";") if table.is_file() else []
    compare("charte-engagements.csv", [row["fiche"] for row in rows])
    return faults
