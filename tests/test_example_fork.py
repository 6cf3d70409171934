"""The example fork, tried as an organisation would, following the README: clone the guide,
copy the example into organisation/, build strictly, read the charter, action plan, charts
and action sheets in a real browser, print them in greyscale, then pull an upstream release
without conflicts and see what changed since the charter's version."""

import csv
import datetime as _dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import numpy
import pypdf
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, guide_build, site_paths
from guide_nr import routes
from guide_nr.model.charter import STATUSES, Action, Budget, Charter
from guide_nr.model.indicator import Indicator, Measure
from guide_nr.model.maturity import LEVELS, Assessment, Maturity, Score
from guide_nr.model.report import action_state
from guide_nr.pages import charter_data
from guide_nr.pages.changelog import changes_since
from guide_nr.pages.facets import commitment_values
from guide_nr.pages.opendata import FORMULA_STARTS, LIST_SEPARATOR
from guide_nr.pages.organisation import by_status, charted_assessments, charter_date, commitments_by_theme, open_actions
from guide_nr.postbuild.ecodesign import PageMeasure, ecoindex, grade, page_type
from guide_nr.postbuild.outputs import check_charter_outputs
from guide_nr.postbuild.typography import french_text
from guide_nr.routes import CHARTER_PDF_FILE, PDF_FILE
from guide_nr.sources.project import load_project
from guide_nr.sources.schema import organisation_json_schema_texts
from guide_nr.text import french_date, slugify
from support.browser import AXE, AXE_RUN, GREY_CHECK, VNU, WCAG_TAGS, load_pages
from support.links import broken_anchors
from support.pdf import coloured_pages, printed_pages
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
    retained = len(load_project(fork).load().organisation.charter.retained)
    assert f"Les {retained} engagements retenus de la charte ont chacun leur fiche action" in result.stderr
    return out


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> str:
    """Text with its spaces (narrow ones, line breaks of a cell or a PDF) made single plain spaces."""
    return " ".join(text.split())


def fr(text: str) -> str:
    """A source text as a page shows it: French typography, then :func:`words`."""
    return words(french_text(text))


def test_the_fork_shows_its_name_colour_logo_home_text_and_menu(site, fork_guide):
    identity = fork_guide.organisation.identity
    home = soup(site, "")
    assert home.title.get_text().endswith(identity.site_name)
    assert home.select_one(".entete__accueil img")["src"] == "assets/logo-organisation.svg"
    stylesheet = next((site / "assets" / "stylesheets").glob("site.*.css")).read_text(encoding="utf-8")
    assert f"--md-primary-fg-color:{identity.primary_color}" in stylesheet
    # Its own home: its title, then its text rendered as Markdown, before the guide's own lines.
    article = home.select_one("article")
    assert article.h1.get_text() == french_text(identity.home.title or identity.site_name)
    assert " ".join(article.select_one("h1 + p").get_text().split()) == french_text(" ".join(identity.home.text.split()))
    assert article.select_one('a[href="demarche/charte/"]') is not None
    # Its own menu entries after « Notre démarche », in their order.
    links = soup(site, "fiches/a.1").select(".md-nav--primary > .md-nav__list > li > a")
    menu = [(a.get_text(" ", strip=True), a["href"]) for a in links]
    own = [(french_text(e.title), f"../../{routes.page_url(routes.extra_page(e.page))}" if e.page else e.url) for e in identity.menu]
    assert own and [m[0] for m in menu[:2]] == ["Accueil", "Notre démarche"] and menu[2:2 + len(own)] == own, menu
    assert menu[2 + len(own)][0] == "Catalogue"


def test_own_fiches_and_theme_are_everywhere_and_hidden_fiches_nowhere(site):
    assert (site / "fiches" / "ex-t.1" / "index.html").is_file() and (site / "themes" / "t" / "index.html").is_file()
    assert not (site / "fiches" / "h.3").exists() and not (site / "fiches" / "h.5").exists()
    exported = [f["id"] for f in json.loads((site / "donnees" / "fiches.json").read_text(encoding="utf-8"))["fiches"]]
    assert exported[-2:] == ["ex-t.1", "ex-t.2"] and "h.3" not in exported and len(exported) == 59
    catalogue = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    assert 'data-fiche="ex-t.2"' in catalogue and 'data-fiche="h.5"' not in catalogue
    printed = (site / "imprimer" / "index.html").read_text(encoding="utf-8")
    assert 'id="fiche-ex-t.1"' in printed and 'id="fiche-h.3"' not in printed
    assert "fiche propre à la Communauté de communes de l’Exemple" in soup(site, "fiches/ex-t.1").select_one(".fiche-faits").get_text()
    themes = soup(site, "themes").get_text()
    assert "Numérique responsable sur le territoire" in themes


def test_charter_page_shows_its_version_adoption_and_commitments_by_theme(site, fork_guide):
    charter, naming = fork_guide.organisation.charter, fork_guide.organisation.naming
    article = soup(site, "demarche/charte").select_one("article")
    text = words(article.get_text())
    assert article.h1.get_text() == charter.heading
    assert fr(f"{naming.subject} s’engage sur {len(charter.retained)} pratiques") in text
    assert fr(f"Version en vigueur : {charter.current_version}, du {french_date(charter_date(charter))}.") in text
    assert [h.get_text() for h in article.select("h2")] == [
        "Préambule", "Adoption", "Versions", "Engagements", "Pratiques non retenues", f"Évolutions du guide depuis la version {charter.guide_version}"]
    facts = words(article.select_one("#adoption + .fiche-faits").get_text(" "))
    assert fr(f"Adoptée le {french_date(charter.adoption.date)} Par {charter.adoption.body} Référence {charter.adoption.reference}") in facts
    assert all(fr(f"{s.name}, {s.role}") in facts for s in charter.signatories)
    versions = [[words(c.get_text()) for c in row.select("td")] for row in article.select("#versions + div table tbody tr")]
    assert versions == [[r.version, french_date(r.date), fr(r.changes)] for r in charter.revisions]
    themes = [fork_guide.theme(t).title for t in dict.fromkeys(fork_guide.fiche(c.fiche).theme for c in charter.retained)]
    assert [h.get_text() for h in article.select("h3")] == [fr(title) for title in sorted(themes, key=[t.title for t in fork_guide.themes].index)]
    sheets = {a["href"] for a in article.select('a[href^="../fiches-action/"]')}
    assert sheets == {f"../fiches-action/{c.fiche}/" for c in charter.retained}
    refused = [c for c in charter.commitments if not c.retained]
    listed = article.select("#non-retenues + ul > li")
    assert refused and [li.a["href"] for li in listed] == [f"../../fiches/{c.fiche}/" for c in refused]
    assert all(fr(c.reason) in words(li.get_text()) for c, li in zip(refused, listed, strict=True))
    assert not any((site / "demarche" / "fiches-action" / c.fiche).exists() for c in refused)  # no sheet: nothing to do
    changed = changes_since(fork_guide, charter.guide_version)
    if changed.empty:
        assert "la charte est à jour" in text
    else:  # the guide moved on since the charter's version: its own changed fiches are named, the others counted
        committed = {c.fiche for c in charter.commitments}
        mine = [i for i in changed.added + changed.modified + changed.retired if i in committed]
        section = " ".join(words(el.get_text()) for el in article.select_one("#evolutions-du-guide").find_next_siblings())
        assert all(re.search(rf"(?<![\w.]){re.escape(i)}(?![\w])", section) for i in mine) and "engagement de la charte à revoir" in section
        assert "journal des modifications" in section


def test_action_sheet_follows_the_fiche_action_template_with_states_at_the_build_date(site, fork_guide):
    commitment = fork_guide.organisation.commitment("ex-t.1")
    fiche, today = fork_guide.fiche("ex-t.1"), fork_guide.today
    article = soup(site, "demarche/fiches-action/ex-t.1").select_one("article")
    assert article.h1.get_text() == french_text(f"Fiche action {fiche.id} : {commitment.lever}")
    assert [h.get_text() for h in article.select("h2")] == [
        "Résultats attendus pour ce levier", "Calendrier", "Responsable", "Contributeurs", "Moyens", "Périmètre",
        "Prérequis", "Suivi des indicateurs de performance", "Actions à mettre en œuvre pour ce levier"]
    facts = article.select_one(".fiche-faits").get_text(" ", strip=True)
    assert f"Fiche du guide {fiche.id} {french_text(fiche.title)}" in facts  # the guide fiche beside the lever
    assert f"Statut {commitment.status}" in facts and f"Échéance Pas d’échéance fixée, dernière date prévue le {french_date(commitment.due[0])}" in facts
    tables = [[[words(c.get_text()) for c in row.select("th, td")] for row in t.select("tr")] for t in article.select("table")]
    assert tables[0] == [["Moyens humains (ETP ou JH)", "Moyens en euros"], [commitment.human_means, fr(commitment.budget)]]
    scopes = fork_guide.organisation.scopes
    assert tables[1][1:] == [[label, "oui" if value in commitment.scope else "non"] for value, label in scopes.items()]
    target = commitment.targets[0]
    assert tables[2][1] == [target.indicator, f"0 {target.unit}", "aucune valeur mesurée", f"{target.target:g} {target.unit} au {french_date(target.date)}",
                            "non mesurée"]
    assert tables[3][0][3] == f"État au {french_date(today)}"
    for number, (row, action) in enumerate(zip(tables[3][1:], sorted(commitment.actions, key=lambda a: (a.start, a.end)), strict=True), start=1):
        state = action_state(action, commitment, today)
        assert row[:3] == [fr(f"{number}. {action.title}"), fr(action.owner), f"du {french_date(action.start)} au {french_date(action.end)}"]
        assert row[3].startswith(state.status) and ("en retard" in row[3]) == state.overdue, row
    assert f"Démarrage prévu\u202f: {french_date(commitment.actions[0].start).split(' ', 1)[1]}" in article.get_text()


def test_an_action_sheet_gives_yearly_values_budgets_and_late_actions_in_words(site, fork_guide):
    commitment, today = fork_guide.organisation.commitment("b.1"), fork_guide.today
    article = soup(site, "demarche/fiches-action/b.1").select_one("article")
    text = words(article.get_text())
    target = commitment.targets[0]
    assert fr(" ; ".join(f"{year} : {value:g} %" for year, value in target.measured)) in text
    budget = article.find(string=re.compile("Budget par année")).find_next("table")
    rows = [[words(c.get_text()) for c in row.select("td")] for row in budget.select("tbody tr")]
    assert [r[0] for r in rows] == [str(b.year) for b in commitment.budgets] + ["Total"]
    assert [r[3] for r in rows[:-1]] == [fr(b.note) if b.note else "" for b in commitment.budgets]
    late = [a for a in commitment.actions if action_state(a, commitment, today).overdue]
    assert late and all(fr(a.title) in text for a in late) and text.count("en retard de") == len(late)


def test_committed_fiche_pages_show_a_short_commitment_box(site, fork_guide):
    naming = fork_guide.organisation.naming
    box = soup(site, "fiches/a.2").select_one(".admonition")
    assert box.select_one(".admonition-title").get_text() == f"Engagement {naming.of_name}, statut\u202f: en cours"
    assert "cible\u202f: Fréquence des comités de pilotage, de 0 à 4 réunions par an" in box.get_text()
    assert box.select_one('a[href="../../demarche/fiches-action/a.2/"]').get_text() == "Fiche action"
    refused = next(c for c in fork_guide.organisation.charter.commitments if not c.retained)
    box = soup(site, f"fiches/{refused.fiche}").select_one(".admonition")
    assert box.select_one(".admonition-title").get_text() == f"Engagement {naming.of_name}, statut\u202f: non retenue"
    assert french_text(refused.reason) in box.get_text() and box.select_one('a[href*="fiches-action"]') is None
    assert "admonition" not in (site / "fiches" / "g.8" / "index.html").read_text(encoding="utf-8")


def test_plan_and_maturity_charts_are_grey_svg_with_text_alternatives_and_tables(site, fork_guide):
    charter, maturity, today = fork_guide.organisation.charter, fork_guide.organisation.maturity, fork_guide.today
    plan = soup(site, "demarche/plan-action")
    charts = plan.select("article figure svg")
    assert [svg["role"] for svg in charts] == ["img", "img"]
    opened = open_actions(charter, today)
    assert charts[0].title.get_text().startswith(f"Frise des {len(opened)} actions ouvertes, du 1er janvier {today.year} au 31 décembre {today.year + 1}")
    assert len(charts[0].select("path")) <= 4  # grid, bars on time, bars late, today: however many actions
    rows = plan.select("#actions-ouvertes ~ div table tbody tr")[:len(opened)]
    assert [words(r.select_one("a").get_text()) for r in rows] == [fr(p.action.title) for p in opened]
    assert charts[1].title.get_text().startswith(f"Engagements par thème et par statut ({by_status(charter.commitments)}) — ")
    page = soup(site, "demarche/maturite")
    svg = page.select_one("figure.maturite svg")
    latest = maturity.ordered[-1]
    assert svg["role"] == "img" and svg.title.get_text().startswith(f"Maturité au {french_date(latest.date)}")
    assert len(svg.select('path[stroke="#000000"]')) == len(charted_assessments(maturity))  # one path of bars per assessment shown
    assert [th.get_text() for th in page.select("article table thead th")] == ["Dimension", *(french_date(a.date) for a in maturity.ordered)]
    assert [td.get_text() for td in page.select("article table tbody tr")[-1].select("td")][1:] == [a.by or "non précisé" for a in maturity.ordered]
    text = words(page.select_one("article").get_text())
    assert all(fr(f"Le {french_date(a.date)} : {s.comment}") in text for a in maturity.assessments for s in a.scores if s.comment)  # every comment, dated
    colours = set(re.findall(r'(?:fill|stroke)="(#[0-9a-f]{3,6})"', "".join(str(s) for s in charts) + str(svg)))
    assert colours and all(len(set(c[1:] if len(c) == 4 else c[1::2])) == 1 for c in colours), colours


def test_landing_page_lists_everything_the_organisation_publishes(site, fork_guide):
    charter = fork_guide.organisation.charter
    article = soup(site, "demarche").select_one("article")
    links = {words(a.get_text(" ", strip=True)): a["href"] for a in article.select("a")}
    assert links[charter.heading] == "charte/" and links["Gouvernance de la démarche"] == "gouvernance/"
    assert links["La charte à imprimer"] == "imprimer/"
    assert re.fullmatch(r"la charte en PDF \(PDF, \d+ Ko\)", next(k for k in links if k.startswith("la charte en PDF")))
    sheets = article.select('a[href^="fiches-action/"]')
    assert [a["href"] for a in sheets] == [f"fiches-action/{c.fiche}/" for _, items in commitments_by_theme(fork_guide, retained=True) for c in items]
    lever = next(c for c in charter.retained if c.lever)
    item = next(a.parent for a in sheets if a["href"] == f"fiches-action/{lever.fiche}/")
    fiche = fork_guide.fiche(lever.fiche)
    assert fr(f"{lever.lever} (fiche {fiche.id} {fiche.title})") in words(item.get_text())
    assert soup(site, "demarche/gouvernance").h1.get_text() == "Gouvernance de la démarche"


@pytest.mark.pdf
def test_charter_pdf_has_its_own_cover_greyscale_and_one_bookmark_per_action_sheet(site, fork_guide, tmp_path):
    charter, naming = fork_guide.organisation.charter, fork_guide.organisation.naming
    pdf = site / CHARTER_PDF_FILE
    reader = pypdf.PdfReader(pdf)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    title = charter.full_title(naming.of_name)
    assert outline[:3] == [title, charter.heading, "Plan d’action"]
    sheets = [t for t in outline if t.startswith("Fiche action ")]
    assert len(sheets) == len(charter.retained) and "Maturité numérique responsable" in outline
    assert reader.metadata.title.startswith(charter.heading) and reader.metadata.author == naming.name
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and "/StructTreeRoot" in reader.trailer["/Root"]  # tagged (PDF/UA)
    # The cover: adoption (date, body, reference), a signature line per signatory, the charter's
    # version and its date — never the build date.
    cover = words(printed_pages(pdf)[0].text)
    adoption = charter.adoption
    assert fr(f"Adoptée le {french_date(adoption.date)} Par {adoption.body} Référence {adoption.reference}") in cover
    assert all(fr(s.name) in cover and fr(s.role).split()[0] in cover for s in charter.signatories)
    assert cover.count("Signature") == len(charter.signatories) + 1  # « Signatures », then one line each
    assert f"Version {charter.current_version} Date {french_date(charter_date(charter))}" in cover
    assert charter_date(charter) == fork_guide.today or french_date(fork_guide.today) not in cover
    # Greyscale, cover included, and the logo drawn above the title (the top band of the cover is not blank).
    pages, coloured = coloured_pages(pdf, tmp_path)
    assert coloured == [] and pages >= len(charter.retained) + 2
    data = (tmp_path / sorted(p.name for p in tmp_path.glob("page-*.ppm"))[0]).read_bytes()
    header_end = 0
    for _ in range(3):
        header_end = data.index(b"\n", header_end) + 1
    width, height = (int(v) for v in data.split(b"\n")[1].split())
    pixels = numpy.frombuffer(data[header_end:], dtype=numpy.uint8).reshape(height, width, 3)
    band = pixels[round(height * 0.07):round(height * 0.18), : width // 3]
    assert (band.mean(axis=2) < 128).mean() > 0.2  # the logo's dark tile
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


# -- the charter as open data ------------------------------------------------------------


@pytest.fixture(scope="module")
def fork_guide(repos, site):
    """The fork's guide as the build loaded it (before the upstream merge below changes it)."""
    return load_project(repos[1]).load()


def read_csv(path: Path) -> list[dict[str, str]]:
    """A published CSV as a spreadsheet user gets it back: BOM, « ; », and the apostrophe
    before a cell that would be a formula removed."""
    text = path.read_bytes().decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";"))
    return [{k: v[1:] if v.startswith("'") and v[1:].startswith(FORMULA_STARTS) else v for k, v in row.items()} for row in rows]


def _or_none(cell: str) -> str | None:
    return cell or None


def _date(cell: str) -> _dt.date | None:
    return _dt.date.fromisoformat(cell) if cell else None


def _number(cell: str) -> float | None:
    return float(cell) if cell else None


def _items(cell: str) -> list[str]:
    return cell.split(LIST_SEPARATOR) if cell else []


def test_charter_json_reads_back_as_the_loaded_model(site, fork_guide):
    organisation, today = fork_guide.organisation, fork_guide.today
    data = json.loads((site / routes.CHARTER_JSON_FILE).read_text(encoding="utf-8"))
    # Every field, dates and numbers included, as the model loaded them.
    assert Charter.model_validate(data["charter"]) == organisation.charter
    assert data["charter_version"] == organisation.charter.current_version  # the version in force, as the pages give it
    assert Maturity.model_validate(data["maturity"]) == organisation.maturity
    assert data["charter"]["adoption"]["date"] == organisation.charter.adoption.date.isoformat()
    assert [s["role"] for s in data["charter"]["signatories"]] == [s.role for s in organisation.charter.signatories]
    assert [r["version"] for r in data["charter"]["revisions"]] == [r.version for r in organisation.charter.revisions]
    budgets = [b for c in data["charter"]["commitments"] for b in c["budgets"]]
    assert budgets and all(isinstance(b["planned"], float) for b in budgets)
    assert data["organisation"] == {"name": organisation.name, "scopes": organisation.scopes}
    assert data["date"] == today.isoformat()
    states = [(c, n, action_state(a, c, today)) for c in organisation.charter.commitments for n, a in enumerate(c.actions, start=1)]
    assert data["actions"] == [{"fiche": c.fiche, "number": n, "state": s.status, "overdue": s.overdue, "completed": s.done and s.done.isoformat(),
                                "days_late": s.late_by, "label": s.label} for c, n, s in states]
    assert {s.status for _, _, s in states} >= {"réalisée", "en cours"} and any(s.overdue for _, _, s in states)
    assert [(c["fiche"], c["due"]) for c in data["commitments"]] == [
        (c.fiche, c.due[0].isoformat() if c.due else None) for c in organisation.charter.commitments]


def test_charter_csvs_parse_to_the_rows_of_the_model(site, fork_guide):
    charter, maturity, today = fork_guide.organisation.charter, fork_guide.organisation.maturity, fork_guide.today
    rows = read_csv(site / routes.COMMITMENTS_CSV_FILE)
    assert [r["fiche"] for r in rows] == [c.fiche for c in charter.commitments]
    for row, c in zip(rows, charter.commitments, strict=True):
        assert (row["status"], _or_none(row["reason"]), _date(row["deadline"]), _or_none(row["sponsor"]), _or_none(row["pilot"])) == (
            c.status, c.reason, c.deadline, c.sponsor, c.pilot)
        assert (_items(row["contributors"]), _items(row["expected_results"]), _items(row["scope"]), _items(row["prerequisites"])) == (
            c.contributors, c.expected_results, c.scope, c.prerequisites)
        assert (_or_none(row["lever"]), _or_none(row["human_means"]), _or_none(row["budget"]), _or_none(row["notes"])) == (
            c.lever, c.human_means, c.budget, c.notes)
        assert row["fiche_title"] == fork_guide.fiche(c.fiche).title and _date(row["due"]) == (c.due[0] if c.due else None)
    actions = read_csv(site / routes.ACTIONS_CSV_FILE)
    assert len(actions) == sum(len(c.actions) for c in charter.commitments)
    for c in charter.commitments:
        mine = [r for r in actions if r["fiche"] == c.fiche]
        assert [int(r["number"]) for r in mine] == list(range(1, len(c.actions) + 1))
        assert [Action(title=r["title"], owner=r["owner"], start=_date(r["start"]), end=_date(r["end"]), status=_or_none(r["status"]),
                       started=_date(r["started"]), done=_date(r["done"]), comment=_or_none(r["comment"])) for r in mine] == c.actions
        for r, a in zip(mine, c.actions, strict=True):
            state = action_state(a, c, today)
            assert (r["state_date"], r["state"], r["overdue"], _date(r["completed"]), int(r["days_late"])) == (
                today.isoformat(), state.status, "oui" if state.overdue else "non", state.done, state.late_by)
    indicators = read_csv(site / routes.INDICATORS_CSV_FILE)
    for c in charter.commitments:
        rebuilt = []
        for number in range(1, len(c.targets) + 1):
            mine = [r for r in indicators if r["fiche"] == c.fiche and int(r["number"]) == number]
            kinds = [r["kind"] for r in mine]
            assert kinds[0] == "baseline" and kinds[-1] == "target" and set(kinds[1:-1]) <= {"value", "current"}
            baseline, target = mine[0], mine[-1]
            rebuilt.append(Indicator(
                indicator=baseline["indicator"], unit=baseline["unit"], baseline=float(baseline["value"]),
                baseline_year=int(baseline["year"]) if baseline["year"] else None, target=float(target["value"]), date=_date(target["date"]),
                values=[Measure(year=int(r["year"]), value=float(r["value"]), note=_or_none(r["note"])) for r in mine if r["kind"] == "value"],
                current=next((float(r["value"]) for r in mine if r["kind"] == "current"), None)))
        assert rebuilt == c.targets, c.fiche
    assert sum(1 for r in indicators if r["kind"] == "value") == sum(len(t.values) for c in charter.commitments for t in c.targets) > 0
    budgets = read_csv(site / routes.BUDGETS_CSV_FILE)
    assert [(r["fiche"], Budget(year=int(r["year"]), planned=float(r["planned"]), spent=_number(r["spent"]), note=_or_none(r["note"])))
            for r in budgets] == [(c.fiche, b) for c in charter.commitments for b in c.budgets]
    assert any(r["spent"] == "" for r in budgets)  # a year not closed yet: no spending, not « 0 »
    scores = read_csv(site / routes.MATURITY_CSV_FILE)
    assert len(scores) == sum(len(a.scores) for a in maturity.assessments)
    rebuilt = [Assessment(date=date, by=_or_none(group[0]["by"]), scores=[
        Score(dimension=r["dimension"], score=int(r["score"]), comment=_or_none(r["comment"])) for r in group])
        for date, group in ((d, [r for r in scores if _date(r["date"]) == d]) for d in dict.fromkeys(_date(r["date"]) for r in scores))]
    assert rebuilt == maturity.assessments
    assert all(r["level"] == LEVELS[int(r["score"])] for r in scores)


def test_charter_data_and_schemas_are_published_and_linked(site, fork_guide):
    published = charter_data.files(fork_guide)
    for path, text in published.items():
        assert (site / path).read_bytes().decode("utf-8") == text, path
    schemas = organisation_json_schema_texts(fork_guide)
    assert {routes.ORGANISATION_SCHEMAS[name]: text for name, text in schemas.items()}.items() <= published.items()
    assert (site / routes.SCHEMA_FILE).is_file()  # beside the fiche's schema
    for page, prefix in (("demarche", "../"), ("donnees-ouvertes", "../")):
        links = {a["href"] for a in soup(site, page).select("article a")}
        assert {prefix + path for path in published} <= links, (page, {prefix + path for path in published} - links)


def test_the_output_guard_names_a_commitment_missing_from_the_charter_data(site, fork_guide, tmp_path):
    copy = tmp_path / "site"
    for path in (routes.CHARTER_JSON_FILE, routes.COMMITMENTS_CSV_FILE):
        (copy / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(site / path, copy / path)
    assert not [f for f in check_charter_outputs(copy, fork_guide, None) if "charte" in f.split(" : ")[0] and "." in f.split(" : ")[0]]
    dropped = fork_guide.organisation.charter.commitments[-1].fiche
    data = json.loads((copy / routes.CHARTER_JSON_FILE).read_text(encoding="utf-8"))
    data["charter"]["commitments"].pop()
    (copy / routes.CHARTER_JSON_FILE).write_text(json.dumps(data), encoding="utf-8")
    lines = (copy / routes.COMMITMENTS_CSV_FILE).read_text(encoding="utf-8").splitlines(keepends=True)
    (copy / routes.COMMITMENTS_CSV_FILE).write_text("".join(line for line in lines if not line.startswith(dropped + ";")), encoding="utf-8")
    faults = check_charter_outputs(copy, fork_guide, None)
    assert f"charte.json : manquent les engagements {dropped}" in faults
    assert f"charte-engagements.csv : manquent les engagements {dropped}" in faults

# -- annual reports -----------------------------------------------------------------------


def _flat(text: str) -> str:
    """Text without any spacing: narrow spaces, table cells and PDF lines differ, figures do not."""
    return "".join(text.split())


def test_annual_reports_give_one_page_per_year_with_the_figures_of_the_yaml(site, fork_guide):
    from guide_nr.pages.report import delay, euros, number, report_of, report_years
    from guide_nr.text import french_date

    charter, maturity, today = fork_guide.organisation.charter, fork_guide.organisation.maturity, fork_guide.today
    years = report_years(fork_guide)
    assert {2025, 2026} <= set(years) and years[-1] == today.year  # the example's data, up to the build year, none after
    assert not (site / "demarche" / "rapports" / str(today.year + 1)).exists()
    landing = soup(site, "demarche").select_one("article")
    assert landing.select_one('a[href="rapports/"]').get_text() == "Rapports annuels"
    index = soup(site, "demarche/rapports").select_one("article")
    assert [a.get_text() for a in index.select('a[href$="/"]') if re.fullmatch(r"\d{4}/", a["href"])] == \
        [f"Rapport annuel {y}" for y in sorted(years, reverse=True)]
    assert all(index.select_one(f'a[href="../../{routes.report_pdf_file(y)}"]') for y in years)
    for year in years:
        report = report_of(fork_guide, year)
        article = soup(site, f"demarche/rapports/{year}").select_one("article")
        text = _flat(article.get_text())
        sections = {h2["id"]: h2 for h2 in article.select("h2")}
        provisional = year == today.year and today < _dt.date(year, 12, 31)
        assert ("Rapportprovisoire" in text) == provisional, year
        assert (_flat(f"en cours, au {french_date(today)}") in text) == provisional
        # Done this year: every action whose completion date falls in the year, on its commitment's line
        # (linked to its sheet), with its date.
        done = [(c.fiche, a) for c in charter.retained for a in c.actions if a.done and a.done.year == year]
        items = sections["realisees"].find_next_sibling("ul").select("li") if done else []
        assert len(items) == len({fiche for fiche, _ in done}) and len(done) == len(report.done)
        for fiche, action in done:
            item = next(li for li in items if li.a.get_text() == f"fiche action {fiche}")
            assert item.a["href"] == f"../../fiches-action/{fiche}/"
            assert _flat(f"{action.title} ({action.owner}, le {french_date(action.done)}") in _flat(item.get_text())
        # Ongoing, with the days late in words at the report's date.
        ongoing = sections["en-cours"].find_next_sibling("ul")
        for planned in report.ongoing:
            item = next(li for li in ongoing.select("li") if li.a.get_text() == f"fiche action {planned.commitment.fiche}")
            late = (min(today, _dt.date(year, 12, 31)) - planned.action.end).days
            assert _flat(planned.action.title) in _flat(item.get_text())
            assert (_flat(f"en retard de {delay(late)}") in _flat(item.get_text())) == (late > 0)
        # Indicators measured or due this year: the year's value (and the previous one), whether the
        # target is reached, baseline, target and deadline, as written in charter.yml; the others named.
        table = sections["indicateurs"].find_next("table")
        targets = [(c, t) for c in charter.retained for t in c.targets if t.value_in(year) is not None or t.date.year == year]
        assert [th.get_text() for th in table.select("thead th")] == ["Indicateur (fiche)", f"Valeur en {year}, résultat", "Départ et cible"]
        rows = [[_flat(td.get_text()) for td in tr.select("td")] for tr in table.select("tbody tr")]
        assert len(rows) == len(targets)
        for row, (c, t) in zip(rows, targets, strict=True):
            value = t.value_in(year)
            earlier = [(y, v) for y, v in t.measured if y < year]
            assert row[0] == _flat(f"{t.indicator} ({c.fiche})")
            assert row[1].startswith(_flat(f"{number(value)} {t.unit}") if value is not None else "nonmesurée")
            if earlier:
                assert _flat(f"({earlier[-1][0]}\u202f: {number(earlier[-1][1])} {t.unit})") in row[1]
            assert row[2] == _flat(f"de {number(t.baseline)} {t.unit}" + (f" ({t.baseline_year})" if t.baseline_year else "")
                                   + f" à {number(t.target)} {t.unit} au {french_date(t.date)}")
        others = [t for c in charter.retained for t in c.targets if (c, t) not in targets]
        assert all(_flat(t.indicator) in text for t in others)
        figure = sections["indicateurs"].find_next("figure").svg
        assert figure["role"] == "img" and figure.title.get_text() and len(figure.select("path")) <= 1 + 3  # axes, one per year shown
        # Maturity: the year's assessments against the previous one, dimension by dimension.
        in_year = [a for a in maturity.assessments if a.date.year == year]
        if in_year:
            heads = [th.get_text() for th in sections["maturite"].find_next("table").select("thead th")]
            earlier = [a for a in maturity.assessments if a.date.year < year]
            assert heads == ["Dimension", french_date(in_year[-1].date)] + [
                f"Évolution depuis le {french_date(earlier[-1].date)}" if earlier else "Évolution"]
        # Budget planned and spent, or said unreported.
        lines = [b for c in charter.retained for b in c.budgets if b.year == year]
        spent = [b.spent for b in lines if b.spent is not None]
        if lines:
            assert _flat(euros(sum(b.planned for b in lines))) in text
            assert (_flat(euros(sum(spent))) in text) if spent else _flat(f"Aucune dépense n’a été déclarée pour {year}") in text


@pytest.mark.pdf
def test_annual_report_pdf_is_grey_and_gives_indicator_values_by_year_against_targets(site, fork_guide, tmp_path):
    from guide_nr.pages.report import number
    from guide_nr.text import french_date

    year, charter = 2025, fork_guide.organisation.charter
    pdf = site / routes.report_pdf_file(year)
    pages, coloured = coloured_pages(pdf, tmp_path)
    assert coloured == [] and pages >= 2
    reader = pypdf.PdfReader(pdf)
    assert reader.metadata.title.startswith(f"Rapport annuel {year} — {ORGANISATION}") and reader.metadata.author == ORGANISATION
    text = _flat(subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True, check=True, timeout=120).stdout)
    assert _flat(f"{year} (année close)") in text and _flat(french_date(fork_guide.today)) not in text  # no build date on it
    assert _flat(f"Indicateur (fiche) Valeur en {year}, résultat Départ et cible") in text
    position = 0
    for c in charter.retained:
        for t in c.targets:  # in table order: the year's value, its baseline, its target and deadline
            if t.value_in(year) is None and t.date.year != year:
                continue
            value = t.value_in(year)
            expected = [f"({c.fiche})", f"{number(value)} {t.unit}" if value is not None else "non mesurée",
                        f"de {number(t.baseline)} {t.unit}", f"{number(t.target)} {t.unit} au {french_date(t.date)}"]
            for piece in expected:
                found = text.find(_flat(piece), position)
                assert found >= 0, (t.indicator, piece)
                position = found + len(_flat(piece))


@pytest.mark.parametrize("width", [375, 1280])
def test_an_annual_report_passes_axe_on_phones_and_desktops(site, fork_guide, browser, width):
    from support.browser import AXE_RUN, WCAG_TAGS

    with StaticServer(site) as host:
        context = browser.new_context(viewport={"width": width, "height": 800})
        context.add_init_script(AXE.read_text(encoding="utf-8"))
        page = context.new_page()
        page.goto(host.url + f"demarche/rapports/{fork_guide.today.year}/")
        violations = page.evaluate(AXE_RUN, WCAG_TAGS)
        pans = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        context.close()
    assert violations == [] and not pans



def test_no_page_of_the_demarche_pans_sideways_at_320_px(site, browser):
    """Every page under demarche/ (charter with its adoption block and signatories, plan, sheets,
    maturity, reports, print pages) and the site map reflow at 320 px: no horizontal scroll."""
    pages = sorted(p.relative_to(site).parent.as_posix() + "/" for p in (site / routes.SECTION).rglob("index.html"))
    pages.append("plan-du-site/")
    with StaticServer(site) as host:
        context = browser.new_context(viewport={"width": 320, "height": 700})
        page = context.new_page()
        wide = []
        for path in pages:
            page.goto(host.url + path)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 320:
                wide.append((path, width))
        context.close()
    assert len(pages) > 10 and wide == []


# -- « Nos engagements » in the catalogue ------------------------------------------------


def _tab_to(page, element_id: str, limit: int = 300) -> None:
    """Press Tab until the element has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement && document.activeElement.id") == element_id:
            return
    raise AssertionError(f"#{element_id} n’est pas atteignable au clavier")


def _shown(page) -> list[str]:
    return page.eval_on_selector_all("[data-fiche]", "items => items.filter(i => !i.hidden && i.offsetParent).map(i => i.dataset.fiche)")


def test_our_commitments_filter_the_catalogue_by_keyboard(site, browser, fork_guide):
    """« Nos engagements » shows exactly the practices the charter retains, then each status
    its own; chosen with the keyboard only, counted like the other filters, axe finds nothing."""
    charter = fork_guide.organisation.charter
    published = [f.id for f in fork_guide.fiches]
    retained = [i for i in published if (c := fork_guide.organisation.commitment(i)) is not None and c.retained]
    assert 0 < len(retained) < len([c for c in charter.commitments if c.fiche in published])  # one practice is not retained
    with StaticServer(site) as host:
        context = browser.new_context()
        page = context.new_page()
        page.add_init_script(AXE.read_text(encoding="utf-8"))
        page.goto(host.url + "catalogue/")
        legends = page.eval_on_selector_all("#filtres legend", "ls => ls.map(l => l.textContent)")
        assert legends[-1] == "Notre charte"
        label = " ".join(page.locator("label[for=f-engagement-tous]").inner_text().split())
        assert label == f"Nos engagements ({len(retained)} fiches)"
        page.locator("body").focus()
        _tab_to(page, "f-engagement-tous")
        page.keyboard.press("Space")
        assert _shown(page) == retained
        assert page.locator("#compte").inner_text() == f"{len(retained)} fiches correspondent"
        assert parse_qs(urlsplit(page.url).query) == {"engagement": ["tous"]}
        assert page.evaluate(AXE_RUN, WCAG_TAGS) == []
        page.keyboard.press("Space")  # unticked: every fiche again
        assert len(_shown(page)) == len(published)
        for status in STATUSES:
            members = [i for i in published if (c := fork_guide.organisation.commitment(i)) is not None and c.status == status]
            box = f"f-engagement-{slugify(status)}"
            if not members:
                assert page.locator(f"#{box}").count() == 0
                continue
            _tab_to(page, box)
            page.keyboard.press("Space")
            assert _shown(page) == members, status
            noun = "fiche" if len(members) == 1 else "fiches"
            assert " ".join(page.locator(f"label[for={box}]").inner_text().split()) == f"{status[0].upper()}{status[1:]} ({len(members)} {noun})"
            page.keyboard.press("Space")
        context.close()


def test_each_committed_fiche_says_its_status_in_the_catalogue_and_the_pages_work_without_script(site, fork_guide):
    catalogue = soup(site, "catalogue")
    for fiche in fork_guide.fiches:
        item = catalogue.find(attrs={"data-fiche": fiche.id})
        commitment = fork_guide.organisation.commitment(fiche.id)
        text = item.get_text()
        if commitment is None:
            assert "dans notre charte\u202f:" not in text and not item.has_attr("data-engagement"), fiche.id
        else:
            assert text.endswith(f"dans notre charte\u202f: {commitment.status}"), (fiche.id, text)
    assert catalogue.select_one('article a[href="../engagements/"]').get_text() == "par engagement de notre charte"
    # Without script, the same choices are pages: one per value, each listing its fiches.
    for value in commitment_values(fork_guide):
        page = soup(site, value.page_path.removesuffix(".md"))
        listed = [re.search(r"fiches/([^/]+)/", a["href"]).group(1) for a in page.select("article ul a[href*='fiches/']")]
        assert listed == [f.id for f in fork_guide.fiches if f.id in value.members], value.slug
        assert page.select_one(f'article a[href="../../catalogue/?engagement={value.slug}"]') is not None
    index = [a.get_text() for a in soup(site, "engagements").select("article ul a")]
    assert index == [v.label for v in commitment_values(fork_guide)]


# -- search finds the charter's pages --------------------------------------------------


def test_a_word_of_one_charter_action_finds_its_action_sheet(site, browser, fork_guide):
    """A word of one charter action's title that no other page of the fork holds (only the
    pages that show that action: its sheet, the plan…) finds the action sheet in the real
    Pagefind index of the fork."""
    from selectolax.lexbor import LexborHTMLParser

    from guide_nr.postbuild.typography import french_text
    from test_reader_experience import search

    articles = {}
    for file in site.rglob("index.html"):
        article = LexborHTMLParser(file.read_text(encoding="utf-8")).css_first("article")
        if article is not None:
            articles[file.parent.relative_to(site).as_posix() + "/"] = " ".join(article.text(separator=" ").split()).lower()
    candidates = []
    for commitment in fork_guide.organisation.charter.retained:
        sheet = routes.page_url(routes.sheet_page(commitment.fiche))
        for action in commitment.actions:
            title = " ".join(french_text(action.title).split()).lower()
            showing = {path for path, text in articles.items() if title in text}
            assert sheet in showing, (sheet, action.title)
            for word in sorted(set(re.findall(r"[^\W\d_]{8,}", title))):
                if not any(word[:7] in text for path, text in articles.items() if path not in showing):
                    candidates.append((word, sheet, showing))
    assert candidates
    word, sheet, showing = candidates[0]
    with StaticServer(site) as host:
        context = browser.new_context()
        page = context.new_page()
        results, status = search(page, host, word)
        context.close()
    found = [r["href"].lstrip("/") for r in results]
    assert sheet in found and set(found) <= showing, (word, sheet, results[:3], status)

def test_upstream_release_merges_without_conflict_and_shows_what_changed(repos, site, tmp_path):
    upstream, fork = repos
    # Upstream publishes 1.1: a committed fiche is revised, the configuration and README move on.
    fiche = upstream / "fiches" / "a.2.yml"
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("updated: 2023-06-01", "updated: 2026-10-01"), encoding="utf-8")
    text = fiche.read_text(encoding="utf-8")
    fiche.write_text(re.sub(r"(?m)^revised: .*$", f"revised: {_dt.date.today().isoformat()}", text), encoding="utf-8")
    journal = upstream / "fiches" / "_journal.yml"
    journal.write_text(re.sub(r"(?m)^  a\.2: .*$", "", journal.read_text(encoding="utf-8")).replace("fiches: {}", "fiches:")
                       + '\n  a.2: "Faits mis à jour."\n', encoding="utf-8")
    config = upstream / "mkdocs.yml"
    current = re.search(r'version: "([^"]+)"', config.read_text(encoding="utf-8")).group(1)
    following = f"{current}.1"  # the next version, whatever the repository's is
    config.write_text(config.read_text(encoding="utf-8").replace(f'version: "{current}"', f'version: "{following}"'), encoding="utf-8")
    (upstream / "README.md").write_text((upstream / "README.md").read_text(encoding="utf-8") + f"\nNote de la version {following}.\n", encoding="utf-8")
    released = guide_cli(upstream, "release", "--date", _dt.date.today().isoformat())
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
    assert f"passez guide_version à « {following} »" in changes.stdout
    out = tmp_path / "site"
    result = guide_build(fork, "--site-dir", str(out))
    assert result.returncode == 0, result.stderr
    section = soup(out, "demarche/charte").select_one("article").get_text()
    assert "Évolutions du guide depuis la version 1.0" in section and "engagement de la charte à revoir" in section
