"""The pages of an organisation's fork (pages/organisation.py, pages/action_sheet.py), read as
Markdown from a small fork loaded with GUIDE_DATE: the organisation named with its article,
the charter with its version, adoption and signatories, no action sheet for a practice « non
retenue », the lever titling its sheet with the guide fiche beside it, actions in their state
at the build date, indicators year by year, budgets per year, maturity with every assessment,
the fork's own home text and menu, and every page of the démarche in the search index."""

import datetime as _dt
import re

import pytest
import yaml

from guide_nr.pages.organisation import charted_assessments, home_text, home_title, organisation_pages
from guide_nr.pages.site import generator_settings
from guide_nr.postbuild.printing import charter_document
from guide_nr.routes import CHARTER_PAGE, LANDING_PAGE, MATURITY_PAGE, PLAN_PAGE, extra_page, sheet_page

TODAY = "2026-06-30"
IDENTITY = {
    "name": "Communauté de communes d’Essai", "article": "la", "short_name": "la communauté",
    "scopes": [{"value": "mairies", "label": "Les mairies membres"}, {"value": "siège", "label": "Le siège"}],
    "home": {"title": "Notre numérique responsable", "text": "Bienvenue : **notre** démarche, et {{ 7 * 7 }} tel quel."},
    "menu": [{"title": "Gouvernance <b>", "page": "gouvernance"}, {"title": "Site de la communauté", "url": "https://essai.example.org/"}],
}
CHARTER = {
    "guide_version": "1.0", "version": "2",
    "preamble": "Pourquoi nous *agissons*.",
    "adoption": {"date": "2025-03-12", "body": "Conseil communautaire", "reference": "délibération n° 12"},
    "signatories": [{"name": "Camille Essai", "role": "Présidente"}, {"name": "Dominique Essai", "role": "Vice-président"}],
    "revisions": [{"version": "1", "date": "2025-03-12", "changes": "Première version."},
                  {"version": "2", "date": "2026-03-10", "changes": "Ajout de b.1."}],
    "commitments": [
        {"fiche": "a.1", "status": "en cours", "lever": "Nommer une référente | à temps partiel", "pilot": "DGS", "deadline": "2026-12-31",
         "scope": ["mairies"],
         "actions": [
             {"title": "Rédiger la fiche de poste", "start": "2025-01-06", "end": "2025-02-28", "owner": "DGS", "done": "2025-03-10"},
             {"title": "Recruter", "start": "2025-09-01", "end": "2026-01-31", "owner": "RH", "started": "2025-10-06"},
             {"title": "Former la référente", "start": "2026-09-01", "end": "2026-12-15", "owner": "RH"},
             {"title": "Réseau de correspondants", "start": "2025-04-01", "end": "2026-03-31", "owner": "DGS", "status": "abandonnée",
              "comment": "faute de volontaires"},
             {"title": "Bilan à trois ans", "start": "2028-01-10", "end": "2028-03-31", "owner": "DGS"},
         ],
         "targets": [{"indicator": "Agents formés", "unit": "%", "baseline": 5, "baseline_year": 2024, "target": 50, "date": "2026-12-31",
                      "values": [{"year": 2026, "value": 40, "note": "enquête de juin"}, {"year": 2025, "value": 20}]}],
         "budgets": [{"year": 2025, "planned": 1500, "spent": 1320.5, "note": "formation"}, {"year": 2026, "planned": 2000}]},
        {"fiche": "a.2", "status": "non retenue", "reason": "déjà couvert par le projet de territoire."},
        {"fiche": "b.1", "status": "planifiée",
         "actions": [{"title": "Ateliers", "start": "2026-10-01", "end": "2027-05-31", "owner": "RH"}],
         "targets": [{"indicator": "Ateliers tenus", "unit": "ateliers", "baseline": 0, "target": 4, "date": "2025-12-31", "current": 2}]},
    ],
}
DIMENSIONS = {"Gouvernance": ["a.1"], "Sensibilisation": ["b.1"]}
ASSESSMENTS = [("2022-11-01", 1, 1, None), ("2023-11-01", 2, 1, None), ("2024-11-01", 2, 2, "Comité"),
               ("2025-11-01", 3, 2, None), ("2026-05-01", 4, 2, "Comité de pilotage")]


@pytest.fixture
def fork(project, monkeypatch):
    monkeypatch.setenv("GUIDE_DATE", TODAY)
    project.fiche()  # a.1 Coordonner la démarche
    project.fiche(id="a.2", title="Deuxième pratique")
    project.fiche(id="b.1", theme="b", title="Sensibiliser")
    project.write("organisation/organisation.yml", yaml.safe_dump(IDENTITY, allow_unicode=True, sort_keys=False))
    project.write("organisation/charter.yml", yaml.safe_dump(CHARTER, allow_unicode=True, sort_keys=False))
    maturity = {"dimensions": DIMENSIONS, "assessments": [
        {"date": date, **({"by": by} if by else {}),
         "scores": [{"dimension": "Gouvernance", "score": g, "comment": f"Gouvernance en {date[:4]}."}, {"dimension": "Sensibilisation", "score": s}]}
        for date, g, s, by in ASSESSMENTS]}
    project.write("organisation/maturity.yml", yaml.safe_dump(maturity, allow_unicode=True, sort_keys=False))
    project.write("organisation/pages/gouvernance.md", "# Gouvernance\n\nLe comité.\n")
    return project


@pytest.fixture
def pages(fork):
    guide = fork.load()
    return guide, {p.path: p.markdown for p in organisation_pages(guide)}


def front(markdown: str) -> dict:
    return yaml.safe_load(markdown.split("---\n")[1])


def test_the_organisation_is_named_with_its_article_everywhere(pages):
    guide, out = pages
    assert guide.today == _dt.date.fromisoformat(TODAY)
    assert "La Communauté de communes d’Essai s’engage sur 2 pratiques" in out[CHARTER_PAGE]
    assert "La Communauté de communes d’Essai publie ici sa démarche" in out[LANDING_PAGE]
    assert "la Communauté de communes d’Essai suit 2 engagements" in out[PLAN_PAGE]
    assert "La communauté a ajouté" not in out[LANDING_PAGE]  # no own fiche here
    text = "\n".join(out.values())
    assert "de la Communauté de communes d’Essai" in text and not re.search(r"\bde Communauté", text)
    document = charter_document(guide, guide.organisation.charter, licence="Licence Ouverte")
    assert document.title == "Charte numérique responsable de la Communauté de communes d’Essai"
    assert "de la Communauté de communes d’Essai" in document.description


def test_the_charter_shows_its_version_history_preamble_adoption_and_signatories(pages):
    guide, out = pages
    charter = out[CHARTER_PAGE]
    assert front(charter)["title"] == guide.organisation.charter.heading
    assert "Version en vigueur\u202f: 2, du 10 mars 2026." in charter
    assert "## Préambule { #preambule }\n\nPourquoi nous *agissons*." in charter  # Markdown, checked at load
    assert "Adoptée le\n:   12 mars 2025\n\nPar\n:   Conseil communautaire\n\nRéférence\n:   délibération n° 12" in charter
    assert "Signée par\n:   Camille Essai, Présidente\n\nEt par\n:   Dominique Essai, Vice\\-président\n" in charter
    assert "| Version | Date | Changements |\n|---|---|---|\n| 1 | 12 mars 2025 | Première version\\. |\n| 2 | 10 mars 2026 | Ajout de b\\.1\\. |" in charter


def test_a_practice_not_retained_has_no_sheet_and_is_listed_with_its_reason(pages):
    guide, out = pages
    refused = [c.fiche for c in guide.organisation.charter.commitments if not c.retained]
    assert refused == ["a.2"]
    assert sheet_page("a.2") not in out and {sheet_page(c.fiche) for c in guide.organisation.charter.retained} <= set(out)
    assert "## Pratiques non retenues { #non-retenues }\n\n- [a\\.2 Deuxième pratique](../fiches/a.2.md)\u202f: déjà couvert" in out[CHARTER_PAGE]
    assert "fiches-action/a.2" not in "\n".join(out.values())
    from guide_nr.pages.organisation import commitment_box

    box = commitment_box(guide, guide.organisation.commitment("a.2"), "fiches/a.2.md")
    assert "Engagement de la Communauté de communes d’Essai, statut : non retenue" in box and "Fiche action" not in box and "déjà couvert" in box


def test_the_lever_titles_the_sheet_and_the_guide_fiche_is_named_beside_it(pages):
    _, out = pages
    sheet = out[sheet_page("a.1")]
    assert "# Fiche action a\\.1\u202f: Nommer une référente &#124; à temps partiel\n" in sheet.replace("|", "&#124;")
    assert "Fiche du guide\n:   [a\\.1 Coordonner la démarche](../../fiches/a.1.md)" in sheet
    listed = "[Nommer une référente | à temps partiel](fiches-action/a.1.md) (fiche a\\.1 Coordonner la démarche) — en cours"
    assert listed in out[LANDING_PAGE]
    assert ("[Nommer une référente | à temps partiel](fiches-action/a.1.md), fiche [a\\.1 Coordonner la démarche](../fiches/a.1.md)"
            in out[CHARTER_PAGE])
    # Without a lever, the sheet is titled by the guide fiche.
    assert "# Fiche action b\\.1\u202f: Sensibiliser\n" in out[sheet_page("b.1")]


def table(markdown: str, heading: str) -> list[list[str]]:
    """The first Markdown table after ``heading``, as rows of cells (the separator line left out)."""
    rows: list[list[str]] = []
    for line in markdown.split(heading, 1)[1].splitlines():
        if line.startswith("|"):
            if not set(line) <= set("|-"):
                rows.append([cell.strip() for cell in line.strip().strip("|").split(" | ")])
        elif rows:
            break
    return rows


def test_actions_show_their_state_at_the_build_date_in_words(pages):
    _, out = pages
    rows = table(out[sheet_page("a.1")], "## Actions à mettre en œuvre")
    states = {row[0].split(". ", 1)[1]: row[3] for row in rows[1:]}
    assert rows[0][3] == "État au 30 juin 2026"
    assert states["Rédiger la fiche de poste"] == "réalisée le 10 mars 2025, 10 jours après la fin prévue"
    assert states["Recruter"] == "en cours, commencée le 6 octobre 2025, **en retard** de 150 jours (environ 5 mois) au 30 juin 2026"
    assert states["Former la référente"] == "prévue"
    assert states["Réseau de correspondants"] == "abandonnée\u202f: faute de volontaires"
    assert rows[1][2] == "du 6 janvier 2025 au 28 février 2025"


def test_the_plan_shows_what_is_open_this_year_and_next_and_leaves_the_history_to_the_sheets(pages):
    guide, out = pages
    plan = out[PLAN_PAGE]
    rows = table(plan, "## Actions ouvertes en 2026 et 2027")
    opened = [re.match(r"\[([^\]]+)\]", row[0]).group(1) for row in rows[1:]]
    assert opened == ["Recruter", "Former la référente", "Ateliers"]  # soonest planned end first
    assert "**en retard**" in rows[1][1] and "en retard" not in rows[2][1]
    assert "Rédiger la fiche de poste" not in plan and "Bilan à trois ans" not in plan  # done; planned after 2027
    assert "sur la fiche action de chaque engagement, comme l’action prévue après 2027" in plan
    assert "6 actions (3 prévues, 1 en cours, 1 réalisée, 1 abandonnée), dont 1 en retard" in plan
    svg = plan.split('<figure class="maturite">', 1)[1].split("</figure>", 1)[0]
    assert svg.count("<path") <= 4 and svg.count("<text") == 2  # grid, bars (on time, late), today; two years
    assert "Recruter, du 1er septembre 2025 au 31 janvier 2026, en retard" in svg


def test_indicators_budgets_deadline_and_scopes_on_the_sheet(pages):
    _, out = pages
    sheet = out[sheet_page("a.1")]
    indicator = table(sheet, "## Suivi des indicateurs")
    assert indicator[1] == ["Agents formés", "5 % (2024)", "2025\u202f: 20 % ; 2026\u202f: 40 % (enquête de juin)", "50 % au 31 décembre 2026",
                            "pas encore atteinte"]
    legacy = table(out[sheet_page("b.1")], "## Suivi des indicateurs")[1]
    assert legacy[2] == "2 ateliers (dernière valeur, année non précisée)" and legacy[4] == "non atteinte à l’échéance"
    budget = table(sheet, "Budget par année")
    assert budget[1:] == [["2025", "1\u202f500\u202f€", "1\u202f320,5\u202f€", "formation"],
                          ["2026", "2\u202f000\u202f€", "année en cours, pas encore arrêté", ""],
                          ["Total", "3\u202f500\u202f€", "1\u202f320,5\u202f€ (1 année déclarée)", ""]]
    assert "Échéance\n:   Échéance le 31 décembre 2026" in sheet
    assert "Échéance\n:   Pas d’échéance fixée, dernière date prévue le 31 mai 2027" in out[sheet_page("b.1")]
    assert table(sheet, "## Périmètre")[1:] == [["Les mairies membres", "oui"], ["Le siège", "non"]]


def test_maturity_keeps_every_assessment_and_the_chart_keeps_the_baseline(pages):
    guide, out = pages
    maturity = guide.organisation.maturity
    page = out[MATURITY_PAGE]
    shown = charted_assessments(maturity)
    assert [a.date for a in shown] == [maturity.ordered[0].date, maturity.ordered[-2].date, maturity.ordered[-1].date]
    rows = table(page, "## Évaluations")
    assert len(rows[0]) == len(maturity.assessments) + 1  # every assessment in the table
    assert rows[-1] == ["Menée par", "non précisé", "non précisé", "Comité", "non précisé", "Comité de pilotage"]
    assert "compare la première évaluation (1er novembre 2022, gris clair), la précédente (1er novembre 2025, gris moyen) et la dernière " \
           "(1er mai 2026, gris foncé)" in page and f"le tableau donne les {len(maturity.assessments)} évaluations" in page
    svg = page.split('<figure class="maturite">', 1)[1].split("</figure>", 1)[0]
    assert svg.count('stroke="#000000"') == 3  # one path of bars per assessment shown
    for assessment in maturity.assessments:  # every dated comment
        day = f"{assessment.date.day}{'er' if assessment.date.day == 1 else ''}"
        assert f"Gouvernance en {assessment.date.year}\\." in page and day in page
    assert "De 1/5 (inexistant) le 1er novembre 2022 à 4/5 (avancé) le 1er mai 2026\u202f: +3 depuis la première évaluation, " \
           "+1 depuis la précédente (1er novembre 2025)." in page


def test_the_organisation_pages_are_in_the_search_index_with_their_nature(pages):
    guide, out = pages
    natures = {path: front(markdown).get("recherche_nature") for path, markdown in out.items() if markdown.startswith("---")}
    assert natures[CHARTER_PAGE] == "Charte" and natures[PLAN_PAGE] == "Plan d’action" and natures[MATURITY_PAGE] == "Maturité"
    assert natures[sheet_page("a.1")] == "Fiche action · a.1 · en cours"
    assert natures[extra_page("gouvernance")] == "Démarche"
    indexed = [p for p in out if p != LANDING_PAGE and not p.startswith("demarche/rapports/")]
    assert all(front(out[p]).get("recherche") is not False for p in indexed)


def test_the_fork_writes_its_own_home_text_and_menu(fork):
    guide = fork.load()
    assert home_title(guide, "Guide commun") == "Notre numérique responsable"
    # Markdown data, never a template: the braces stay as written (the macro's output is not rendered again).
    assert home_text(guide) == "Bienvenue : **notre** démarche, et {{ 7 * 7 }} tel quel.\n"
    nav = [{"Accueil": "index.md"}, {"Catalogue": "catalogue.md"}]
    assert generator_settings(guide, nav)["nav"] == [
        {"Accueil": "index.md"}, {"Notre démarche": LANDING_PAGE}, {"Gouvernance <b>": extra_page("gouvernance")},
        {"Site de la communauté": "https://essai.example.org/"}, {"Catalogue": "catalogue.md"}]
    from guide_nr.adapters.mkdocs.bridge import _escaped_titles

    assert list(_escaped_titles(generator_settings(guide, nav)["nav"])[2]) == ["Gouvernance &lt;b&gt;"]
    fork.write("organisation/organisation.yml", yaml.safe_dump({**IDENTITY, "home": {"text": "Sans titre."}}, allow_unicode=True))
    assert home_title(fork.load(), "Guide commun") == "Guide commun"  # no site_name either: the guide's


def test_a_home_text_or_menu_page_that_cannot_be_published_is_refused(fork):
    fork.write("organisation/organisation.yml", yaml.safe_dump(
        {**IDENTITY, "home": {"text": "Texte <script>alert(1)</script>"}, "menu": [{"title": "Perdue", "page": "absente"}]}, allow_unicode=True))
    problems = fork.problems()
    assert any("home.text" in p and "script" in p for p in problems), problems
    assert any("menu[0].page" in p and "page « absente » introuvable" in p for p in problems), problems
