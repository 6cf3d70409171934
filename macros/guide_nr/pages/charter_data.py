"""Open data of a fork's charter: JSON and CSV generated from the validated model.

``charte.json`` holds the charter as it was loaded (adoption, signatories, revisions,
commitments with every field), the maturity self-assessments, and what the build date
says of them (each action's state, from ``model/report.py``). The CSV files give one table
each for spreadsheets, written like ``fiches.csv`` (BOM, « ; », cells that a spreadsheet
would evaluate start with an apostrophe): commitments, actions with planned and actual
dates and their state, indicator values (one row per value: baseline, each year, target),
budgets per year, and maturity scores (one row per assessment and dimension).
The JSON schemas of the organisation's files are published beside the fiche's.
"""

from __future__ import annotations

import datetime as _dt
import json

from guide_nr import routes
from guide_nr.model.charter import Charter
from guide_nr.model.guide import Guide
from guide_nr.model.indicator import Indicator
from guide_nr.model.maturity import LEVELS, Maturity
from guide_nr.model.report import action_state
from guide_nr.pages.opendata import LICENCE, LIST_SEPARATOR, csv_text
from guide_nr.sources.schema import organisation_json_schema_texts

COMMITMENT_COLUMNS = [
    "fiche", "fiche_title", "theme", "status", "reason", "deadline", "due", "sponsor", "pilot", "contributors", "lever",
    "expected_results", "human_means", "budget", "scope", "prerequisites", "notes",
]
ACTION_COLUMNS = [
    "fiche", "number", "title", "owner", "start", "end", "status", "started", "done", "comment",
    "state_date", "state", "overdue", "completed", "days_late",
]
INDICATOR_COLUMNS = ["fiche", "number", "indicator", "unit", "kind", "year", "date", "value", "note"]
BUDGET_COLUMNS = ["fiche", "year", "planned", "spent", "note"]
MATURITY_COLUMNS = ["date", "by", "dimension", "score", "level", "comment"]
#: What each file holds, for the pages that list them (« Données ouvertes », « Notre démarche »).
DESCRIPTIONS = {
    routes.CHARTER_JSON_FILE: "toute la charte (adoption, signataires, révisions, engagements avec tous leurs champs), "
                              "les auto-évaluations de maturité et l’état de chaque action à la date de construction",
    routes.COMMITMENTS_CSV_FILE: "une ligne par engagement : statut, échéance, porteur, pilote, levier, moyens, périmètre",
    routes.ACTIONS_CSV_FILE: "une ligne par action : dates prévues et réelles, responsable, état à la date de construction (en retard ou non)",
    routes.INDICATORS_CSV_FILE: "une ligne par valeur d’indicateur : valeur de départ, valeur de chaque année, cible et échéance",
    routes.BUDGETS_CSV_FILE: "une ligne par engagement et par année : budget prévu et dépensé, en euros",
    routes.MATURITY_CSV_FILE: "une ligne par auto-évaluation et par dimension : note de 1 à 5 et commentaire",
}


def _date(value: _dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def action_states(guide: Guide) -> list[dict]:
    """Each action of the charter, in file order, with its state at the build date."""
    charter = guide.organisation.charter
    out = []
    for commitment in charter.commitments if charter is not None else []:
        for number, action in enumerate(commitment.actions, start=1):
            state = action_state(action, commitment, guide.today)
            out.append({"fiche": commitment.fiche, "number": number, "state": state.status, "overdue": state.overdue,
                        "completed": _date(state.done), "days_late": state.late_by, "label": state.label})
    return out


def as_json(guide: Guide) -> str:
    organisation = guide.organisation
    charter, maturity = organisation.charter, organisation.maturity
    document = {
        "guide": {"version": guide.settings.version, "licence": LICENCE},
        "organisation": {"name": organisation.name, "scopes": organisation.scopes},
        "date": guide.today.isoformat(),  # the build date: the date of the actions' states
        "charter": charter.model_dump(mode="json") if charter is not None else None,
        # the version in force, as the pages give it (its own « version », else the last revision's)
        "charter_version": charter.current_version if charter is not None else None,
        "commitments": [{"fiche": c.fiche, "fiche_title": guide.fiche(c.fiche).title, "theme": guide.fiche(c.fiche).theme,
                         "due": _date(c.due[0]) if c.due else None, "due_from": c.due[1] if c.due else None}
                        for c in (charter.commitments if charter is not None else [])],
        "actions": action_states(guide),
        "maturity": maturity.model_dump(mode="json") if maturity is not None else None,
        "maturity_levels": {str(score): label for score, label in LEVELS.items()},
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def _join(values: list[str]) -> str:
    return LIST_SEPARATOR.join(values)


def commitments_csv(guide: Guide, charter: Charter) -> str:
    rows = []
    for c in charter.commitments:
        fiche = guide.fiche(c.fiche)
        rows.append({
            "fiche": c.fiche, "fiche_title": fiche.title, "theme": fiche.theme, "status": c.status, "reason": c.reason,
            "deadline": _date(c.deadline), "due": _date(c.due[0]) if c.due else None, "sponsor": c.sponsor, "pilot": c.pilot,
            "contributors": _join(c.contributors), "lever": c.lever, "expected_results": _join(c.expected_results),
            "human_means": c.human_means, "budget": c.budget, "scope": _join(c.scope), "prerequisites": _join(c.prerequisites),
            "notes": c.notes,
        })
    return csv_text(COMMITMENT_COLUMNS, rows)


def actions_csv(guide: Guide, charter: Charter) -> str:
    rows = []
    states = iter(action_states(guide))
    for c in charter.commitments:
        for number, a in enumerate(c.actions, start=1):
            state = next(states)
            rows.append({
                "fiche": c.fiche, "number": number, "title": a.title, "owner": a.owner, "start": _date(a.start), "end": _date(a.end),
                "status": a.status, "started": _date(a.started), "done": _date(a.done), "comment": a.comment,
                "state_date": guide.today.isoformat(), "state": state["state"], "overdue": state["overdue"],
                "completed": state["completed"], "days_late": state["days_late"],
            })
    return csv_text(ACTION_COLUMNS, rows)


def _indicator_row(fiche: str, number: int, t: Indicator, kind: str, value: float, year: int | None = None,
                   date: str | None = None, note: str | None = None) -> dict:
    return {"fiche": fiche, "number": number, "indicator": t.indicator, "unit": t.unit, "kind": kind, "year": year,
            "date": date, "value": value, "note": note}


def indicators_csv(charter: Charter) -> str:
    """One row per value of an indicator: its baseline, each measured year (and the old
    « current » value, without a year), then its target with the target's deadline."""
    rows = []
    for c in charter.commitments:
        for number, t in enumerate(c.targets, start=1):
            rows.append(_indicator_row(c.fiche, number, t, "baseline", t.baseline, year=t.baseline_year))
            rows += [_indicator_row(c.fiche, number, t, "value", m.value, year=m.year, note=m.note) for m in t.values]
            if t.current is not None:
                rows.append(_indicator_row(c.fiche, number, t, "current", t.current))
            rows.append(_indicator_row(c.fiche, number, t, "target", t.target, date=t.date.isoformat()))
    return csv_text(INDICATOR_COLUMNS, rows)


def budgets_csv(charter: Charter) -> str:
    rows = [{"fiche": c.fiche, "year": b.year, "planned": b.planned, "spent": b.spent, "note": b.note}
            for c in charter.commitments for b in c.budgets]
    return csv_text(BUDGET_COLUMNS, rows)


def maturity_csv(maturity: Maturity) -> str:
    rows = [{"date": a.date.isoformat(), "by": a.by, "dimension": s.dimension, "score": s.score, "level": LEVELS[s.score],
             "comment": s.comment} for a in maturity.assessments for s in a.scores]
    return csv_text(MATURITY_COLUMNS, rows)


def files(guide: Guide) -> dict[str, str]:
    """The charter's open-data files and the organisation's schemas, by their path in the
    site (only the schemas for the common guide)."""
    organisation = guide.organisation
    charter, maturity = organisation.charter, organisation.maturity
    out: dict[str, str] = {}
    if charter is not None or maturity is not None:
        out[routes.CHARTER_JSON_FILE] = as_json(guide)
    if charter is not None:
        out[routes.COMMITMENTS_CSV_FILE] = commitments_csv(guide, charter)
        out[routes.ACTIONS_CSV_FILE] = actions_csv(guide, charter)
        out[routes.INDICATORS_CSV_FILE] = indicators_csv(charter)
        out[routes.BUDGETS_CSV_FILE] = budgets_csv(charter)
    if maturity is not None:
        out[routes.MATURITY_CSV_FILE] = maturity_csv(maturity)
    # The schemas are published by every site, the common guide's too: « Composer ma charte »
    # validates an imported charter.yml against them, and a new fork's editor can point at them.
    for name, text in organisation_json_schema_texts(guide).items():
        out[routes.ORGANISATION_SCHEMAS[name]] = text
    return out


def listing(guide: Guide, from_path: str) -> str:
    """Markdown list of the files :func:`files` publishes, linked from ``from_path`` (empty
    for the common guide). A list, not a table: the pages that show it stay within their
    element budget."""
    published = files(guide)
    if not published:
        return ""
    lines = [f"- [{path.rsplit('/', 1)[1]}]({routes.link(from_path, path)})\u202f: {description}"
             for path, description in DESCRIPTIONS.items() if path in published]
    schemas = [f"[{name}]({routes.link(from_path, path)})" for name, path in routes.ORGANISATION_SCHEMAS.items() if path in published]
    if schemas:
        lines.append(f"- les schémas JSON des fichiers de l’organisation, pour les vérifier et les compléter dans un éditeur\u202f: "
                     f"{', '.join(schemas)}")
    return "\n".join(lines) + "\n"
