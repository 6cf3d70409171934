"""A second organisation, written for the tests and unlike the shipped example: a fictitious
public hospital (tests/data/organisation-hopital/) with its own pilots, scopes, theme, own
fiches, a hidden theme and hidden fiches, a charter using every new field, four yearly
assessments and a page calling macros. It must build strictly and pass the fork-level
checks: every page and link served, axe on its pages, a greyscale charter PDF.

What holds for any organisation folder (`guide check`) runs over both folders."""

from __future__ import annotations

import json
import shutil
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pypdf
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, guide_build, site_paths
from guide_nr.model.guide import Guide
from guide_nr.routes import CHARTER_PDF_FILE
from guide_nr.sources.project import load_project
from support.browser import AXE, GREY_CHECK, load_pages
from support.links import broken_anchors
from support.pdf import coloured_pages
from support.static_server import StaticServer

HOSPITAL = REPO / "tests" / "data" / "organisation-hopital"
FOLDERS = {"exemple": REPO / "exemples" / "organisation-fictive", "hopital": HOSPITAL}
PROJECT_FILES = ("mkdocs.yml", "docs", "fiches", "macros", "overrides")


def load_with(folder: Path, monkeypatch) -> Guide:
    monkeypatch.setenv("GUIDE_ORGANISATION", str(folder))
    return load_project(REPO).load()


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_each_organisation_folder_passes_the_check(name, monkeypatch):
    guide = load_with(FOLDERS[name], monkeypatch)  # raises ValidationFailed, with every problem, otherwise
    organisation = guide.organisation
    assert organisation.identity is not None and organisation.charter is not None and organisation.maturity is not None
    assert organisation.own_fiches and organisation.extra_pages and organisation.hidden


def test_the_hospital_differs_from_the_example_where_forks_differ(monkeypatch):
    """What the second folder is for: a vocabulary and choices the example does not exercise."""
    example, hospital = load_with(FOLDERS["exemple"], monkeypatch), load_with(HOSPITAL, monkeypatch)
    identity = hospital.organisation.identity
    assert identity.pilots and not example.organisation.identity.pilots
    assert identity.scopes and set(hospital.organisation.scopes).isdisjoint(example.organisation.scopes)
    assert hospital.organisation.hidden_themes and not example.organisation.hidden_themes
    assert set(hospital.organisation.hidden).isdisjoint(example.organisation.hidden)
    assert hospital.organisation.naming.of_name.startswith("du ") and example.organisation.naming.of_name.startswith("de la ")
    own_pilots = {p.label for p in identity.pilots}
    for fiche_id in hospital.organisation.own_fiches:
        assert own_pilots & set(hospital.fiche(fiche_id).pilots), fiche_id  # its own fiches use its own pilots
    charter = hospital.organisation.charter
    assert charter.organisation is None and charter.version is None and charter.title  # name and version from elsewhere
    assert charter.adoption and len(charter.signatories) >= 2 and len(charter.revisions) >= 3
    assert any(c.status == "non retenue" for c in charter.commitments)
    actions = [a for c in charter.commitments for a in c.actions]
    assert {a.status for a in actions} >= {"en cours", "abandonnée", None} and any(a.done for a in actions) and any(a.started for a in actions)
    assert any(len(t.values) >= 3 for c in charter.commitments for t in c.targets)
    assert any(not t.rising for c in charter.commitments for t in c.targets)  # an indicator meant to go down
    assert any(b.spent is None for c in charter.commitments for b in c.budgets) and any(c.deadline for c in charter.commitments)
    used = {value for c in charter.commitments for value in c.scope}
    assert used and used <= set(hospital.organisation.scopes)
    years = {a.date.year for a in hospital.organisation.maturity.assessments}
    assert len(hospital.organisation.maturity.assessments) == 4 and len(years) == 4
    assert any("{{" in page.markdown for page in hospital.organisation.extra_pages)
    assert identity.home is not None and any(e.page for e in identity.menu) and any(e.url for e in identity.menu)


# -- the hospital, built ------------------------------------------------------------------


@dataclass(frozen=True)
class Built:
    root: Path
    site: Path
    guide: Guide


@pytest.fixture(scope="module")
def hospital_site(tmp_path_factory) -> Built:
    """A copy of the guide with the hospital as organisation/, built strictly (PDF included)."""
    root = tmp_path_factory.mktemp("hopital") / "guide"
    root.mkdir()
    for name in PROJECT_FILES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, root / name)
    shutil.copytree(HOSPITAL, root / "organisation")
    result = guide_build(root, pdf=True, env={"GUIDE_ORGANISATION": ""})
    assert result.returncode == 0, result.stderr
    assert "ont chacun leur fiche action" in result.stderr  # the outputs guard checked every action sheet
    return Built(root, root / "site", load_project(root).load())


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


def _local_targets(site: Path, base: str) -> set[str]:
    """Every address of the site a page links to or loads (links, images, styles, scripts)."""
    targets = set()
    for path in site_paths(site):
        page = BeautifulSoup((site / (path + "index.html" if path.endswith("/") or not path else path)).read_text(encoding="utf-8"),
                             "html.parser")
        for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
            for element in page.find_all(tag, attrs={attribute: True}):
                address = urljoin(base + path, element[attribute]).split("#", 1)[0]
                if address.startswith(base):
                    targets.add(address)
    return targets


def test_every_page_and_every_address_it_uses_is_served(hospital_site):
    site = hospital_site.site
    with StaticServer(site) as host:
        pages = [host.url + path for path in site_paths(site)]
        failures = []
        for address in sorted(set(pages) | _local_targets(site, host.url)):
            try:
                with urllib.request.urlopen(address, timeout=10) as response:
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            if status != 200:
                failures.append(f"{status} {urlsplit(address).path}")
    assert len(pages) > len(hospital_site.guide.fiches) and failures == []
    assert broken_anchors(site) == []


def test_hospital_vocabulary_and_choices_reach_the_site(hospital_site):
    site, guide = hospital_site.site, hospital_site.guide
    organisation = guide.organisation
    # Hidden theme and fiches: nowhere; own theme and fiches: everywhere.
    exported = [f["id"] for f in json.loads((site / "donnees" / "fiches.json").read_text(encoding="utf-8"))["fiches"]]
    assert exported == [f.id for f in guide.fiches] and not set(organisation.hidden) & set(exported)
    printed = (site / "imprimer" / "index.html").read_text(encoding="utf-8")
    catalogue = (site / "catalogue" / "index.html").read_text(encoding="utf-8")
    for fiche_id in organisation.hidden:
        assert not (site / "fiches" / fiche_id).exists() and f'id="fiche-{fiche_id}"' not in printed and f'data-fiche="{fiche_id}"' not in catalogue
    for theme in organisation.hidden_themes:
        assert not (site / "themes" / theme).exists()
    for fiche_id in organisation.own_fiches:
        assert f'id="fiche-{fiche_id}"' in printed and f'data-fiche="{fiche_id}"' in catalogue
        facts = soup(site, f"fiches/{fiche_id}").select_one(".fiche-faits").get_text(" ", strip=True)
        assert all(pilot in facts for pilot in guide.fiche(fiche_id).pilots)
    # Its own pilots have their page, listing their fiches.
    for pilot in organisation.identity.pilots:
        page = (site / "pilotes" / pilot.slug / "index.html").read_text(encoding="utf-8")
        assert all(f"fiches/{f.id}/" in page for f in guide.select(pilot=pilot.label))
    # Its scopes label the perimeter table of an action sheet.
    scoped = next(c for c in organisation.charter.commitments if c.scope)
    table = soup(site, f"demarche/fiches-action/{scoped.fiche}").select_one("article").get_text(" ", strip=True)
    assert all(label in table for label in organisation.scopes.values())
    # The page with macros lists the fiches of one of its own pilots.
    page = next(p for p in organisation.extra_pages if "{{" in p.markdown)
    article = soup(site, page.page_path.removesuffix(".md")).select_one("article")
    pilot = next(p.label for p in organisation.identity.pilots if f'pilot="{p.label}"' in page.markdown)
    assert {a["href"].split("/")[-2] for a in article.select('a[href*="fiches/"]')} == {f.id for f in guide.select(pilot=pilot)}


def test_hospital_pages_pass_axe(hospital_site, browser):
    site, organisation = hospital_site.site, hospital_site.guide.organisation
    sheet = next(c.fiche for c in organisation.charter.retained if c.lever)
    paths = ["", "demarche/", "demarche/charte/", "demarche/plan-action/", "demarche/maturite/", "demarche/imprimer/",
             f"demarche/fiches-action/{sheet}/", f"fiches/{sorted(organisation.own_fiches)[0]}/",
             *(p.page_path.removesuffix(".md") + "/" for p in organisation.extra_pages)]
    with StaticServer(site) as host:
        reports = load_pages(browser, host.url, paths, AXE.read_text(encoding="utf-8"))
        context = browser.new_context()
        page = context.new_page()
        page.emulate_media(media="print")
        page.goto(host.url + "demarche/imprimer/")
        assert page.evaluate(GREY_CHECK) == []
        context.close()
    faults = [(r.path, r.axe, r.console_errors + r.http_errors) for r in reports if r.axe or r.console_errors or r.http_errors]
    assert len(reports) == len(paths) and faults == []


@pytest.mark.pdf
def test_hospital_charter_pdf_is_greyscale_with_a_bookmark_per_commitment(hospital_site, tmp_path):
    guide = hospital_site.guide
    reader = pypdf.PdfReader(hospital_site.site / CHARTER_PDF_FILE)
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    charter = guide.organisation.charter
    assert outline[0] == charter.full_title(guide.organisation.naming.of_name)  # its own title as written, no « du … » added
    assert reader.metadata.author == guide.organisation.name
    sheets = {t.split("\u202f")[0].removeprefix("Fiche action ") for t in outline if t.startswith("Fiche action ")}
    assert {c.fiche for c in charter.retained} <= sheets <= {c.fiche for c in charter.commitments}
    pages, coloured = coloured_pages(hospital_site.site / CHARTER_PDF_FILE, tmp_path)
    assert coloured == [] and pages > len(sheets)
