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
