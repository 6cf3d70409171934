"""The pages of the démarche hold their budget by design, not by luck: an organisation folder
generated for ten years of use — ten yearly self-assessments of nine dimensions, every score
commented, and forty commitments of three actions each with values for several years, budgets
per year and ten charter revisions — builds strictly (a budget overrun is a warning, so an
error) with every page of ``demarche/`` measured against the « page de la démarche » budget; with all the
menu entries allowed, every fiche page with its commitment box holds the fiche budget too. No
page makes a third-party request, the heaviest pass axe on a phone, the charter and a yearly
report print in greys."""

import datetime as _dt
import json

import pytest
import yaml

from conftest import guide_build
from guide_nr import routes
from guide_nr.model.identity import MENU_MAX
from guide_nr.postbuild.ecodesign import BUDGETS
from guide_nr.routes import SECTION
from guide_nr.sources.project import load_project
from support.browser import AXE, AXE_RUN, WCAG_TAGS
from support.pdf import coloured_pages
from support.static_server import StaticServer

TODAY = _dt.date(2026, 6, 30)
FIRST_YEAR = TODAY.year - 9  # ten years of use
COMMITMENTS, ACTIONS, DIMENSIONS = 40, 3, 9


def ten_years_of_use(fiche_ids: list[str]) -> dict[str, object]:
    """The files of an organisation that has used the guide for ten years, at its largest."""
    commitments = []
    for number, fiche in enumerate(fiche_ids[:COMMITMENTS]):
        first = FIRST_YEAR + number % 10  # a new wave of commitments each year
        actions = []
        for rank in range(ACTIONS):
            year = first + rank
            action = {"title": f"Étape {rank + 1} de l’engagement sur {fiche}, menée avec les services concernés",
                      "start": f"{year}-01-10", "end": f"{year}-11-30", "owner": f"Service {number % 7 + 1}"}
            ended = _dt.date(year, 11, 30) < TODAY
            if ended and (number + rank) % 11 == 0:
                action.update(status="abandonnée", comment="Remplacée par une autre étape.")
            elif ended and (number + rank) % 7 != 0:  # the others are late
                action.update(done=f"{year}-12-{10 + rank}", started=f"{year}-01-{15 + rank}")
            actions.append(action)
        years = [y for y in range(first, first + ACTIONS) if y <= TODAY.year]
        commitments.append({
            "fiche": fiche, "status": "réalisée" if first + ACTIONS <= TODAY.year else "en cours",
            "lever": f"Levier de l’organisation pour la pratique {fiche}", "pilot": f"Service {number % 7 + 1}",
            "sponsor": "Vice-présidence", "contributors": ["Direction du numérique", "Ressources humaines"],
            "expected_results": ["Un résultat mesurable."], "human_means": "10 JH", "budget": "5 000 € par an",
            "scope": ["tous les services"], "prerequisites": ["Un prérequis."], "deadline": f"{first + ACTIONS - 1}-12-31",
            "actions": actions,
            "targets": [{"indicator": "Part des agents concernés", "unit": "%", "baseline": 0, "baseline_year": first - 1, "target": 100,
                         "date": f"{first + ACTIONS - 1}-12-31",
                         "values": [{"year": y, "value": 30 * (y - first + 1), "note": "mesure annuelle"} for y in years]}],
            "budgets": [{"year": y, "planned": 5000, "spent": 4200 if y < TODAY.year else None, "note": "budget de fonctionnement"}
                        for y in years],
            "notes": "Une note **en Markdown**.",
        })
    for line in (b for c in commitments for b in c["budgets"]):
        if line["spent"] is None:
            del line["spent"]
    charter = {
        "guide_version": "1.0", "title": "Charte numérique responsable", "version": str(TODAY.year - FIRST_YEAR + 1),
        "preamble": "Pourquoi nous nous engageons.\n\nCe que nous ferons chaque année.",
        "adoption": {"date": f"{FIRST_YEAR}-03-01", "body": "Conseil communautaire", "reference": "délibération n° 1"},
        "signatories": [{"name": f"Personne {n}", "role": "Élue"} for n in range(1, 5)],
        "revisions": [{"version": str(n + 1), "date": f"{FIRST_YEAR + n}-03-01", "changes": "Engagements de l’année ajoutés."}
                      for n in range(TODAY.year - FIRST_YEAR + 1)],
        "commitments": commitments,
    }
    dimensions = {f"Dimension {n + 1} de la démarche": fiche_ids[3 * n:3 * n + 3] for n in range(DIMENSIONS)}
    assessments = [{"date": (f"{year}-11-15" if year < TODAY.year else f"{year}-05-15"), "by": "Comité de pilotage",
                    "scores": [{"dimension": d, "score": min(5, 1 + (year - FIRST_YEAR + n) // 3),
                                "comment": f"Ce qui a changé pour cette dimension en {year}."} for n, d in enumerate(dimensions)]}
                   for year in range(FIRST_YEAR, TODAY.year + 1)]
    identity = {"name": "Communauté de communes de l’Essai", "article": "la", "home": {"text": "Notre démarche depuis dix ans."},
                # as many menu entries as allowed: with a commitment box, every fiche page still holds its budget
                "menu": [{"title": f"Lien {n} de l’organisation", "url": f"https://essai.invalid/{n}/"} for n in range(1, MENU_MAX + 1)],
                "publication": {"publisher": "Communauté de communes de l’Essai", "publisher_address": "1 place de l’Essai, 00000 Essai",
                                "director": "La présidente", "host": "Hébergeur d’essai", "host_address": "2 rue du Serveur, 00000 Essai",
                                "email": "numerique@essai.invalid"}}
    return {"organisation.yml": identity, "charter.yml": charter, "maturity.yml": {"dimensions": dimensions, "assessments": assessments}}


@pytest.mark.pdf
def test_ten_years_of_assessments_and_forty_commitments_build_within_the_budgets(site_project, browser, tmp_path):
    fiche_ids = [f.id for f in load_project(site_project).load().fiches]
    files = ten_years_of_use(fiche_ids)
    for name, data in files.items():
        (site_project / "organisation").mkdir(exist_ok=True)
        (site_project / "organisation" / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = guide_build(site_project, env={"GUIDE_DATE": TODAY.isoformat()}, pdf=True)
    assert [line for line in result.stderr.splitlines() if "Budget dépassé" in line] == []
    assert result.returncode == 0, result.stderr[-3000:]  # strict: any page over its budget stops the build
    measures = json.loads((site_project / "site" / "ecoconception.json").read_text(encoding="utf-8"))["pages"]
    section = [m for m in measures if m["path"].startswith(SECTION + "/") and m["type"] != "document"]
    charter = files["charter.yml"]
    assert len(charter["commitments"]) == COMMITMENTS and sum(len(c["actions"]) for c in charter["commitments"]) == COMMITMENTS * ACTIONS
    assert len(files["maturity.yml"]["assessments"]) == 10 and len(files["maturity.yml"]["dimensions"]) == DIMENSIONS
    assert len(section) >= COMMITMENTS + 4 and {m["type"] for m in section} == {"demarche"}
    budget = BUDGETS["demarche"]
    heaviest = max(section, key=lambda m: m["dom"])
    assert all(m["dom"] <= budget.dom and m["bytes"] <= budget.bytes and m["requests"] <= budget.requests for m in section), heaviest
    assert all(m["external"] == [] for m in measures)  # no third-party request on any page
    # The heaviest pages a reader opens pass axe on a phone; the charter and the last closed year's
    # report print in greys.

    site = site_project / "site"
    heaviest_pages = sorted(section, key=lambda m: -m["dom"])[:4]
    with StaticServer(site) as host:
        context = browser.new_context(viewport={"width": 375, "height": 800})
        context.add_init_script(AXE.read_text(encoding="utf-8"))
        page = context.new_page()
        violations = {}
        for measure in heaviest_pages:
            page.goto(host.url + measure["path"].removesuffix("index.html"))
            violations[measure["path"]] = page.evaluate(AXE_RUN, WCAG_TAGS)
        context.close()
    assert {path: found for path, found in violations.items() if found} == {}

    for pdf in (routes.CHARTER_PDF_FILE, routes.report_pdf_file(TODAY.year - 1)):
        folder = tmp_path / pdf.replace("/", "-")
        folder.mkdir()
        pages, coloured = coloured_pages(site / pdf, folder)
        assert pages >= 1 and coloured == [], pdf
