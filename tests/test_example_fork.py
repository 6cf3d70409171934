"""The example fork, tried as an organisation would, following the README: clone the guide,
copy the example into organisation/, build strictly, read the charter, action plan, charts
and action sheets in a real browser, print them in greyscale, then pull an upstream release
without conflicts and see what changed since the charter's version."""

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, guide_build, site_paths
from guide_nr.postbuild.ecodesign import PageMeasure, ecoindex, grade, page_type
from guide_nr.routes import CHARTER_PDF_FILE, PDF_FILE
from support.browser import AXE, GREY_CHECK, VNU, load_pages
from support.links import broken_anchors
from support.pdf import coloured_pages
from support.static_server import StaticServer

EXAMPLE = "exemples/organisation-fictive"
ORGANISATION = "Communauté de communes de l’Exemple (organisation fictive)"
GIT_ENV = {"GIT_AUTHOR_NAME": "Essai", "GIT_AUTHOR_EMAIL": "essai@example.org", "GIT_COMMITTER_NAME": "Essai",
           "GIT_COMMITTER_EMAIL": "essai@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
UPSTREAM_FILES = (".gitignore", "mkdocs.yml", "docs", "fiches", "macros", "overrides", "exemples", "README.md")


def git(folder: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(["git", *args], cwd=folder, capture_output=True, text=True, timeout=120, env={**os.environ, **GIT_ENV})
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def guide_cli(folder: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "guide_nr.cli.commands", *args], cwd=folder, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PYTHONPATH": str(folder / "macros")})


@pytest.fixture(scope="module")
def repos(tmp_path_factory):
    """An upstream repository holding this guide, and an organisation's fork of it (README steps)."""
    base = tmp_path_factory.mktemp("fork")
    upstream = base / "amont"
    upstream.mkdir()
    for name in UPSTREAM_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, upstream / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "_schema.json"))
        else:
            shutil.copy2(source, upstream / name)
    git(upstream, "init", "-q", "-b", "main")
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "Guide 1.0")
    fork = base / "notre-charte"
    git(base, "clone", "-q", "-o", "amont", str(upstream), str(fork))
    shutil.copytree(fork / EXAMPLE, fork / "organisation")  # « cp -r exemples/organisation-fictive organisation »
    git(fork, "add", "organisation")
    git(fork, "commit", "-q", "-m", "Notre charte")
    return upstream, fork


@pytest.fixture(scope="module")
def site(repos):
    _, fork = repos
    out = fork / "site"
    result = guide_build(fork, pdf=True)
    assert result.returncode == 0, result.stderr
    assert "Les 10 engagements de la charte ont chacun leur fiche action" in result.stderr
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_the_fork_shows_its_name_colour_logo_and_a_menu_entry(site):
    home = soup(site, "")
    assert home.title.get_text().endswith("Charte numérique responsable de l’Exemple (organisation fictive)")
    assert home.select_one(".entete__accueil img")["src"] == "assets/logo-organisation.svg"
    stylesheet = next((site / "assets" / "stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    assert "--md-primary-fg-color:#1b5e20" in stylesheet
    menu = [a.get_text(" ", strip=True) for a in soup(site, "fiches/a.1").select(".md-nav--primary > .md-nav__list > li > a")]
    assert menu[:3] == ["Accueil", "Notre démarche", "Catalogue"], menu
    assert home.select_one('article a[href="demarche/charte/"]') is not None


def test_own_fiches_and_theme_are_everywhere_and_hidden_fiches_nowhere(site):
    assert (site / "fiches" / "ex-t.1" / "index.html").is_file() and (site / "themes" / "t" / "index.html").is_file()
    assert not (site / "fiches" / "h.3").exists() and not (site / "fiches" / "h.5").exists()
    exported = [f["id"] for f in json.loads((site / "donnees" / "fiches.json").read_text(encoding="utf-8"))["fiches"]]
    assert exported[-2:] == ["ex-t.1", "ex-t.2"] and "h.3" not in exported and len(exported) == 59
    catalogue = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert 'data-fiche="ex-t.2"' in catalogue and 'data-fiche="h.5"' not in catalogue
    printed = (site / "imprimer" / "index.html").read_text(encoding="utf-8")
    assert 'id="fiche-ex-t.1"' in printed and 'id="fiche-h.3"' not in printed
    assert "fiche propre à Communauté de communes de l’Exemple" in soup(site, "fiches/ex-t.1").select_one(".fiche-faits").get_text()
    themes = soup(site, "themes").get_text()
    assert "Numérique responsable sur le territoire" in themes


def test_charter_page_groups_commitments_by_theme_and_links_action_sheets(site):
    article = soup(site, "demarche/charte").select_one("article")
    assert f"{ORGANISATION} s’engage sur 10 pratiques" in article.get_text()
    assert [h.get_text() for h in article.select("h2")][:2] == ["Stratégie et gouvernance", "Sensibilisation et formation"]
    assert "Numérique responsable sur le territoire" in [h.get_text() for h in article.select("h2")]
    assert len(article.select('a[href^="../fiches-action/"]')) == 10
    assert article.select_one("#evolutions-du-guide") is not None
    assert "la charte est à jour" in article.get_text()


def test_action_sheet_follows_the_fiche_action_template(site):
    article = soup(site, "demarche/fiches-action/ex-t.1").select_one("article")
    assert article.h1.get_text() == "Fiche action ex-t.1\u202f: Ouvrir aux communes membres un groupement de commande de postes reconditionnés"
    assert [h.get_text() for h in article.select("h2")] == [
        "Résultats attendus pour ce levier", "Calendrier", "Responsable", "Contributeurs", "Moyens", "Périmètre",
        "Prérequis", "Suivi des indicateurs de performance", "Actions à mettre en œuvre pour ce levier"]
    facts = article.select_one(".fiche-faits").get_text(" ", strip=True)
    assert "Dimension Numérique responsable sur le territoire" in facts and "Statut planifiée" in facts
    tables = [[[" ".join(c.get_text().split()) for c in row.select("th, td")] for row in t.select("tr")] for t in article.select("table")]
    assert tables[0] == [["Moyens humains (ETP ou JH)", "Moyens en euros"], ["15 JH", "aucun budget propre (frais de groupement partagés)"]]
    assert ["Le territoire", "oui"] in tables[1] and ["Les services généraux", "non"] in tables[1]
    assert tables[2][1] == ["Nombre de communes membres accompagnées", "0 communes", "non mesurée", "12 communes", "31 décembre 2026"]
    assert tables[3][1:] == [["1. Recenser les besoins des communes volontaires", "Référente numérique responsable", "5 janvier 2026", "31 mars 2026"],
                             ["2. Lancer le groupement de commande", "Commande publique", "1er avril 2026", "30 septembre 2026"]]
    assert "Démarrage\u202f: janvier 2026" in article.get_text()


def test_committed_fiche_pages_show_a_short_commitment_box(site):
    box = soup(site, "fiches/a.2").select_one(".admonition")
    assert box.select_one(".admonition-title").get_text() == f"Engagement de {ORGANISATION}\u202f: en cours"
    assert "cible\u202f: Fréquence des comités de pilotage, de 0 à 4 réunions par an" in box.get_text()
    assert box.select_one('a[href="../../demarche/fiches-action/a.2/"]').get_text() == "Fiche action"
    assert "admonition" not in (site / "fiches" / "g.8" / "index.html").read_text(encoding="utf-8")


def test_plan_and_maturity_charts_are_grey_svg_with_text_alternatives_and_tables(site):
    plan = soup(site, "demarche/plan-action")
    charts = plan.select("article figure svg")
    assert [svg["role"] for svg in charts] == ["img", "img"]
    assert charts[0].title.get_text().startswith(
        "Engagements par thème et par statut (1 à étudier, 3 planifiée, 3 en cours, 2 réalisée, 1 non retenue) — Gouvernance : 1 en cours, 1 réalisée ;")
    assert charts[1].title.get_text().startswith("Frise des actions : a.1 — Nommer une référente")
    rows = plan.select("article table tbody tr")
    assert len(rows) == 10 and rows[0].select("td")[1].get_text() == "6 janvier 2025"
    maturity = soup(site, "demarche/maturite")
    svg = maturity.select_one("figure.maturite svg")
    assert svg["role"] == "img" and svg.title.get_text().startswith("Maturité au 20 novembre 2025")
    assert "évaluations précédentes : 26 novembre 2024 : Stratégie et gouvernance 1/5" in svg.title.get_text()
    assert len(svg.select("rect")) == 12  # the history: one bar per dimension and assessment
    assert [th.get_text() for th in maturity.select("article table thead th")] == ["Dimension", "26 novembre 2024", "20 novembre 2025"]
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{3,6})"', "".join(str(s) for s in charts) + str(svg)))
    assert colours and all(len(set(c[1:] if len(c) == 4 else c[1::2])) == 1 for c in colours), colours


def test_landing_page_lists_everything_the_organisation_publishes(site):
    article = soup(site, "demarche").select_one("article")
    links = {a.get_text(" ", strip=True): a["href"] for a in article.select("a")}
    assert links["Notre charte"] == "charte/" and links["Gouvernance de la démarche"] == "gouvernance/"
    assert links["La charte à imprimer"] == "imprimer/"
    assert re.fullmatch(r"la charte en PDF \(PDF, \d+ Ko\)", next(k for k in links if k.startswith("la charte en PDF")))
    assert len(article.select('a[href^="fiches-action/"]')) == 10
    assert soup(site, "demarche/gouvernance").h1.get_text() == "Gouvernance de la démarche"


@pytest.mark.pdf
def test_charter_pdf_is_greyscale_with_one_bookmark_per_action_sheet(site, tmp_path):
    pdf = site / CHARTER_PDF_FILE
    reader = pypdf.PdfReader(pdf)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert outline[:3] == ["Charte numérique responsable — " + ORGANISATION, "Notre charte", "Plan d’action"]
    sheets = [t for t in outline if t.startswith("Fiche action ")]
    assert len(sheets) == 10 and "Maturité numérique responsable" in outline
    assert reader.metadata.title.startswith("Charte numérique responsable") and reader.metadata.author == ORGANISATION
    pages, coloured = coloured_pages(pdf, tmp_path)
    assert coloured == [] and pages >= 12
    assert (site / PDF_FILE).is_file()


def test_fork_pages_pass_the_browser_quality_gates(site, browser):
    axe = AXE.read_text(encoding="utf-8")
    paths = [p for p in site_paths(site) if p.startswith("demarche/")] + ["", "fiches/a.2/", "fiches/ex-t.1/", "themes/t/", "catalogue/"]
    rows = []
    with StaticServer(site) as host:
        for report in load_pages(browser, host.url, paths, axe):
            path = report.path
            score = ecoindex(report.dom, report.requests, report.bytes)
            kind = page_type(path + "index.html")
            faults = PageMeasure(path, kind, report.requests, report.bytes, report.dom, score, grade(score), [], report.third_party).over_budget()
            if report.axe or faults or report.console_errors or report.http_errors:
                rows.append((path, report.axe, faults, report.console_errors + report.http_errors))
        context = browser.new_context(java_script_enabled=False)
        page = context.new_page()
        for path in ("demarche/plan-action/", "demarche/maturite/", "demarche/fiches-action/b.1/"):
            page.goto(host.url + path)
            assert page.locator("article h1").is_visible(), path
        page.emulate_media(media="print")
        page.goto(host.url + "demarche/imprimer/")
        assert page.evaluate(GREY_CHECK) == []
        context.close()
    assert len(paths) >= 20 and rows == [], rows


def test_fork_html_and_links_are_valid(site):
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(site / "demarche")],
                            capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    assert [m["message"] for m in messages if m["type"] == "error"] == []
    assert broken_anchors(site) == []


def test_upstream_release_merges_without_conflict_and_shows_what_changed(repos, site, tmp_path):
    upstream, fork = repos
    # Upstream publishes 1.1: a committed fiche is revised, the configuration and README move on.
    fiche = upstream / "fiches" / "a.2.yml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("updated: 2023-06-01", "updated: 2026-10-01"), encoding="utf-8")
    config = upstream / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'), encoding="utf-8")
    (upstream / "README.md").write_text((upstream / "README.md").read_text(encoding="utf-8") + "\nNote de la version 1.1.\n", encoding="utf-8")
    released = guide_cli(upstream, "release", "--date", "2026-10-15")
    assert released.returncode == 0, released.stderr
    git(upstream, "add", ".")
    git(upstream, "commit", "-q", "-m", "Guide 1.1")
    # The organisation pulls it, as the README says: no conflict, its own files untouched.
    pulled = git(fork, "pull", "--no-rebase", "--no-edit", "amont", "main")
    assert "CONFLICT" not in pulled.stdout + pulled.stderr
    assert git(fork, "status", "--porcelain", "--untracked-files=no").stdout == ""
    changes = guide_cli(fork, "changements")
    assert changes.returncode == 0, changes.stderr
    assert "Fiches du guide commun changées depuis la version 1.0 :" in changes.stdout
    assert "  - a.2 Définir et mettre en place un plan d’action  ← engagement de la charte à revoir" in changes.stdout
    assert "passez guide_version à « 1.1 »" in changes.stdout
    out = tmp_path / "site"
    result = guide_build(fork, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    section = soup(out, "demarche/charte").select_one("article").get_text()
    assert "Évolutions du guide depuis la version 1.0" in section and "engagement de la charte à revoir" in section
