"""An organisation's charter and maturity: validation as strict as for fiches, and the pages."""

import re

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, mkdocs_build

CHARTER = """organisation: Mairie d’essai
guide_version: "1.0"
commitments:
  - fiche: a.1
    status: en cours
    pilot: Référente
    actions:
      - title: Nommer la référente
        start: 2025-01-01
        end: 2025-03-01
        owner: DGS
    targets:
      - indicator: Référente nommée
        baseline: 0
        target: 1
        unit: personne
        date: 2025-03-01
"""
MATURITY = """dimensions:
  Gouvernance: [a.1]
assessments:
  - date: 2025-01-01
    scores:
      - {dimension: Gouvernance, score: 2}
"""


@pytest.fixture
def organisation(project):
    project.fiche()
    project.write("organisation/charter.yml", CHARTER)
    project.write("organisation/maturity.yml", MATURITY)
    return project


def test_a_valid_charter_and_maturity_load(organisation):
    guide = organisation.load()
    assert guide.commitment("a.1").status == "en cours"
    assert guide.maturity.assessments[0].scores[0].score == 2


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("fiche: a.1", "fiche: a.11", "organisation/charter.yml:4 · champ « commitments[0].fiche » : fiche « a.11 » inconnue. Vouliez-vous dire « a.1 » ?"),
        ("status: en cours", "status: en cour", "organisation/charter.yml:5 · champ « commitments[0].status » : valeur « en cour » non autorisée. Vouliez-vous dire « en cours » ?"),
        ("status: en cours", "status: non retenue", "organisation/charter.yml:5 · champ « commitments[0].reason » : un engagement « non retenue » doit donner sa raison"),
        ("        start: 2025-01-01", "        start: 2025-13-01", "organisation/charter.yml:9 · champ « commitments[0].actions[0].start » : valeur « 2025-13-01 » invalide : une date au format AAAA-MM-JJ"),
        ("        end: 2025-03-01", "        end: 2024-03-01", "organisation/charter.yml:10 · champ « commitments[0].actions[0].end » : la fin (2024-03-01) précède le début (2025-01-01)."),
        ("        unit: personne\n", "", "organisation/charter.yml:13 · champ « commitments[0].targets[0].unit » : obligatoire, mais absent."),
    ],
)
def test_bad_charter_input_gets_a_clear_error(organisation, old, new, expected):
    organisation.write("organisation/charter.yml", CHARTER.replace(old, new, 1))
    problems = organisation.problems()
    assert any(p.startswith(expected) for p in problems), problems


def test_bad_maturity_input_gets_a_clear_error(organisation):
    organisation.write("organisation/maturity.yml", MATURITY.replace("{dimension: Gouvernance, score: 2}", "{dimension: Gouvernanse, score: 6}"))
    problems = organisation.problems()
    assert any(p.startswith("organisation/maturity.yml:6 · champ « assessments[0].scores[0].score » : valeur 6 hors limites : 5 au plus.") for p in problems), problems
    organisation.write("organisation/maturity.yml", MATURITY.replace("score: 2}", "score: 3}").replace("Gouvernance, score", "Gouvernanse, score"))
    assert any("dimension « Gouvernanse » inconnue. Vouliez-vous dire « Gouvernance » ?" in p for p in organisation.problems())


@pytest.fixture(scope="module")
def example_site(tmp_path_factory):
    """The shipped example fork (exemples/organisation-fictive), built strictly with its PDF."""
    out = tmp_path_factory.mktemp("exemple") / "site"
    result = mkdocs_build(REPO, "--site-dir", str(out), env={"GUIDE_ORGANISATION": "exemples/organisation-fictive"})
    assert result.returncode == 0, result.stderr
    return out


def test_example_fork_shows_its_charter_grouped_by_theme(example_site):
    page = BeautifulSoup((example_site / "charte" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    assert "Communauté de communes de l’Exemple (organisation fictive) s’engage sur 10 pratiques" in article.get_text()
    assert [h.get_text() for h in article.select("h2")][:2] == ["Stratégie et gouvernance", "Sensibilisation et formation"]
    assert article.find("a", href="../fiches/a.2/") is not None
    home = (example_site / "index.html").read_text(encoding="utf-8")
    assert 'href="charte/"' in home and 'href="maturite/"' in home


def test_committed_fiche_pages_show_the_commitment(example_site):
    page = BeautifulSoup((example_site / "fiches" / "a.2" / "index.html").read_text(encoding="utf-8"), "html.parser")
    box = page.select_one(".admonition")
    assert box.select_one(".admonition-title").get_text() == "Engagement de Communauté de communes de l’Exemple (organisation fictive) : en cours"
    assert "Fréquence des comités de pilotage — de 0 à 4 réunions par an" in box.get_text()
    other = (example_site / "fiches" / "g.8" / "index.html").read_text(encoding="utf-8")
    assert "admonition" not in other


def test_maturity_chart_is_accessible_grey_svg_with_a_table(example_site):
    page = BeautifulSoup((example_site / "maturite" / "index.html").read_text(encoding="utf-8"), "html.parser")
    svg = page.select_one("figure.maturite svg")
    assert svg["role"] == "img" and svg.title.get_text().startswith("Maturité au 20 novembre 2025")
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{3,6})"', str(svg)))
    assert colours and all(len(set(c[1:] if len(c) == 4 else c[1::2])) == 1 for c in colours), colours
    assert [th.get_text() for th in page.select("article table thead th")] == ["Dimension", "26 novembre 2024", "20 novembre 2025"]


def test_example_fork_pages_pass_axe_and_budgets(example_site, browser):
    from guide_nr.ecodesign import measure_page
    from support.browser import AXE, load_page
    from support.static_server import StaticServer

    with StaticServer(example_site) as host:
        for path in ("charte/", "maturite/", "fiches/a.2/", ""):
            report = load_page(browser, host.url, path, AXE.read_text(encoding="utf-8"))
            assert report.axe == [] and report.third_party == [], (path, report.axe)
            assert measure_page(example_site, (path or "") + "index.html").over_budget() == [], path


def test_contrast_ratio_follows_wcag():
    from guide_nr.charter import contrast

    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#ffffff", "#1b5e20") == contrast("#1b5e20", "#ffffff")


def test_a_light_colour_or_a_missing_logo_is_refused(organisation):
    organisation.write("organisation/organisation.yml", 'name: Mairie d’essai\nprimary_color: "#ffcc00"\nlogo: absent.svg\n')
    problems = organisation.problems()
    assert "organisation/organisation.yml:2 · champ « primary_color » : couleur « #ffcc00 » trop claire : contraste de 1,5:1 avec le blanc" in problems[0]
    assert "4,5:1 au moins sont exigés (WCAG 2.1 AA, critère 1.4.3)" in problems[0]
    assert problems[1].startswith("organisation/organisation.yml:3 · champ « logo » : logo « absent.svg » introuvable")
    organisation.write("organisation/organisation.yml", "name: Mairie d’essai\nprimary_color: vert\n")
    assert organisation.problems()[0].startswith("organisation/organisation.yml:2 · champ « primary_color » : valeur « vert » invalide")


def test_example_fork_shows_its_name_colour_and_logo(example_site):
    home = BeautifulSoup((example_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.title.get_text().endswith("Charte numérique responsable de l’Exemple (organisation fictive)")
    assert home.select_one(".md-logo img")["src"] == "assets/logo-organisation.svg"
    assert (example_site / "assets" / "logo-organisation.svg").is_file()
    stylesheet = next((example_site / "assets" / "stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#1b5e20" in stylesheet


def test_action_plan_has_a_grey_timeline_a_progress_chart_and_a_table(example_site):
    page = BeautifulSoup((example_site / "plan-action" / "index.html").read_text(encoding="utf-8"), "html.parser")
    charts = page.select("article figure svg")
    assert [svg["role"] for svg in charts] == ["img", "img"]
    assert charts[0].title.get_text().startswith(
        "Engagements par thème et par statut (2 à étudier, 2 planifiée, 3 en cours, 2 réalisée, 1 non retenue) — Gouvernance : 1 en cours, 1 réalisée ;")
    assert charts[1].title.get_text().startswith("Frise des actions : a.1 — Nommer une référente")
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{6})"', "".join(str(svg) for svg in charts)))
    assert colours and all(c[1:3] == c[3:5] == c[5:7] for c in colours), colours
    rows = page.select("article table tbody tr")
    assert len(rows) == 8 and rows[0].select("td")[1].get_text() == "6 janvier 2025"
    assert 'href="plan-action/"' in (example_site / "index.html").read_text(encoding="utf-8")
