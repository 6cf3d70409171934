"""An organisation's files as their authors get them wrong, and as older versions wrote them.

- A folder written for an earlier version of the guide (the example as it was at commit
  574765b: ``current`` without a year, the template's scope values, ``organisation`` in
  charter.yml) still passes ``guide check``, from a folder outside the project too.
- Hand-written mistakes in organisation.yml, charter.yml and maturity.yml (wrong types
  everywhere, impossible dates, near-miss keys, lists for mappings, empty files) get French
  messages with file, line and field, a non-zero exit and no traceback; a mistake in
  organisation.yml is reported there only, not again on every file that depends on it.
- A macro error in an own page is reported with its file and line, in French, by
  ``guide check`` and by a build, which keeps the previous site.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO, fiche_yaml, guide_build
from guide_nr.cli.commands import main
from guide_nr.model.identity import SCOPES
from guide_nr.safety.template_sandbox import PAGE_MACROS

OLD_COMMIT = "574765b"
OLD_FOLDER = REPO / "tests" / "data" / "organisation-fictive-574765b"  # the example at that commit, byte for byte
GUIDE = [sys.executable, "-m", "guide_nr.cli"]

# -- a folder of an earlier version ---------------------------------------------------------


def test_the_frozen_old_folder_is_the_example_at_that_commit():
    """The copy under tests/data is what git holds (a shallow clone, as in CI, cannot tell)."""
    listed = subprocess.run(["git", "ls-tree", "-r", "--name-only", OLD_COMMIT, "exemples/organisation-fictive"],
                            cwd=REPO, capture_output=True, text=True)
    if listed.returncode != 0 or not listed.stdout:
        pytest.skip(f"commit {OLD_COMMIT} absent de ce clone (clone superficiel)")
    names = [name.removeprefix("exemples/organisation-fictive/") for name in listed.stdout.split()]
    assert sorted(names) == sorted(p.relative_to(OLD_FOLDER).as_posix() for p in OLD_FOLDER.rglob("*") if p.is_file())
    for name in names:
        held = subprocess.run(["git", "show", f"{OLD_COMMIT}:exemples/organisation-fictive/{name}"], cwd=REPO, capture_output=True, check=True)
        assert (OLD_FOLDER / name).read_bytes() == held.stdout, name


def test_an_old_organisation_folder_passes_the_check_unchanged(tmp_path):
    folder = tmp_path / "ancienne-organisation"  # outside the project, as GUIDE_ORGANISATION allows
    shutil.copytree(OLD_FOLDER, folder)
    charter = (folder / "charter.yml").read_text(encoding="utf-8")
    assert "organisation:" in charter and re.search(r"^ +current: ", charter, re.M) and "values:" not in charter  # really the old format
    assert re.search(r"scope: \[.*(" + "|".join(SCOPES) + ")", charter)
    result = subprocess.run([*GUIDE, "--projet", str(REPO), "check"], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "GUIDE_ORGANISATION": str(folder)})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Tout est correct" in result.stdout and "Traceback" not in result.stderr
    for path in OLD_FOLDER.rglob("*"):  # nothing rewritten in the folder
        assert not path.is_file() or (folder / path.relative_to(OLD_FOLDER)).read_bytes() == path.read_bytes(), path


def test_an_old_indicator_value_without_a_year_is_still_read(monkeypatch):
    from guide_nr.sources.project import load_project

    monkeypatch.setenv("GUIDE_ORGANISATION", str(OLD_FOLDER))
    guide = load_project(REPO).load()
    old = [t for c in guide.organisation.charter.commitments for t in c.targets if t.current is not None]
    assert old and all(t.latest == (None, t.current) for t in old)
    assert guide.organisation.charter.organisation == guide.organisation.identity.name


# -- mistakes, in French, where they are --------------------------------------------------

IDENTITY = """name: Hôpital d’essai
id_prefix: ht
pilots:
  - label: Direction des soins
scopes:
  - {value: pôles cliniques, label: Les pôles cliniques}
"""
CHARTER = """guide_version: "1.0"
adoption: {date: 2025-01-10, body: Directoire}
signatories: [{name: Alix, role: Directrice}]
revisions: [{version: "1", date: 2025-01-10, changes: Première version.}]
commitments:
  - fiche: a.1
    status: en cours
    scope: [pôles cliniques]
    budgets: [{year: 2025, planned: 1000, spent: 800}]
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
        values: [{year: 2025, value: 1}]
"""
MATURITY = """dimensions:
  Gouvernance: [a.1]
assessments:
  - date: 2025-01-01
    scores:
      - {dimension: Gouvernance, score: 2}
"""
FILES = {"organisation.yml": IDENTITY, "charter.yml": CHARTER, "maturity.yml": MATURITY}
#: Pydantic's and Jinja's English, Python's notation: never shown to an author.
NOT_FRENCH = ("Input should", "Value error", "Field required", "validation error", "Extra inputs", "typing.", "<class", "{'", "['",
              "Traceback", "is undefined", "unexpected", "Expected", "got an", "NoneType")
PROBLEM = re.compile(r"^organisation/(?P<file>[a-z]+\.yml|pages/[a-z-]+\.md):(?P<line>\d+)(?: · champ « (?P<field>[^»]+) »)? : \S")


@pytest.fixture
def hospital(project):
    """A small fork with its own pilot, scope, theme and fiche, and a valid charter and maturity file."""
    project.fiche()
    project.write("mkdocs.yml", "site_name: Essai\n")
    for name, text in FILES.items():
        project.write(f"organisation/{name}", text)
    project.write("organisation/themes.yml", "- {id: t, title: Soins, short_title: Soins, order: 9, intro: Le volet soins.}\n")
    project.write("organisation/fiches/ht-t.1.yml", fiche_yaml(id="ht-t.1", theme="t", pilots=["Direction des soins"]))
    return project


def check(project, capsys) -> tuple[int, list[str], str]:
    code = main(["--projet", str(project.root), "check"])
    out = capsys.readouterr()
    text = out.out + out.err
    return code, [line.removeprefix("  - ") for line in text.splitlines() if line.startswith("  - ")], text


def test_the_base_files_are_valid(hospital, capsys):
    code, problems, text = check(hospital, capsys)
    assert code == 0 and problems == [], text


def _replaced(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1 or old == "", old
    return text + new if old == "" else text.replace(old, new)


CASES = [
    # organisation.yml
    ("organisation.yml", None, "", 1, None, "le fichier est vide"),
    ("organisation.yml", None, "- name: Hôpital\n", 1, None, "un ensemble de champs (« nom: valeur ») est attendu"),
    ("organisation.yml", "name: Hôpital d’essai", "name: 12", 1, "name", "un texte est attendu ; mettez-la entre guillemets"),
    ("organisation.yml", "name:", "nam:", 1, "nam", "champ inconnu. Vouliez-vous dire « name » ?"),
    ("organisation.yml", "pilots:\n", "pilotes:\n", 3, "pilotes", "champ inconnu. Vouliez-vous dire « pilots » ?"),
    ("organisation.yml", "pilots:\n  - label: Direction des soins\n", "pilots: Direction des soins\n", 3, "pilots",
     "une liste (une ligne « - valeur » par élément) est attendue"),
    ("organisation.yml", "  - label: Direction des soins\n", "  - Direction des soins\n", 4, "pilots[0]", "un ensemble de champs (« nom: valeur ») est attendu"),
    ("organisation.yml", "  - {value: pôles cliniques", "  {value: pôles cliniques", 5, "scopes",
     "un ensemble de champs (« nom: valeur ») trouvé, alors qu’une liste (une ligne « - valeur » par élément) est attendue"),
    ("organisation.yml", "", "primary_color: 123456\n", 7, "primary_color", "un texte est attendu ; mettez-la entre guillemets"),
    ("organisation.yml", "", "primary_color: vert\n", 7, "primary_color", "six chiffres hexadécimaux"),
    ("organisation.yml", "", "publication:\n  audit: {date: 2026-02-30, rate: 50, auditor: Cabinet}\n", 8, "publication.audit.date",
     "date « 2026-02-30 » impossible : ce jour n’existe pas dans le calendrier"),
    ("organisation.yml", "", "home: Bienvenue\n", 7, "home", "un ensemble de champs (« nom: valeur ») est attendu"),
    ("organisation.yml", "", "menu: [{title: Site, page: site, url: 'https://exemple.fr/'}]\n", 7, "menu[0]", "soit « page »"),
    ("organisation.yml", "", "article: du\n", 7, "article", "Valeurs possibles : « le », « la », « l’ », « les », « aucun »"),
    ("organisation.yml", "", "hidden_fiches: a.1\n", 7, "hidden_fiches", "une liste"),
    ("organisation.yml", "", "id_prefix: Hôpital\n", 7, "id_prefix", "le champ « id_prefix » apparaît deux fois"),
    ("organisation.yml", "id_prefix: ht", "id_prefix: Hôpital", 2, "id_prefix", "valeur « Hôpital » invalide"),
    # charter.yml
    ("charter.yml", None, "", 1, None, "le fichier est vide"),
    ("charter.yml", None, CHARTER.split("commitments:")[0] + "commitments:\n  fiche: a.1\n  status: en cours\n", 5, "commitments",
     "un ensemble de champs (« nom: valeur ») trouvé, alors qu’une liste"),
    ("charter.yml", 'guide_version: "1.0"', "guide_version: 1.0", 1, "guide_version", "mettez-la entre guillemets (« \"1.0\" »)"),
    ("charter.yml", "adoption: {date: 2025-01-10, body: Directoire}", "adoption: 2025-01-10", 2, "adoption", "un ensemble de champs"),
    ("charter.yml", "adoption: {date: 2025-01-10,", "adoption: {date: 2025-13-01,", 2, "adoption.date", "date « 2025-13-01 » impossible"),
    ("charter.yml", "signatories: [{name: Alix, role: Directrice}]", "signatories: [Alix]", 3, "signatories[0]", "un ensemble de champs"),
    ("charter.yml", "date: 2025-01-10, changes", "date: 2025-02-30, changes", 4, "revisions[0].date", "date « 2025-02-30 » impossible"),
    ("charter.yml", "    status: en cours\n", "    statut: en cours\n", 7, "commitments[0].statut", "Vouliez-vous dire « status » ?"),
    ("charter.yml", "status: en cours", "status: realisee", 7, "commitments[0].status", "Vouliez-vous dire « réalisée » ?"),
    ("charter.yml", "    status: en cours\n", "    status: en cours\n    contributors: DGS\n", 8, "commitments[0].contributors", "une liste"),
    ("charter.yml", "scope: [pôles cliniques]", "scope: [pole clinique]", 8, "commitments[0].scope[0]",
     "périmètre « pole clinique » inconnu. Vouliez-vous dire « pôles cliniques » ? Valeurs possibles : pôles cliniques "
     "(déclarées dans organisation/organisation.yml, champ scopes)"),
    ("charter.yml", "planned: 1000", "planned: 1 000", 9, "commitments[0].budgets[0].planned", "sans espace (« 1000 »)"),
    ("charter.yml", "year: 2025, planned", "year: deux mille, planned", 9, "commitments[0].budgets[0].year", "un nombre entier"),
    ("charter.yml", "start: 2025-01-01", "start: 2026-02-30", 12, "commitments[0].actions[0].start", "date « 2026-02-30 » impossible"),
    ("charter.yml", "        owner: DGS\n", "        owner: DGS\n        status: terminée\n", 15, "commitments[0].actions[0].status",
     "Valeurs possibles : « prévue », « en cours », « réalisée », « abandonnée »"),
    ("charter.yml", "        date: 2025-03-01\n", "        date: 2025-13-01\n", 20, "commitments[0].targets[0].date", "date « 2025-13-01 » impossible"),
    ("charter.yml", "values: [{year: 2025, value: 1}]", "values: {2025: 1}", 21, "commitments[0].targets[0].values", "nom de champ « 2025 » invalide"),
    ("charter.yml", "value: 1}", "value: un}", 21, "commitments[0].targets[0].values[0].value", "un nombre est attendu"),
    # maturity.yml
    ("maturity.yml", None, "", 1, None, "le fichier est vide"),
    ("maturity.yml", "  Gouvernance: [a.1]", "  - Gouvernance", 1, "dimensions", "une liste trouvée, alors qu’un ensemble de champs"),
    ("maturity.yml", "[a.1]", "a.1", 2, "dimensions.Gouvernance", "une liste"),
    ("maturity.yml", "assessments:", "assesments:", 3, "assesments", "Vouliez-vous dire « assessments » ?"),
    ("maturity.yml", "2025-01-01", "2025-02-30", 4, "assessments[0].date", "date « 2025-02-30 » impossible"),
    ("maturity.yml", "2025-01-01", "2025-13-01", 4, "assessments[0].date", "date « 2025-13-01 » impossible"),
    ("maturity.yml", "    scores:\n      - {dimension", "    scores:\n      {dimension", 5, "assessments[0].scores",
     "un ensemble de champs (« nom: valeur ») trouvé, alors qu’une liste"),
    ("maturity.yml", "score: 2", "score: trois", 6, "assessments[0].scores[0].score", "un nombre entier"),
    ("maturity.yml", "score: 2", "score: 6", 6, "assessments[0].scores[0].score", "5 au plus"),
]


@pytest.mark.parametrize("name, old, new, line, field, expected", CASES, ids=[f"{c[0]}:{c[5][:30] or c[2][:30]}" for c in CASES])
def test_a_mistake_gets_a_french_message_at_its_line_and_field(hospital, capsys, name, old, new, line, field, expected):
    text = new if old is None else _replaced(FILES[name], old, new)
    hospital.write(f"organisation/{name}", text)
    code, problems, report = check(hospital, capsys)
    assert code != 0 and problems, report
    for problem in problems:
        assert not any(word in problem for word in NOT_FRENCH), problem
        found = PROBLEM.match(problem)
        # Only the file with the mistake: nothing reported again on the files that depend on it.
        assert found and found["file"] == name, problems
    wanted = f"organisation/{name}:{line}" + (f" · champ « {field} »" if field else "") + " : "
    assert any(p.startswith(wanted) and expected in p for p in problems), problems


def test_an_unknown_pilot_of_an_own_fiche_lists_the_organisations_pilots_and_file(hospital, capsys):
    hospital.write("organisation/fiches/ht-t.1.yml", fiche_yaml(id="ht-t.1", theme="t", pilots=["Direction des soin"]))
    code, problems, _ = check(hospital, capsys)
    assert code != 0 and len(problems) == 1
    assert problems[0].startswith("organisation/fiches/ht-t.1.yml:8 · champ « pilots[0] » : pilote « Direction des soin » inconnu. "
                                  "Vouliez-vous dire « Direction des soins » ?")
    assert "organisation/organisation.yml (pilots)" in problems[0] and problems[0].rstrip(".").endswith("Direction des soins")


def test_a_scope_of_the_template_names_the_file_where_scopes_are_declared(hospital, capsys):
    hospital.write("organisation/organisation.yml", IDENTITY.split("scopes:")[0])
    hospital.write("organisation/charter.yml", CHARTER.replace("scope: [pôles cliniques]", "scope: [services generaux]"))
    code, problems, _ = check(hospital, capsys)
    assert code != 0 and problems == [
        "organisation/charter.yml:8 · champ « commitments[0].scope[0] » : périmètre « services generaux » inconnu. Vouliez-vous dire "
        f"« services généraux » ? Valeurs possibles : {', '.join(SCOPES)} (celles du modèle de fiche action ; une organisation déclare "
        "les siennes dans organisation/organisation.yml, champ scopes : value et label)."]


# -- macros of an own page ----------------------------------------------------------------

PAGE = "# Essai\n\nLigne trois.\n\n{{ fiche_count() }} fiches.\n\n"


@pytest.mark.parametrize("line, expected", [
    ("{{ undefined_macro() }}", "nom « undefined_macro » inconnu. Une page ne peut appeler que les macros du guide (fiche_list()"),
    ("{{ fiche_lst() }}", "nom « fiche_lst » inconnu. Vouliez-vous dire « fiche_list » ?"),
    ("{% if %}", "gabarit invalide : balise vide ou incomplète"),
    ("{% for f in range(2) %}", "gabarit invalide : bloc « {% for %} » jamais refermé : « {% endfor %} » ou « {% else %} » attendu"),
    ('{{ fiche_list(theme="a") }', "gabarit invalide : « } » inattendu"),
    ("{{ config }}", "nom « config » inconnu."),
    ("{{ 'a'|center(9) }}", "filtre « center » refusé."),
    ('{% include "gouvernance.md" %}', "« {% include %} » refusé : une page ne lit aucun autre fichier"),
    ('{% import "a-propos.md" as a %}', "« {% import %} » refusé"),
    ('{% extends "index.md" %}', "« {% extends %} » refusé"),
])
def test_a_macro_mistake_in_an_own_page_is_found_by_the_check(hospital, capsys, line, expected):
    hospital.write("organisation/pages/essai.md", PAGE + line + "\n")
    code, problems, report = check(hospital, capsys)
    assert code != 0 and "Traceback" not in report
    assert [p for p in problems if not p.startswith("organisation/pages/essai.md:7 : ")] == [], problems
    assert any(expected in p for p in problems) and not any(word in report for word in NOT_FRENCH), problems


def test_the_check_knows_the_macros_a_build_exposes():
    """guide check refuses a name a page cannot call: its list is the one the build exposes."""
    from guide_nr.adapters.mkdocs.macros import EXPOSED

    defined = re.findall(r"@env\.macro\n    def (\w+)", (REPO / "macros/guide_nr/adapters/mkdocs/macros.py").read_text(encoding="utf-8"))
    assert set(PAGE_MACROS) == set(EXPOSED) == set(defined), "ajoutez la macro à PAGE_MACROS (guide_nr/safety/template_sandbox.py)"


def _fork_with_page(site_project, text: str):
    shutil.copytree(REPO / "exemples" / "organisation-fictive", site_project / "organisation")
    (site_project / "organisation" / "pages" / "essai.md").write_text(text, encoding="utf-8")
    previous = site_project / "site"
    previous.mkdir()
    (previous / "index.html").write_text("<p>site précédent</p>", encoding="utf-8")
    return previous


@pytest.mark.parametrize("line, expected", [
    ('{{ fiche_link("zz.9") }}', "erreur dans un appel de macro : fiche_link : fiche « zz.9 » inconnue."),
    ('{{ fiche_list(themes="a") }}', "erreur dans un appel de macro : argument « themes » inconnu"),
])
def test_a_macro_failing_in_a_build_names_the_own_page_and_line_and_keeps_the_site(site_project, line, expected):
    previous = _fork_with_page(site_project, PAGE + line + "\n")
    result = guide_build(site_project, "-d", "site", env={"GUIDE_ORGANISATION": ""})
    assert result.returncode != 0
    assert f"page « organisation/pages/essai.md », ligne 7 : {expected}" in result.stderr, result.stderr
    assert "Le site précédent est conservé." in result.stderr and "Traceback" not in result.stderr
    assert [p.name for p in previous.iterdir()] == ["index.html"] and "site précédent" in (previous / "index.html").read_text(encoding="utf-8")


def test_an_unknown_macro_stops_a_build_before_anything_is_written(site_project):
    previous = _fork_with_page(site_project, PAGE + "{{ undefined_macro() }}\n")
    result = guide_build(site_project, "-d", "site", env={"GUIDE_ORGANISATION": ""})
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert "organisation/pages/essai.md:7 : nom « undefined_macro » inconnu." in result.stderr
    assert "rien n’a été écrit" in result.stderr and [p.name for p in previous.iterdir()] == ["index.html"]
