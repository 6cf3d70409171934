"""Offline page measures, the EcoIndex formula and the generated statement."""

import json

import pytest
from bs4 import BeautifulSoup

from guide_nr.postbuild.ecodesign import BUDGETS, PageMeasure, ecoindex, grade, measure_page


@pytest.mark.parametrize(
    "dom, requests, size, expected",
    [
        (0, 0, 0, 100.0),
        (47, 2, 1.37 * 1024, 95.0),      # each metric exactly on its first quantile
        (159, 25, 319.53 * 1024, 85.0),  # each exactly on its third
        (594601, 3920, 223212.26 * 1024, 0.0),
    ],
)
def test_ecoindex_formula(dom, requests, size, expected):
    assert ecoindex(dom, requests, size) == expected


def test_grades():
    assert [grade(s) for s in (100, 80.1, 80, 70.1, 55.5, 40.5, 25.5, 10.5, 10, 0)] == list("AABBCDEFGG")


def test_measure_page_follows_stylesheets_and_flags_third_parties(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<!doctype html><html><head><link rel="stylesheet" href="../s.css">'
        '<link rel="icon" href="../i.svg"><link rel="stylesheet" href="https://fonts.example.org/f.css"></head>'
        '<body><p>x</p><img src="../i.svg"></body></html>',
        encoding="utf-8",
    )
    (tmp_path / "s.css").write_text("body{background:url(img/b.png)}", encoding="utf-8")
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "b.png").write_bytes(b"\x89PNG" + b"\0" * 500)
    (tmp_path / "i.svg").write_text("<svg/>", encoding="utf-8")
    measure = measure_page(tmp_path, "a/index.html")
    assert measure.resources == ["s.css", "i.svg", "img/b.png"]  # the icon is requested once
    assert measure.external == ["https://fonts.example.org"]
    assert measure.requests == 5
    assert measure.dom == 8
    assert measure.type == "page"
    assert "requêtes vers des tiers : https://fonts.example.org" in measure.over_budget()


def test_budget_faults_are_named():
    heavy = PageMeasure("fiches/a.1/index.html", "fiche", 6, 30_000, 250, 70.0, "C", [], [])
    assert heavy.over_budget() == ["6 requêtes > 4", "30000 octets > 25000", "250 éléments > 220", "EcoIndex C (attendu A)"]


def test_statement_page_and_json_carry_the_measures(built_site):
    report = json.loads((built_site / "ecoconception.json").read_text(encoding="utf-8"))
    paths = {p["path"] for p in report["pages"]}
    assert paths == {p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html")}
    statement = next(p for p in report["pages"] if p["path"] == "ecoconception/index.html")
    assert statement == {**statement, **measure_page(built_site, "ecoconception/index.html").__dict__}
    page = BeautifulSoup((built_site / "ecoconception" / "index.html").read_text(encoding="utf-8"), "html.parser")
    figures = page.find(id="mesures-ecoconception")
    assert f"{report['resume']['pages']} pages" in figures.get_text()
    kinds = {p["type"] for p in report["pages"]}  # one row per kind of page the site has, in the budgets' order
    assert [th.get_text() for th in figures.select("tbody th")] == [b.label for kind, b in BUDGETS.items() if kind in kinds]
    assert {"fiche", "liste", "page", "document"} <= kinds
    assert figures.find("a")["href"] == "../ecoconception.json"


def test_a_page_over_budget_is_named_with_the_figure_its_limit_and_what_to_do():
    from guide_nr.postbuild.ecodesign import page_type

    assert page_type("demarche/plan-action/index.html") == "demarche" and page_type("demarche/fiches-action/a.1/index.html") == "demarche"
    assert page_type("demarche/imprimer/index.html") == "document" and page_type("a-propos/index.html") == "page"
    budget = BUDGETS["demarche"]
    heavy = PageMeasure("demarche/plan-action/index.html", "demarche", budget.requests, 20_000, budget.dom + 60, 76.0, "B", [], [])
    report = heavy.budget_report()
    assert report[0] == (f"demarche/plan-action/index.html ({budget.label}) : {budget.dom + 60} éléments du DOM pour {budget.dom} au plus "
                         f"(le menu et l’en-tête en comptent une centaine). À faire : {budget.lighter}.")
    assert report[1].startswith(f"demarche/plan-action/index.html ({budget.label}) : EcoIndex B (76.0) pour A attendu")
    assert len(report) == len(heavy.over_budget())


def test_the_readme_gives_the_budgets_of_the_code():
    from pathlib import Path

    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Budgets et ce qu’ils ont demandé", 1)[1]
    rows = [line for line in section.split("\n\n", 2)[1].splitlines()[2:]]
    documented = sorted(tuple(cell.strip() for cell in row.strip("|").split("|")[1:]) for row in rows)
    assert documented == sorted((f"≤ {b.requests}", f"≤ {b.bytes // 1000} Ko", f"≤ {b.dom}", b.grade) for b in BUDGETS.values() if b.grade)


def test_the_guide_leaves_a_fork_room_on_every_fiche_page(built_site):
    """A fork adds « Notre démarche », up to MENU_MAX menu entries and a commitment box to the
    guide's fiche pages, which it cannot edit: the common guide stays FORK_ALLOWANCE elements
    under the fiche budget, so no fork's strict build stops on one of them."""
    from guide_nr.model.identity import MENU_MAX
    from guide_nr.postbuild.ecodesign import FORK_ALLOWANCE

    measures = json.loads((built_site / "ecoconception.json").read_text(encoding="utf-8"))["pages"]
    fiches = [m for m in measures if m["type"] == "fiche"]
    limit = BUDGETS["fiche"].dom - FORK_ALLOWANCE
    assert fiches and [(m["path"], m["dom"]) for m in fiches if m["dom"] > limit] == []
    assert FORK_ALLOWANCE >= 2 + 2 * MENU_MAX + 6  # « Notre démarche », the menu entries, the commitment box
