"""Open data: the exports load back into the model, identical to the guide."""

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup

from conftest import REPO
from guide_nr.model.fiche import Fiche
from guide_nr.pages import opendata
from guide_nr.sources.project import load_project


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


def test_json_export_round_trips_to_the_model(guide):
    data = json.loads(opendata.as_json(guide))
    assert data["guide"]["version"] == guide.settings.version
    assert data["guide"]["licence"] == "Licence Ouverte / Etalab 2.0"
    assert [Fiche.model_validate(f) for f in data["fiches"]] == guide.fiches
    assert [t["id"] for t in data["themes"]] == [t.id for t in guide.themes]
    assert [p["label"] for p in data["pilots"]] == [p.label for p in guide.pilots]


def test_csv_export_has_one_row_per_fiche_for_spreadsheets(guide):
    text = opendata.as_csv(guide)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text[1:]), delimiter=";"))
    assert [r["id"] for r in rows] == [f.id for f in guide.fiches]
    for row, fiche in zip(rows, guide.fiches, strict=False):
        assert row["title"] == fiche.title and row["summary"] == fiche.summary
        assert row["pilots"].split(opendata.LIST_SEPARATOR) == fiche.pilots
        assert row["indicators"].split(opendata.LIST_SEPARATOR) == fiche.indicators
        assert row["body"] == fiche.body
        assert row["updated"] == fiche.updated.isoformat()


def test_published_exports_equal_the_model_and_are_linked(built_site, guide):
    assert (built_site / opendata.JSON_FILE).read_text(encoding="utf-8") == opendata.as_json(guide)
    assert (built_site / opendata.CSV_FILE).read_bytes().decode("utf-8") == opendata.as_csv(guide)
    page = BeautifulSoup((built_site / "donnees-ouvertes" / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in page.select("article a")}
    assert {"../donnees/fiches.json", "../donnees/fiches.csv", "../schema/fiche.schema.json", "../changes.json"} <= links
    fields = [row.code.get_text() for row in page.select("article table tbody tr td:first-child") if row.code]
    assert fields[: len(Fiche.model_fields)] == list(Fiche.model_fields)
    changes = json.loads((built_site / "changes.json").read_text(encoding="utf-8"))
    assert changes["changes"][-1]["version"] == guide.releases[0].version


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "＝", "＋", "－", "＠"])  # fields are stripped: no leading tab
def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(project, start):
    """OWASP « CSV injection »: a cell starting like a formula gets a leading apostrophe; the
    JSON export keeps the exact text."""
    formula = f"{start}HYPERLINK(\"https://exemple.org\";\"clic\")"
    project.fiche(title=f"{formula} titre", summary=f"{start}1+1 résumé", indicators=[f"{start}5 % d’écrans"])
    guide = project.load()
    rows = list(csv.DictReader(io.StringIO(opendata.as_csv(guide)[1:]), delimiter=";"))
    assert rows[0]["title"] == f"'{formula} titre" and rows[0]["summary"] == f"'{start}1+1 résumé"
    assert rows[0]["indicators"] == f"'{start}5 % d’écrans"
    assert json.loads(opendata.as_json(guide))["fiches"][0]["title"] == f"{formula} titre"


def test_open_data_page_explains_the_neutralisation():
    text = (REPO / "docs/donnees-ouvertes.md").read_text(encoding="utf-8")
    assert "apostrophe" in text and "tableur" in text


HOSTILE_CHARTER = r'''organisation: Mairie d’essai
guide_version: "1.0"
adoption: {date: 2025-01-10, body: "=cmd|' /C calc'!A0", reference: "</script><script>alert(1)</script>"}
signatories: [{name: "@SUM(1+1)", role: "\"guillemets\" et 'apostrophes'"}]
commitments:
  - fiche: a.1
    status: en cours
    pilot: "+33 1 23 45 67 89"
    sponsor: "-2+3+cmd|' /C calc'!A0"
    contributors: ["\t=1+1", "@x"]
    actions:
      - title: "\r=HYPERLINK(\"https://exemple.org\";\"clic\")"
        start: 2025-01-01
        end: 2025-03-01
        owner: "＝cmd|' /C calc'!A0"
        comment: "</script>\"'; fin"
    targets:
      - indicator: "@SUM(A1:A2)"
        baseline: -4.5
        target: 0.1
        unit: "-"
        date: 2025-03-01
        values: [{year: 2025, value: -1.25, note: "+1"}]
    budgets: [{year: 2025, planned: 1234.56, spent: 0.5, note: "=1"}]
'''
HOSTILE_MATURITY = r'''dimensions:
  Gouvernance: [a.1]
assessments:
  - date: 2025-01-01
    by: "-comité"
    scores:
      - {dimension: Gouvernance, score: 2, comment: "=1+1 </script>"}
'''


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_charter_exports_keep_hostile_text_exact_in_json_and_inert_in_csv(project):
    """A charter cell starting like a formula (=, +, -, @, full-width forms; a tab or CR
    before it is stripped by the model) gets the apostrophe; numbers, negative ones
    included, stay numbers; the JSON keeps every text exactly, </script> and quotes too."""
    from guide_nr.model.charter import Charter
    from guide_nr.model.maturity import Maturity
    from guide_nr.pages import charter_data
    from guide_nr.routes import ACTIONS_CSV_FILE, BUDGETS_CSV_FILE, CHARTER_JSON_FILE, COMMITMENTS_CSV_FILE, INDICATORS_CSV_FILE, MATURITY_CSV_FILE

    project.fiche()
    project.write("organisation/charter.yml", HOSTILE_CHARTER)
    project.write("organisation/maturity.yml", HOSTILE_MATURITY)
    guide = project.load()
    charter = guide.organisation.charter
    assert charter.commitments[0].actions[0].title.startswith("=HYPERLINK(") and charter.commitments[0].contributors[0] == "=1+1"
    published = charter_data.files(guide)
    data = json.loads(published[CHARTER_JSON_FILE])
    assert Charter.model_validate(data["charter"]) == charter and Maturity.model_validate(data["maturity"]) == guide.organisation.maturity
    assert data["charter"]["adoption"]["reference"] == "</script><script>alert(1)</script>"
    assert data["charter"]["commitments"][0]["actions"][0]["comment"] == "</script>\"'; fin"

    def rows(path):
        return list(csv.DictReader(io.StringIO(published[path][1:], newline=""), delimiter=";"))

    every = [cell for path in (COMMITMENTS_CSV_FILE, ACTIONS_CSV_FILE, INDICATORS_CSV_FILE, BUDGETS_CSV_FILE, MATURITY_CSV_FILE)
             for row in rows(path) for cell in row.values()]
    assert [c for c in every if c.startswith(opendata.FORMULA_STARTS) and not _number(c)] == []
    commitment = rows(COMMITMENTS_CSV_FILE)[0]
    assert commitment["pilot"] == "'+33 1 23 45 67 89" and commitment["sponsor"] == "'-2+3+cmd|' /C calc'!A0"
    assert commitment["contributors"] == "'=1+1 | @x"
    action = rows(ACTIONS_CSV_FILE)[0]
    assert action["title"] == "'=HYPERLINK(\"https://exemple.org\";\"clic\")" and action["owner"] == "'＝cmd|' /C calc'!A0"
    assert action["comment"] == "</script>\"'; fin"
    values = [(r["kind"], r["value"], r["note"]) for r in rows(INDICATORS_CSV_FILE)]
    assert values == [("baseline", "-4.5", ""), ("value", "-1.25", "'+1"), ("target", "0.1", "")]
    assert rows(INDICATORS_CSV_FILE)[0]["indicator"] == "'@SUM(A1:A2)" and rows(INDICATORS_CSV_FILE)[0]["unit"] == "'-"
    assert [(r["planned"], r["spent"], r["note"]) for r in rows(BUDGETS_CSV_FILE)] == [("1234.56", "0.5", "'=1")]
    assert [(r["by"], r["comment"]) for r in rows(MATURITY_CSV_FILE)] == [("'-comité", "'=1+1 </script>")]
    for start in ("\t", "\r"):  # never reached from a loaded file (stripped), refused all the same
        assert opendata.spreadsheet_cell(f"{start}=1+1") == f"'{start}=1+1"
