"""The pages a public site owes its readers: mentions légales, contact, accessibility statement.

Their facts come from the settings (``extra.guide.publication``, or a fork's organisation.yml)
and from the test suite's recorded results for the very sources being built.
"""

from __future__ import annotations

import datetime
import re
import shutil

from bs4 import BeautifulSoup

from conftest import REPO, guide_build
from guide_nr.model.publication import Check, TestRun
from guide_nr.sources.project import load_project
from guide_nr.sources.test_results import read_test_run, sources_digest, write_test_run


def soup(site, path):
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "html.parser")


RUN = TestRun(date=datetime.date(2026, 11, 3), pages=7, browser="Chromium 1 (essai)", tools=("outil A", "outil B"),
              checks=(Check("Premier contrôle inventé (WCAG 2.1, axe-core)", True), Check("Second contrôle <b>inventé</b>", False)))


def test_the_statement_prints_the_recorded_run_of_these_sources_and_nothing_once_they_change(site_project):
    settings = load_project(site_project).settings
    write_test_run(settings, RUN)
    assert read_test_run(settings) == RUN
    result = guide_build(site_project)
    assert result.returncode == 0, result.stderr[-2000:]
    page = soup(site_project / "site", "accessibilite")
    rows = [[cell.get_text() for cell in row.select("td")] for row in page.select("table.resultats-tests tbody tr")]
    assert rows == [["Premier contrôle inventé (WCAG 2.1, axe-core)", "réussi"], ["Second contrôle <b>inventé</b>", "échoué"]]  # text as written
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert "3 novembre 2026" in text and "sur chacune de ses 7 pages" in text and "1 réussis sur 2" in text, text
    assert "Chromium 1 (essai)" in text and "outil A, outil B" in text
    assert "non conforme" in text and "aucun taux de conformité n’est déclaré" in text
    assert "Défenseur des droits" in text and "Libre réponse 71120" in text  # voies de recours
    # A source changes: the same results no longer describe the site, and the statement says so.
    fiche = next((site_project / "fiches").glob("a.1.yml"))
    fiche.write_text(fiche.read_text(encoding="utf-8").replace("Coordonner", "Coordonner vraiment", 1), encoding="utf-8")
    assert read_test_run(load_project(site_project).settings) is None
    result = guide_build(site_project)
    assert result.returncode == 0, result.stderr[-2000:]
    text = " ".join(soup(site_project / "site", "accessibilite").select_one("article").get_text(" ").split())
    assert "n’ont pas été exécutés sur cette version" in text and "réussis" not in text, text
    assert "résultats de tests d’une autre version des sources, ignorés" in result.stderr


def test_the_digest_covers_every_kind_of_source(site_project):
    settings = load_project(site_project).settings
    before = sources_digest(settings)
    for path in ("docs/licence.md", "overrides/main.html", "macros/guide_nr/text.py", "mkdocs.yml", "fiches/_themes.yml"):
        file = site_project / path
        original = file.read_bytes()
        file.write_bytes(original + b"\n")
        assert sources_digest(settings) != before, path
        file.write_bytes(original)
    assert sources_digest(settings) == before


def test_legal_contact_and_statement_pages_show_each_field_or_what_is_missing(built_site):
    """Derived from the loaded project: a fork shows its own fields, the common guide its placeholders."""
    from guide_nr.model.publication import REQUIRED, compliance

    guide = load_project(REPO).load()
    legal = soup(built_site, "mentions-legales")
    text = " ".join(legal.select_one("article").get_text(" ").split())
    placeholders = " ".join(" ".join(p.get_text(" ").split()) for p in legal.select(".a-completer"))
    for name in ("publisher", "publisher_address", "director", "host", "host_address"):
        value = getattr(guide.publication, name)
        assert (value is not None and " ".join(value.split()) in text) or (value is None and f"publication.{name}" in placeholders), name
    assert set(guide.publication.missing()) <= set(REQUIRED)
    for path in ("mentions-legales", "contact", "accessibilite"):
        assert soup(built_site, path).select_one("article h1") is not None
    footer = soup(built_site, "fiches/" + guide.fiches[0].id).select_one(".pied-legal")
    status = compliance(guide.publication)[0]
    assert [a.get_text(" ", strip=True) for a in footer.select("a")] == ["Plan du site", f"Accessibilité\u202f: {status}", "Mentions légales", "Contact"]
    assert [a["href"] for a in footer.select("a")] == ["../../plan-du-site/", "../../accessibilite/", "../../mentions-legales/", "../../contact/"]


def _fork(site_project, publication: str):
    shutil.copytree(REPO / "exemples" / "organisation-fictive", site_project / "organisation", dirs_exist_ok=True)
    identity = site_project / "organisation" / "organisation.yml"
    text = identity.read_text(encoding="utf-8")
    identity.write_text(text[: text.index("publication:")] + publication, encoding="utf-8")


def test_a_fork_publishes_its_own_legal_notice_and_a_strict_build_refuses_one_left_to_fill(site_project):
    _fork(site_project, "publication:\n  publisher: Hôpital d’essai\n  email: accessibilite@hopital.invalid\n")
    result = guide_build(site_project)
    assert result.returncode == 1
    for name in ("publisher_address", "director", "host", "host_address"):
        assert f"organisation/organisation.yml · champ « publication.{name} » : à renseigner" in result.stderr, result.stderr[-1500:]
    assert "Traceback" not in result.stderr and not (site_project / "site").exists()
    _fork(site_project, "publication:\n  publisher: Hôpital d’essai\n  publisher_address: 3 rue de l’Essai\n  director: Le directeur général\n"
                        "  host: Hébergeur d’essai\n  host_address: 4 rue du Serveur\n  email: accessibilite@hopital.invalid\n"
                        "  repository: https://forge.exemple.invalid/hopital/guide\n"
                        "  audit: {date: 2026-10-01, rate: 72.5, auditor: Cabinet d’essai}\n")
    result = guide_build(site_project)
    assert result.returncode == 0, result.stderr[-2000:]
    site = site_project / "site"
    legal = " ".join(soup(site, "mentions-legales").select_one("article").get_text(" ").split())
    assert "Hôpital d’essai" in legal and "Le directeur général" in legal and "Hébergeur d’essai" in legal
    assert "MiNumEco" not in legal  # nothing inherited from the common guide's publisher
    contact = soup(site, "contact")
    assert contact.select_one('a[href="mailto:accessibilite@hopital.invalid"]') is not None
    assert contact.select_one('a[href="https://forge.exemple.invalid/hopital/guide"]') is not None
    statement = " ".join(soup(site, "accessibilite").select_one("article").get_text(" ").split())
    assert "partiellement conforme" in statement and "72,5 %" in statement and "Cabinet d’essai" in statement
    assert re.search(r"établie le 1 ?er octobre 2026, d’après l’audit", statement), statement  # no test run here: the audit dates it
    footer = soup(site, "fiches/a.1").select_one(".pied-legal a[href$=\"accessibilite/\"]")
    assert footer.get_text(" ", strip=True) == "Accessibilité\u202f: partiellement conforme"


def test_bad_publication_settings_get_a_french_error(site_project):
    config = site_project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    version = re.search(r'(?m)^    version: "[^"]+"$', text).group(0)
    config.write_text(text.replace(version, version + '\n    publication:\n      email: "mailto:x@y.fr"\n'
                                   '      repository: "https://moi:secret@forge.exemple.fr/x"\n      editeur: X\n'
                                   '      audit: {date: 2099-01-01, rate: 80, auditor: Cabinet}\n'), encoding="utf-8")
    result = guide_build(site_project)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "champ « extra.guide.publication.email » : « mailto:x@y.fr » n’est pas une adresse électronique" in result.stderr
    assert "champ « extra.guide.publication.audit » : attendu : date (AAAA-MM-JJ, passée)" in result.stderr
    assert "champ « extra.guide.publication.repository »" in result.stderr
    assert "champ « extra.guide.publication.editeur » : champ inconnu" in result.stderr
