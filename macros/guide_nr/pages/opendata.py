"""Open data: the guide as JSON and CSV, generated from the validated model (never templated).

``fiches.json`` holds everything (themes, pilot vocabulary, fiches with bodies and feedback,
retired fiches) with the guide's version; ``fiches.csv`` has one row per fiche for
spreadsheets: UTF-8 with BOM, « ; » between columns, lists joined with « | ». A cell a
spreadsheet would read as a formula starts with an apostrophe (OWASP « CSV injection »);
the JSON keeps the exact text.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from guide_nr.model.fiche import Fiche
from guide_nr.model.guide import Guide
from guide_nr.pages.changelog import unpublished_ids
from guide_nr.routes import CSV_FILE, JSON_FILE, SCHEMA_FILE
from guide_nr.sources.schema import fiche_json_schema_text

LIST_SEPARATOR = " | "
CSV_COLUMNS = [
    "id", "theme", "theme_title", "title", "summary", "priority", "difficulty", "pilots", "indicators",
    "updated", "revised", "related", "references", "feedback_organisations", "body",
]
LICENCE = "Licence Ouverte / Etalab 2.0"
#: First characters that make Excel, LibreOffice or Google Sheets evaluate a cell (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_cell(value: str) -> str:
    """``value`` as a CSV cell no spreadsheet evaluates: one starting like a formula gets a
    leading apostrophe, which spreadsheets show as text and do not display."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_cell(value: object) -> str:
    """A value as a CSV cell: empty for ``None``, « oui » or « non » for a boolean, a number as
    Python writes it back (« 3000 », « 2.5 », « -4 »: a number is never a formula), any
    other text neutralised by :func:`spreadsheet_cell`."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, int | float):
        return str(int(value)) if float(value).is_integer() else repr(float(value))
    return spreadsheet_cell(str(value))


def csv_text(columns: list[str], rows: list[dict]) -> str:
    """A CSV document for spreadsheets (BOM, « ; », CRLF), every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=";", lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: csv_cell(value) for name, value in row.items()})
    return "\ufeff" + buffer.getvalue()


def as_json(guide: Guide) -> str:
    document = {
        "guide": {
            "version": guide.settings.version,
            "licence": LICENCE,
            "attribution": "Structure et faits : MiNumEco et Institut du Numérique Responsable (INR)",
            "fiche_count": len(guide.fiches),
        },
        "themes": [t.model_dump(mode="json") for t in guide.themes],
        "pilots": [p.model_dump(mode="json") for p in guide.pilots],
        "fiches": [f.model_dump(mode="json") for f in guide.fiches],
        "retired": [r.model_dump(mode="json") for r in guide.retired if r.id not in unpublished_ids(guide)],  # not a fiche a fork hides
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _row(guide: Guide, fiche: Fiche) -> dict:
    return {
        "id": fiche.id,
        "theme": fiche.theme,
        "theme_title": guide.theme(fiche.theme).title,
        "title": fiche.title,
        "summary": fiche.summary,
        "priority": fiche.priority,
        "difficulty": fiche.difficulty,
        "pilots": LIST_SEPARATOR.join(fiche.pilots),
        "indicators": LIST_SEPARATOR.join(fiche.indicators),
        "updated": fiche.updated.isoformat(),
        "revised": fiche.revision.isoformat(),
        "related": LIST_SEPARATOR.join(fiche.related),
        "references": LIST_SEPARATOR.join(f"{r.title} <{r.url}>" if r.url else r.title for r in fiche.references),
        "feedback_organisations": LIST_SEPARATOR.join(item.organisation for item in fiche.feedback),
        "body": fiche.body,
    }


def as_csv(guide: Guide) -> str:
    return csv_text(CSV_COLUMNS, [_row(guide, fiche) for fiche in guide.fiches])


def files(guide: Guide) -> dict[str, str]:
    """Every open-data file, by its path in the site."""
    return {JSON_FILE: as_json(guide), CSV_FILE: as_csv(guide), SCHEMA_FILE: fiche_json_schema_text(guide)}


def write(guide: Guide, target: Path, extra: dict[str, str] | None = None) -> list[Path]:
    """Write the open-data files under ``target`` (the ``guide export`` command), with
    ``extra`` files by their path in the site (a fork's charter data)."""
    written = []
    for relative, text in {**files(guide), **(extra or {})}.items():
        path = target / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        written.append(path)
    return written


def field_table() -> str:
    """Markdown table documenting the fiche fields (from the model's descriptions)."""
    rows = ["| Champ | Description | Colonne CSV |", "|---|---|---|"]
    for name, info in Fiche.model_fields.items():
        column = {"feedback": "feedback_organisations (organisations seulement)"}.get(name, name if name in CSV_COLUMNS else "—")
        rows.append(f"| `{name}` | {info.description or ''} | {column} |")
    return "\n".join(rows) + "\n"
