"""A fork's overlay (guide_nr.sources.organisation): own themes and fiches, hidden ones, extra pages —
all checked as strictly as the guide itself, from the organisation's own folder only."""

import json

import pytest
import yaml

from conftest import fiche_yaml
from guide_nr.cli.commands import main
from guide_nr.model.release import record_release
from guide_nr.pages.changelog import changes_since
from guide_nr.pages.opendata import JSON_FILE
from guide_nr.pages.opendata import files as opendata_files
from guide_nr.pages.organisation import organisation_pages
from guide_nr.pages.site import all_pages

IDENTITY = "name: Mairie d’essai\nid_prefix: me\n"
OWN_THEME = [{"id": "t", "title": "Territoire", "short_title": "Territoire", "order": 9, "intro": "Le volet territorial."}]


@pytest.fixture
def fork(project):
    project.fiche()  # a.1
    project.fiche(id="a.2", title="Deuxième pratique", related=["a.1"])
    project.fiche(id="b.1", theme="b", title="Sensibiliser", related=["a.2"])
    project.write("mkdocs.yml", "site_name: Essai\n")  # for the command line
    project.write("organisation/organisation.yml", IDENTITY)
    project.write("organisation/themes.yml", yaml.safe_dump(OWN_THEME, allow_unicode=True))
    project.write("organisation/fiches/me-t.1.yml", fiche_yaml(id="me-t.1", theme="t", title="Accompagner les communes", related=["a.1"]))
    project.write("organisation/fiches/me-a.1.yml", fiche_yaml(id="me-a.1", theme="a", title="Pratique maison de gouvernance"))
    return project


def test_own_fiches_and_themes_join_the_guide(fork):
    guide = fork.load()
    assert [t.id for t in guide.themes] == ["a", "b", "t"]
    assert [f.id for f in guide.fiches] == ["a.1", "a.2", "me-a.1", "b.1", "me-t.1"]
    assert guide.organisation.is_own("me-t.1") and not guide.organisation.is_own("a.1")
    assert [f.id for f in guide.upstream_fiches] == ["a.1", "a.2", "b.1"]
    paths = {p.path for p in all_pages(guide)}
    assert {"fiches/me-t.1.md", "themes/t.md", "demarche/index.md"} <= paths
    exported = json.loads(opendata_files(guide)[JSON_FILE])
    assert [f["id"] for f in exported["fiches"]] == ["a.1", "a.2", "me-a.1", "b.1", "me-t.1"]
    page = next(p for p in all_pages(guide) if p.path == "fiches/me-t.1.md").markdown
    assert "fiche propre à la Mairie d’essai, absente du guide commun" in page


@pytest.mark.parametrize(
    ("path", "text", "expected"),
    [
        ("organisation/fiches/me-t.1.yml", fiche_yaml(id="t.1", theme="t"),
         "organisation/fiches/me-t.1.yml:1 · champ « id » : identifiant « t.1 » invalide pour une fiche de l’organisation : "
         "attendu le préfixe, un tiret, le thème, un point et un numéro, par exemple « me-a.1 »."),
        ("organisation/fiches/me-t.1.yml", fiche_yaml(id="me-t.1", theme="x"),
         "organisation/fiches/me-t.1.yml:2 · champ « theme » : le thème « x » ne correspond pas à l’identifiant « me-t.1 »"),
        ("organisation/fiches/me-t.1.yml", fiche_yaml(id="me-t.1", theme="t", priority="Urgente"),
         "organisation/fiches/me-t.1.yml:5 · champ « priority » : valeur « Urgente » non autorisée."),
        ("organisation/themes.yml", yaml.safe_dump([{**OWN_THEME[0], "id": "a"}], allow_unicode=True),
         "organisation/themes.yml:1 · champ « [0].id » : thème « a » déjà défini par le guide (fiches/_themes.yml)"),
        ("organisation/organisation.yml", "name: Mairie d’essai\nid_prefix: Mairie!\n",
         "organisation/organisation.yml:2 · champ « id_prefix » : valeur « Mairie! » invalide"),
        ("organisation/organisation.yml", "name: Mairie d’essai\n",
         "organisation/fiches/me-a.1.yml:1 · champ « id » : fiche propre à l’organisation, mais organisation.yml ne définit pas de préfixe"),
        ("organisation/organisation.yml", IDENTITY + "hidden_fiches: [a.9]\n",
         "organisation/organisation.yml:3 · champ « hidden_fiches[0] » : fiche « a.9 » inconnue, impossible de la masquer."),
        ("organisation/pages/Contact.md", "# Contact\n",
         "organisation/pages/Contact.md : nom de page « Contact.md » refusé (lettres minuscules sans accent, chiffres et tirets seulement)"),
        ("organisation/pages/charte.md", "# Charte\n",
         "organisation/pages/charte.md : nom de page « charte.md » refusé (nom réservé aux pages générées)"),
        ("organisation/pages/contact.md", "Sans titre.\n",
         "organisation/pages/contact.md:1 : la page doit commencer par un titre de niveau 1"),
    ],
)
def test_bad_overlay_input_gets_a_clear_error(fork, path, text, expected):
    fork.write(path, text)
    problems = fork.problems()
    assert any(p.startswith(expected) for p in problems), problems


def test_an_own_fiche_in_the_guide_folder_is_refused(fork):
    fork.write("fiches/me-a.2.yml", fiche_yaml(id="me-a.2"))
    assert any(p.startswith("fiches/me-a.2.yml:1 · champ « id » : identifiant « me-a.2 » invalide") for p in fork.problems())


def test_hidden_fiches_and_themes_are_not_published_and_links_to_them_drop(fork):
    fork.write("organisation/organisation.yml", IDENTITY + "hidden_fiches: [a.1]\nhidden_themes: [b]\n")
    guide = fork.load()
    assert [f.id for f in guide.fiches] == ["a.2", "me-a.1", "me-t.1"]
    assert [t.id for t in guide.themes] == ["a", "t"]
    assert guide.organisation.hidden == ("a.1", "b.1")
    assert guide.fiche("a.2").related == [] and guide.fiche("me-t.1").related == []
    paths = {p.path for p in all_pages(guide)}
    assert "fiches/a.1.md" not in paths and "themes/b.md" not in paths
    assert [f.id for f in guide.upstream_fiches] == ["a.1", "a.2", "b.1"]  # the release guard still sees them


def test_published_themes_keep_only_those_of_the_guide_and_the_own_ones(fork):
    fork.write("organisation/organisation.yml", IDENTITY + "published_themes: [b]\n")
    guide = fork.load()
    assert [t.id for t in guide.themes] == ["b", "t"]
    assert [f.id for f in guide.fiches] == ["b.1", "me-t.1"]  # me-a.1 sits in a theme that is not published
    fork.write("organisation/organisation.yml", IDENTITY + "published_themes: [b, z]\n")
    assert fork.problems() == ["organisation/organisation.yml:3 · champ « published_themes[1] » : thème « z » inconnu. Thèmes définis : a, b, t."]


def test_hiding_keeps_the_release_guard_and_the_changelog_honest(fork):
    record_release(fork.root / "fiches" / "_releases.json", "1.0", fork.load().upstream_fiches)
    fork.write("organisation/organisation.yml", IDENTITY + "hidden_fiches: [a.1]\n")
    guide = fork.load()
    assert changes_since(guide, "1.0").empty  # hiding or adding own fiches changes nothing upstream
    (fork.root / "fiches" / "a.2.yml").unlink()
    assert any("la fiche « a.2 » (Deuxième pratique), publiée dans la version 1.0, a disparu" in p for p in fork.problems())


def test_a_charter_cannot_commit_to_a_hidden_fiche(fork):
    fork.write("organisation/organisation.yml", IDENTITY + "hidden_fiches: [a.1]\n")
    fork.write("organisation/charter.yml", "organisation: Mairie d’essai\nguide_version: '1.0'\ncommitments:\n"
                                           "  - fiche: a.1\n    status: planifiée\n  - fiche: me-t.1\n    status: en cours\n")
    problems = fork.problems()
    assert problems == ["organisation/charter.yml:4 · champ « commitments[0].fiche » : la fiche « a.1 » n’est pas publiée d’après organisation.yml "
                        "(published_themes, hidden_themes ou hidden_fiches) : publiez-la ou retirez-la d’ici."]


def test_a_commitment_on_a_fiche_retired_upstream_says_what_replaces_it(fork):
    fork.write("organisation/charter.yml", "organisation: Mairie d’essai\nguide_version: '1.0'\ncommitments:\n"
                                           "  - fiche: a.2\n    status: planifiée\n")
    (fork.root / "fiches" / "a.2.yml").unlink()
    fork.fiche(id="b.1", theme="b", title="Sensibiliser")  # no more link to a.2
    fork.write("fiches/_retired.yml", "- id: a.2\n  title: Deuxième pratique\n  reason: fusionnée avec a.1\n  replaced_by: a.1\n")
    assert fork.problems() == ["organisation/charter.yml:4 · champ « commitments[0].fiche » : la fiche « a.2 » (Deuxième pratique) a été "
                               "retirée du guide : fusionnée avec a.1 ; elle est remplacée par « a.1 ». Reportez l’engagement sur une autre "
                               "fiche ou retirez-le."]


def test_charter_notes_are_checked_like_fiche_text(fork):
    fork.write("organisation/charter.yml", "organisation: Mairie d’essai\nguide_version: '1.0'\ncommitments:\n"
                                           "  - fiche: a.1\n    status: planifiée\n    notes: |\n      Voir <script>alert(1)</script>.\n")
    assert any(p.startswith("organisation/charter.yml:7 · champ « commitments[0].notes »") and "script" in p for p in fork.problems())


def test_charter_guide_version_must_be_a_published_release(fork):
    record_release(fork.root / "fiches" / "_releases.json", "1.0", fork.load().upstream_fiches)
    fork.write("organisation/charter.yml", "organisation: Mairie d’essai\nguide_version: '2.0'\ncommitments:\n"
                                           "  - fiche: a.1\n    status: planifiée\n")
    assert fork.problems() == ["organisation/charter.yml:2 · champ « guide_version » : version « 2.0 » du guide inconnue : "
                               "versions publiées 1.0 (registre fiches/_releases.json)."]


def test_extra_pages_are_published_under_demarche(fork):
    fork.write("organisation/pages/gouvernance.md", "# Gouvernance de la démarche\n\nComité trimestriel.\n")
    guide = fork.load()
    pages = {p.path: p.markdown for p in organisation_pages(guide)}
    # As written, under a front matter that puts it in the search index as a page of the démarche.
    assert pages["demarche/gouvernance.md"] == "---\nrecherche_nature: Démarche\n---\n\n# Gouvernance de la démarche\n\nComité trimestriel.\n"
    fork.write("organisation/pages/gouvernance.md", "---\nrecherche_nature: Gouvernance\n---\n\n# Gouvernance de la démarche\n")
    assert {p.path: p.markdown for p in organisation_pages(fork.load())}["demarche/gouvernance.md"].startswith("---\nrecherche_nature: Gouvernance\n")
    assert "[Gouvernance de la démarche](gouvernance.md)" in pages["demarche/index.md"]
    assert "[me\\-t\\.1 Accompagner les communes](../fiches/me-t.1.md)" in pages["demarche/index.md"]


def test_guide_new_writes_an_own_fiche_with_the_next_prefixed_id(fork, capsys):
    code = main(["--projet", str(fork.root), "new", "--organisation", "--theme", "t", "--titre", "Ouvrir un repair café",
                 "--resume", "Un atelier mensuel de réparation.", "--priorite", "Recommandée", "--difficulte", "Facile",
                 "--pilote", "Direction générale", "--indicateur", "Ateliers par an"])
    assert code == 0, capsys.readouterr().err
    created = fork.root / "organisation" / "fiches" / "me-t.2.yml"
    assert created.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../fiches/_schema.json\nid: me-t.2\n")
    assert "me-t.2" in [f.id for f in fork.load().fiches]


def test_guide_changements_lists_upstream_changes_since_the_charter(fork, capsys):
    record_release(fork.root / "fiches" / "_releases.json", "1.0", fork.load().upstream_fiches)
    fork.write("organisation/charter.yml", "organisation: Mairie d’essai\nguide_version: '1.0'\ncommitments:\n"
                                           "  - fiche: a.2\n    status: planifiée\n")
    assert main(["--projet", str(fork.root), "changements"]) == 0
    assert "Aucune fiche du guide commun n’a changé depuis la version 1.0." in capsys.readouterr().out
    fork.fiche(id="a.2", title="Deuxième pratique, revue", related=["a.1"])
    fork.fiche(id="b.2", theme="b", title="Nouvelle pratique")
    assert main(["--projet", str(fork.root), "changements"]) == 0
    out = capsys.readouterr().out
    assert "Ajoutées (1) :\n  - b.2 Nouvelle pratique\n" in out
    assert "Modifiées (1) :\n  - a.2 Deuxième pratique, revue  ← engagement de la charte à revoir\n" in out
    assert "1 engagement(s) de la charte concernés." in out
    assert main(["--projet", str(fork.root), "changements", "--depuis", "0.9"]) == 1
    assert "version « 0.9 » inconnue." in capsys.readouterr().err


def test_editor_schema_accepts_own_fiches_and_hidden_themes(fork):
    import jsonschema

    from guide_nr.sources.schema import fiche_json_schema

    fork.write("organisation/organisation.yml", IDENTITY + "hidden_themes: [b]\n")
    guide = fork.load()
    validator = jsonschema.Draft202012Validator(fiche_json_schema(guide))
    for path in [*sorted((fork.root / "fiches").glob("[a-z].*.yml")), *sorted((fork.root / "organisation" / "fiches").glob("*.yml"))]:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["updated"] = str(data["updated"])
        assert list(validator.iter_errors(data)) == [], path.name
    assert not validator.is_valid({**data, "id": "zz-t.1"})
