"""Source files are what they claim to be, ids never build a path outside the project, a
retired id is never reused, and a YAML mistake is reported in French at the line it starts,
without burying it under messages about other files."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest
import yaml

from conftest import REPO, fiche_yaml


def test_a_symlinked_fiche_to_a_file_outside_is_refused(project, tmp_path):
    secret = tmp_path / "secret.yml"
    secret.write_text(fiche_yaml(id="a.2", title="Contenu hors du dépôt"), encoding="utf-8")
    project.fiche()
    os.symlink(secret, project.fiches / "a.2.yml")
    assert project.problems() == [
        "fiches/a.2.yml : lien symbolique refusé : les sources du guide sont des fichiers ordinaires du dépôt, dans des dossiers "
        "ordinaires. Remplacez le lien par le fichier ou le dossier lui-même."
    ]


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "/"])
def test_a_symlink_to_a_device_or_folder_is_refused_at_once(project, target):
    project.fiche()
    os.symlink(target, project.fiches / "a.2.yml")
    start = time.monotonic()
    [problem] = project.problems()
    assert time.monotonic() - start < 5
    assert problem.startswith("fiches/a.2.yml : lien symbolique refusé")


def test_a_folder_or_fifo_named_like_a_fiche_is_refused(project):
    project.fiche()
    (project.fiches / "a.2.yml").mkdir()
    os.mkfifo(project.fiches / "a.3.yml")
    problems = project.problems()
    assert problems == [
        "fiches/a.2.yml : ce n’est pas un fichier ordinaire (dossier, périphérique…) : une source du guide est un fichier texte.",
        "fiches/a.3.yml : ce n’est pas un fichier ordinaire (dossier, périphérique…) : une source du guide est un fichier texte.",
    ]


def test_symlinks_in_the_organisation_folder_are_refused(project, tmp_path):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Hôpital de test\nid_prefix: ht\nlogo: logo.svg\n")
    (project.root / "organisation/pages").mkdir(parents=True)
    outside = tmp_path / "ailleurs.md"
    outside.write_text("# Ailleurs\n\nTexte.\n", encoding="utf-8")
    os.symlink(outside, project.root / "organisation/pages/ailleurs.md")
    os.symlink("/etc/hostname", project.root / "organisation/logo.svg")
    problems = project.problems()
    assert any(p.startswith("organisation/pages/ailleurs.md : lien symbolique refusé") for p in problems), problems
    assert any("organisation/organisation.yml:3 · champ « logo » : logo « logo.svg » refusé : lien symbolique refusé" in p for p in problems), problems


@pytest.mark.parametrize("logo, reason", [
    ("../../secret.svg", "sans « .. » ni chemin absolu"),
    ("/etc/passwd.svg", "sans « .. » ni chemin absolu"),
])
def test_a_logo_outside_the_organisation_folder_is_refused(project, logo, reason):
    project.fiche()
    project.write("organisation/organisation.yml", f"name: Hôpital de test\nlogo: {logo}\n")
    [problem] = project.problems()
    assert reason in problem


@pytest.mark.parametrize("svg, named", [
    ('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "<script>"),
    ('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="1" height="1"/></svg>', "« onload »"),
    ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink"><a x:href="javascript:alert(1)"><rect/></a></svg>', "<a>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><image href="https://exemple.org/pixel.png"/></svg>', "<image>"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>@import url(https://exemple.org/x.css);</style></svg>', "@import"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="url(https://exemple.org/#p)"/></svg>', "« fill »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject></svg>', "<foreignObject>"),
    ('<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>', "DOCTYPE"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><animate attributeName="href" to="javascript:alert(1)"/></svg>', "<animate>"),
    ('<?xml-stylesheet type="text/xsl" href="http://127.0.0.1:9/x.xsl"?><svg xmlns="http://www.w3.org/2000/svg"/>', "instruction de traitement"),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@\\69mport 'http://127.0.0.1:9/a.css';</style></svg>", "« @import »"),
    ("<svg xmlns=\"http://www.w3.org/2000/svg\"><style>@im/**/port 'http://127.0.0.1:9/a.css';</style></svg>", "règle « @im »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><style>circle{fill:u\\72l(http://127.0.0.1:9/b.svg#x)}</style></svg>', "url(http://127.0.0.1:9/b.svg#x)"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0" mask="u\\72l(http://127.0.0.1:9/m.svg#m)"/></svg>', "« mask »"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect fill="image-set(&quot;http://127.0.0.1:9/i.png&quot; 1x)"/></svg>', "image-set()"),
    ('<svg xmlns="http://www.w3.org/2000/svg"><rect style="fill:u\\rl(http://127.0.0.1:9/s)"/></svg>', "« style »"),
])
def test_a_logo_that_is_more_than_a_picture_is_refused(project, svg, named):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Hôpital de test\nlogo: logo.svg\n")
    project.write("organisation/logo.svg", svg)
    [problem] = project.problems()
    assert "champ « logo » : logo « logo.svg » refusé" in problem and named in problem, problem


def test_the_example_logo_and_an_ordinary_exported_logo_are_plain_pictures():
    from guide_nr.safety.svg import svg_problem

    assert svg_problem((REPO / "exemples/organisation-fictive/logo.svg").read_bytes()) is None
    exported = ('<?xml version="1.0" encoding="UTF-8"?><!-- Généré par un éditeur -->'
                '<svg xmlns="http://www.w3.org/2000/svg" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape" viewBox="0 0 24 24">'
                '<defs><linearGradient id="g"><stop offset="0" stop-color="#123456"/></linearGradient></defs>'
                '<style>.a{fill:url(#g);stroke:rgb(1,2,3)}</style><inkscape:grid/>'
                '<rect class="a" fill="url(#g)" transform="translate(1 2) rotate(3)" style="fill:#fff;stroke-width:2"/></svg>')
    assert svg_problem(exported.encode()) is None


def test_retired_ids_follow_the_id_rule(project):
    project.fiche()
    project.write("fiches/_retired.yml", "- id: ../../etc/x\n  title: T\n  reason: R\n- id: A.9\n  title: T\n  reason: R\n")
    problems = project.problems()
    assert "fiches/_retired.yml:1 · champ « [0].id » : identifiant « ../../etc/x » invalide : lettres minuscules sans accent, chiffres, " \
           "points et tirets seulement (il devient un nom de fichier et une adresse de page), par exemple « a.1 »." in problems
    assert any(p.startswith("fiches/_retired.yml:4 · champ « [1].id » : identifiant « A.9 » invalide") for p in problems), problems


def test_a_retired_id_cannot_come_back_for_another_practice(project):
    import datetime as dt

    from guide_nr.model.release import Journal, record_release

    for n in (1, 2):
        project.fiche(name=f"a.{n}.yml", id=f"a.{n}", title=f"Fiche {n}")
    guide = project.load()
    record_release(guide.settings.releases_path, "1.0", guide.fiches, dt.date(2025, 1, 15))
    (project.fiches / "a.2.yml").unlink()
    project.write("fiches/_retired.yml", "- id: a.2\n  title: Fiche 2\n  reason: fusionnée\n  replaced_by: a.1\n  date: 2025-06-01\n")
    guide = project.load()
    record_release(guide.settings.releases_path, "1.1", guide.fiches, dt.date(2025, 6, 1), Journal(fiches={"a.2": "fusionnée avec a.1"}))
    # Someone deletes the retirement and writes a new practice under the old id.
    project.write("fiches/_retired.yml", "[]\n")
    project.fiche(name="a.2.yml", id="a.2", title="Une tout autre pratique")
    [problem] = project.problems()
    assert problem.startswith(
        "fiches/a.2.yml:1 · champ « id » : l’identifiant « a.2 » a été retiré du guide dans la version 1.1 (2025-06-01) "
        "alors qu’il désignait « Fiche 2 » : un identifiant retiré n’est jamais réutilisé.")


def _guide(cwd, *args):
    return subprocess.run([sys.executable, "-m", "guide_nr.cli.commands", *args], cwd=cwd, capture_output=True, text=True, timeout=120,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("fiche_id", ["../../../tmp/x", "a.1/../../x", "/tmp/x", "d.7.yml", "D.7", "a.7", "d..7", "d.7 ", "d.i", "d." + "9" * 300])
def test_new_refuses_an_id_that_is_not_an_id_before_writing_anything(site_project, fiche_id, tmp_path):
    before = sorted(p.relative_to(site_project) for p in site_project.rglob("*"))
    result = _guide(site_project, "new", "--theme", "d", "--titre", "T", "--resume", "R.", "--priorite", "Recommandée",
                    "--difficulte", "Facile", "--pilote", "Direction logistique", "--indicateur", "I", "--id", fiche_id)
    assert result.returncode == 1, result.stdout + result.stderr
    assert f"guide new : identifiant « {fiche_id} » refusé" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(site_project) for p in site_project.rglob("*") if "__pycache__" not in p.parts) == \
        [p for p in before if "__pycache__" not in p.parts]
    assert not (tmp_path.parent / "x.yml").exists()


def test_new_refuses_a_retired_id(site_project):
    (site_project / "fiches/_retired.yml").write_text("- id: d.9\n  title: Ancienne\n  reason: fusionnée\n  date: 2025-03-01\n", encoding="utf-8")
    result = _guide(site_project, "new", "--theme", "d", "--titre", "T", "--resume", "R.", "--priorite", "Recommandée",
                    "--difficulte", "Facile", "--pilote", "Direction logistique", "--indicateur", "I", "--id", "d.9")
    assert result.returncode == 1
    assert "c’est l’identifiant d’une fiche retirée le 1er mars 2025 (« Ancienne »)" in result.stderr


# -- YAML mistakes, in French, at the line where they start -----------------------------------


@pytest.mark.parametrize("raw, line, words", [
    (fiche_yaml().replace("summary: Confier la coordination à une personne identifiée.", 'summary: "Confier la coordination'),
     4, "guillemet ouvert ici mais jamais refermé"),
    (fiche_yaml().replace("summary: Confier la coordination à une personne identifiée.", 'summary: "Confier la coordination')
     .replace("'Référent nommé : oui / non'", '"Référent nommé : oui / non"'), 4, "guillemet « \" » ouvert ligne 4 et refermé seulement ligne"),
    (fiche_yaml().replace("title: Coordonner la démarche", "title: 'L'informatique responsable'"), 3, "s’écrit deux fois"),
    (fiche_yaml().replace("- Direction générale", " - Direction générale\n- Direction du numérique"), 9, "vérifiez son indentation"),
    (fiche_yaml().replace("  ## Pourquoi agir", "\t## Pourquoi agir"), 13, "tabulation interdite"),
    (fiche_yaml().replace("- Direction générale", "[Direction générale"), 8, "crochet « [ » non refermé"),
    (fiche_yaml().replace("title: Coordonner la démarche", 'title: "C:\\dossier"'), 3, "barre oblique inverse"),
])
def test_yaml_mistakes_are_explained_in_french_at_their_first_line(project, raw, line, words):
    project.fiche(raw=raw)
    [problem] = project.problems()
    assert problem.startswith(f"fiches/a.1.yml:{line} : YAML invalide : "), problem
    assert words in problem
    assert not any(english in problem for english in ("did not find", "expected", "while scanning", "found"))


@pytest.mark.parametrize("title, line", [('"Titre \\x00 caché"', 3), ('"Titre \\u202e inversé"', 3)])
def test_invisible_characters_are_refused_with_their_line(project, title, line):
    project.fiche(raw=fiche_yaml().replace("title: Coordonner la démarche", f"title: {title}"))
    [problem] = project.problems()
    assert problem.startswith(f"fiches/a.1.yml:{line} : caractère invisible U+"), problem


def test_a_raw_control_character_is_refused_at_its_line(project):
    project.fiche(raw=fiche_yaml().replace("Un texte de fiche.", "Un texte \x01 de fiche."))
    [problem] = project.problems()
    assert problem.startswith("fiches/a.1.yml:15 : caractère invisible U+0001 refusé"), problem


def test_deep_yaml_nesting_is_explained_in_french(project):
    project.fiche(raw="id: a.1\nrelated: " + "[" * 20000 + "]" * 20000 + "\n")
    [problem] = project.problems()
    assert "structure imbriquée trop profondément" in problem


@pytest.mark.parametrize("body, words", [
    ("[" * 9000 + "x" + "]" * 9000, "crochets « [ » imbriqués sur 9000 niveaux : 12 au plus."),
    ("Texte. " * 3000, "texte trop long (21000 caractères) : 20000 au plus."),
])
def test_texts_that_would_make_the_check_slow_are_refused_at_once(project, body, words):
    project.fiche(body=body)
    start = time.monotonic()
    problems = project.problems()
    assert time.monotonic() - start < 10
    assert any(words in p for p in problems), problems


def test_deeply_nested_tags_within_the_limit_are_checked_quickly(project):
    project.fiche(body="<abbr>" * 3300 + "\n")
    start = time.monotonic()
    project.problems()
    assert time.monotonic() - start < 10


def test_one_broken_fiche_does_not_cascade_into_other_messages(project):
    import datetime as dt

    from guide_nr.model.release import record_release

    project.fiche(name="a.1.yml", id="a.1")
    project.fiche(name="a.2.yml", id="a.2", related=["a.1"])
    record_release(project.load().settings.releases_path, "1.0", project.load().fiches, dt.date(2025, 1, 15))
    project.write("organisation/organisation.yml", "name: Hôpital de test\n")
    project.write("organisation/charter.yml", "organisation: Hôpital de test\nguide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: en cours\n")
    project.write("organisation/maturity.yml", "dimensions:\n  Gouvernance: [a.1]\nassessments:\n  - date: 2025-01-01\n    scores:\n"
                  "      - {dimension: Gouvernance, score: 2}\n")
    project.fiche(raw=fiche_yaml().replace("title: Coordonner la démarche", 'title: "Coordonner'))
    problems = project.problems()
    assert len(problems) == 1, problems
    assert problems[0].startswith("fiches/a.1.yml:3 : YAML invalide : guillemet")


def test_cli_reports_broken_sources_without_traceback(site_project):
    (site_project / "fiches/a.1.yml").unlink()
    os.symlink("/dev/zero", site_project / "fiches/a.1.yml")
    result = _guide(site_project, "check")
    assert result.returncode == 1
    assert "fiches/a.1.yml : lien symbolique refusé" in result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr


@pytest.mark.parametrize("url, words", [
    ("https://exemple.org/){onclick=alert(1)}", "caractère(s) « { », « } » interdit(s)"),
    ('https://exemple.org/" onmouseover="x', "caractère(s) espace, « \" » interdit(s)"),
    ("https://exemple.org/<script>", "caractère(s) « < », « > » interdit(s)"),
    ("javascript:alert(1)", "une adresse web commençant par http:// ou https:// est attendue"),
    ("HTTPS://exemple.org/", "en minuscules"),
    ("https://exemple.org/%zz", "deux chiffres hexadécimaux"),
    ("https://nom:motdepasse@exemple.org/", "pas d’identifiant ni de mot de passe"),
    ("https://exemple.org\\@evil.example/", "caractère(s) « \\ » interdit(s)"),
])
def test_an_address_is_refused_with_the_reason(project, url, words):
    project.fiche(references=[{"title": "Ressource", "url": url}])
    [problem] = project.problems()
    assert "champ « references[0].url » : adresse" in problem and words in problem, problem


@pytest.mark.parametrize("url", [
    "https://fr.wikipedia.org/wiki/Numérique_responsable_(organisations)",
    "https://exemple.org/a?b=1&c=d;e#f",
    "http://127.0.0.1:8080/chemin",
])
def test_ordinary_addresses_are_accepted(project, url):
    project.fiche(references=[{"title": "Ressource", "url": url}])
    assert project.problems() == []


def test_a_fiche_in_a_subfolder_is_reported_not_ignored(project):
    project.fiche()
    project.fiche(name="brouillons/a.2.yml", id="a.2")
    assert project.problems() == [
        "fiches/brouillons/a.2.yml : fiche rangée dans un sous-dossier, donc ignorée : les fiches sont lues directement dans "
        "fiches/ ; déplacez-la."
    ]


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf"])
def test_a_charter_target_is_an_ordinary_number(project, value):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Hôpital de test\n")
    project.write("organisation/charter.yml", "organisation: Hôpital\nguide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: en cours\n"
                  f"    targets:\n      - {{indicator: Agents formés, baseline: {value}, target: 10, unit: agents, date: 2026-01-01}}\n")
    [problem] = project.problems()
    assert "commitments[0].targets[0].baseline" in problem and "un nombre ordinaire est attendu" in problem, problem


@pytest.mark.parametrize("url", ["https://exémple.fr/page", "https://exemple.org/recherche?f[0]=theme%3Aa"])
def test_addresses_copied_from_a_browser_bar_are_accepted(project, url):
    project.fiche(references=[{"title": "Ressource", "url": url}])
    assert project.problems() == []


@pytest.mark.parametrize("url", ["https://exemple.fr．autre.example/", "https://exemple。fr/x", "https://exemple..fr/", "https://exemple.fr:99999/"])
def test_hosts_that_a_browser_reads_differently_are_refused(project, url):
    project.fiche(references=[{"title": "Ressource", "url": url}])
    [problem] = project.problems()
    assert "champ « references[0].url » : adresse" in problem and "invalide" in problem, problem


def test_a_broken_themes_file_does_not_make_every_fiche_unknown(project):
    project.fiche()
    project.fiche(name="b.1.yml", id="b.1", theme="b")
    project.write("fiches/_themes.yml", "- id: a\n  title: 'Stratégie\n")
    problems = project.problems()
    assert len(problems) == 1 and problems[0].startswith("fiches/_themes.yml:2 : YAML invalide"), problems


@pytest.mark.parametrize("field, value, words", [
    ("target", "3,5", "un nombre s’écrit avec un point décimal et sans espace (« 3.5 »)"),
    ("baseline", "1 200", "(« 1200 »)"),
    ("date", "2025-02-30", "date « 2025-02-30 » impossible"),
])
def test_charter_values_an_organisation_types_get_a_french_hint(project, field, value, words):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Hôpital de test\n")
    target = {"indicator": "Agents formés", "baseline": 0, "target": 10, "unit": "agents", "date": "2026-01-01", field: value}
    project.write("organisation/charter.yml", "organisation: Hôpital\nguide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: en cours\n"
                  "    targets:\n      - " + yaml.safe_dump(target, allow_unicode=True, default_flow_style=True).strip() + "\n")
    [problem] = project.problems()
    assert words in problem, problem


def test_a_number_where_text_is_expected_gets_the_quotes_hint(project):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Hôpital de test\n")
    project.write("organisation/charter.yml", "organisation: Hôpital\nguide_version: 1.0\ncommitments:\n  - fiche: a.1\n    status: en cours\n")
    [problem] = project.problems()
    assert "champ « guide_version » : valeur 1.0 invalide : un texte est attendu ; mettez-la entre guillemets" in problem, problem
