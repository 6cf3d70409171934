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
from pathlib import Path

from .facets import all_values
from .guide import Guide
from .opendata import CSV_FILE, JSON_FILE
from .organisation_pages import CHARTER_PAGE, sheet_path
from .pages import built_page
from .printing import CHARTER_PRINT_PAGE

_FICHE_LINK = re.compile(r'href="[^"]*fiches/([^/"#]+)/')


def _article(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    start, end = text.find("<article"), text.rfind("</article>")
    return text[start:end] if start >= 0 else ""


def _linked(path: Path) -> list[str]:
    return _FICHE_LINK.findall(_article(path)) if path.is_file() else []


def check_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None) -> list[str]:
    """French descriptions of every output that does not hold exactly the guide's fiches."""
    expected = [f.id for f in guide.fiches]
    wanted = set(expected)
    faults = []

    def compare(output: str, found) -> None:
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

    compare("pages des fiches", [i for i in expected if (site / "fiches" / i / "index.html").is_file()])
    catalogue = site / "catalogue" / "index.html"
    compare("catalogue", re.findall(r'data-fiche="([^"]+)"', catalogue.read_text(encoding="utf-8")) if catalogue.is_file() else [])
    compare("pages des thèmes", [i for t in guide.themes for i in _linked(site / "themes" / t.id / "index.html")])
    values = all_values(guide)
    for facet, label in (("priority", "pages par priorité"), ("difficulty", "pages par difficulté")):
        compare(label, [i for v in values[facet] for i in _linked(site / v.page_path.replace(".md", "/index.html"))])
    pilot_pages = {i for v in values["pilot"] for i in _linked(site / v.page_path.replace(".md", "/index.html"))}
    compare("pages par pilote", [i for i in expected if i in pilot_pages] + sorted(pilot_pages - wanted))
    printed = site / "imprimer" / "index.html"
    compare("version imprimable", re.findall(r'<section id="fiche-([^"]+)" class="fiche">', printed.read_text(encoding="utf-8")) if printed.is_file() else [])
    if pdf_bookmarks is not None:
        marks = set(pdf_bookmarks)
        compare("PDF (signets)", [f.id for f in guide.fiches if " ".join(f.title.split()) in marks])
    data = site / JSON_FILE
    compare("fiches.json", [f["id"] for f in json.loads(data.read_text(encoding="utf-8"))["fiches"]] if data.is_file() else [])
    table = site / CSV_FILE
    rows = csv.DictReader(io.StringIO(table.read_text(encoding="utf-8-sig")), delimiter=";") if table.is_file() else []
    compare("fiches.csv", [row["id"] for row in rows])
    entry = site / "pagefind" / "pagefind-entry.json"
    if entry.is_file():
        indexed = sum(lang.get("page_count", 0) for lang in json.loads(entry.read_text(encoding="utf-8")).get("languages", {}).values())
        if indexed < len(expected):
            faults.append(f"index de recherche : {indexed} pages indexées pour {len(expected)} fiches")
    return faults


def check_charter_outputs(site: Path, guide: Guide, pdf_bookmarks: tuple[str, ...] | None) -> list[str]:
    """Same guard for a fork's charter: one action sheet per commitment, in every output."""
    if guide.charter is None:
        return []
    expected = [c.fiche for c in guide.charter.commitments]
    faults = []

    def compare(output: str, found) -> None:
        missing = [i for i in expected if i not in set(found)]
        if missing:
            faults.append(f"{output} : manquent les engagements {', '.join(missing)}")

    compare("fiches action", [i for i in expected if (site / built_page(sheet_path(i))).is_file()])
    charter = site / built_page(CHARTER_PAGE)
    compare("page « Notre charte »", re.findall(r'href="[^"]*fiches-action/([^/"#]+)/', _article(charter)) if charter.is_file() else [])
    printed = site / CHARTER_PRINT_PAGE
    compare("charte imprimable", re.findall(r'<section id="fiche-action-([^"]+)"', printed.read_text(encoding="utf-8")) if printed.is_file() else [])
    if pdf_bookmarks is not None:
        compare("PDF de la charte (signets)", [i for i in expected if any(m.startswith(f"Fiche action {i} ") for m in pdf_bookmarks)])
    return faults
