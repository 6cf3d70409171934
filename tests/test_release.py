"""Releases, retirements and the guard against silent loss of fiches."""

import datetime as dt
from pathlib import Path

import pytest
import yaml

from guide_nr.cli.commands import next_free_id
from guide_nr.model.release import content_hash, history, read_releases, record_release
from guide_nr.pages.changelog import changelog_pages, changes_json
from guide_nr.pages.fiche import retired_page


@pytest.fixture
def released(project):
    """A project with three fiches recorded as version 1.0."""
    for n in (1, 2, 3):
        project.fiche(name=f"a.{n}.yml", id=f"a.{n}", title=f"Fiche {n}")
    guide = project.load()
    record_release(guide.settings.releases_path, "1.0", guide.fiches, dt.date(2026, 1, 15))
    return project


def test_content_hash_ignores_layout_but_not_content(project):
    project.fiche()
    first = content_hash(project.load().fiches[0])
    path = project.fiches / "a.1.yml"
    path.write_text("# commentaire\n" + path.read_text(encoding="utf-8").replace("title: ", "title:    "), encoding="utf-8")
    assert content_hash(project.load().fiches[0]) == first
    project.fiche(title="Autre titre")
    assert content_hash(project.load().fiches[0]) != first


def test_a_released_version_cannot_be_recorded_twice(released):
    guide = released.load()
    with pytest.raises(ValueError, match="la version « 1.0 » est déjà enregistrée"):
        record_release(guide.settings.releases_path, "1.0", guide.fiches)


def test_a_fiche_deleted_after_a_release_fails_validation_naming_it(released):
    (released.fiches / "a.2.yml").unlink()
    problems = released.problems()
    assert len(problems) == 1
    assert problems[0].startswith("fiches/a.2.yml : la fiche « a.2 » (Fiche 2), publiée dans la version 1.0, a disparu.")
    assert "fiches/_retired.yml" in problems[0]


def test_a_declared_retirement_is_accepted_and_keeps_a_page(released):
    (released.fiches / "a.2.yml").unlink()
    released.write("fiches/_retired.yml", yaml.safe_dump(
        [{"id": "a.2", "title": "Fiche 2", "reason": "fusionnée avec la fiche a.3", "replaced_by": "a.3", "date": "2026-03-01"}],
        allow_unicode=True).replace("'2026-03-01'", "2026-03-01"))
    guide = released.load()
    assert [r.id for r in guide.retired] == ["a.2"]
    page = retired_page(guide, guide.retired[0])
    assert page.path == "fiches/a.2.md"
    assert "a été retirée du guide** le 1er mars 2026" in page.markdown
    assert "remplacée par la fiche [a\\.3 Fiche 3](a.3.md)" in page.markdown


def test_retirement_mistakes_are_reported(released):
    released.write("fiches/_retired.yml", "- id: a.1\n  title: Fiche 1\n  reason: doublon\n  replaced_by: a.9\n")
    problems = released.problems()
    assert any(p.startswith("fiches/a.1.yml:1 · champ « id » : l’identifiant « a.1 » a été retiré du guide (« Fiche 1 », fiches/_retired.yml) "
                            "mais ce fichier existe : s’il s’agit de l’ancienne fiche, supprimez-le") for p in problems), problems
    assert any(p.startswith("fiches/_retired.yml:4 · champ « [0].replaced_by » : fiche de remplacement « a.9 » inconnue.") for p in problems)


def test_changes_per_release_and_in_preparation(released):
    released.fiche(name="a.1.yml", id="a.1", title="Fiche 1 revue")
    released.fiche(name="a.4.yml", id="a.4", title="Fiche 4")
    (released.fiches / "a.3.yml").unlink()
    released.write("fiches/_retired.yml", "- id: a.3\n  title: Fiche 3\n  reason: obsolète\n")
    guide = released.load()
    current, first = history(guide.releases, guide.fiches)
    assert (current.version, current.added, current.modified, current.retired) == ("en préparation", ["a.4"], ["a.1"], ["a.3"])
    assert (first.version, first.date, first.added) == ("1.0", "2026-01-15", ["a.1", "a.2", "a.3"])
    index, *versions = changelog_pages(guide)
    assert "## Depuis la version 1\\.0 (en préparation)" in index.markdown and "## Version 1\\.0 — 15 janvier 2026" in index.markdown
    assert [v.path for v in versions] == ["journal/en-preparation.md"]  # the first release lists no changes
    assert "(journal/en-preparation.md)" in index.markdown and "1 fiche ajoutée, 1 fiche modifiée, 1 fiche retirée\u202f: [chaque fiche" in index.markdown
    assert "[a\\.3 Fiche 3](../fiches/a.3.md)" in versions[0].markdown
    import json

    assert json.loads(changes_json(guide))["changes"][0]["retired"] == ["a.3"]


def test_new_ids_never_reuse_a_published_or_retired_one(released):
    (released.fiches / "a.3.yml").unlink()
    released.write("fiches/_retired.yml", "- id: a.3\n  title: Fiche 3\n  reason: obsolète\n")
    guide = released.load()
    assert next_free_id(guide, "a") == "a.4"
    assert next_free_id(guide, "b") == "b.1"


def test_deleting_a_fiche_of_the_repository_fails_the_real_build(site_project):
    from conftest import guide_build

    (site_project / "fiches" / "i.8.yml").unlink()
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 1
    last = read_releases(site_project / "fiches" / "_releases.json")[-1]
    assert f"fiches/i.8.yml : la fiche « i.8 » ({last.titles['i.8']}), publiée dans la version {last.version}, a disparu." in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site_project / "site").exists()



def test_the_journal_explains_each_change_and_the_release_keeps_the_reasons(released):
    released.fiche(name="a.1.yml", id="a.1", title="Fiche 1 revue", revised="2026-01-20")
    released.fiche(name="a.4.yml", id="a.4", title="Fiche 4")
    guide = released.load()
    with pytest.raises(ValueError, match=r"2 fiche\(s\) ont changé depuis la version 1.0 sans raison écrite dans le journal : a.1, a.4"):
        record_release(guide.settings.releases_path, "1.1", guide.fiches, dt.date(2026, 2, 1), guide.journal)
    released.write("fiches/_journal.yml", 'summary: "Titres revus."\nfiches:\n  a.4: "Nouvelle pratique."\n  a.1: "Titre <b>précisé</b>."\n')
    guide = released.load()
    page = "".join(p.markdown for p in changelog_pages(guide))
    assert "Titres revus\\." in page and "[a\\.1 Fiche 1 revue](../fiches/a.1.md)\u202f: Titre &lt;b&gt;précisé&lt;/b&gt;\\." in page
    record_release(guide.settings.releases_path, "1.1", guide.fiches, dt.date(2026, 2, 1), guide.journal)
    released.write("fiches/_journal.yml", "fiches: {}\n")
    guide = released.load()
    newest = history(guide.releases, guide.fiches, guide.journal)[1]
    assert (newest.version, newest.summary, newest.notes) == ("1.1", "Titres revus.", {"a.1": "Titre <b>précisé</b>.", "a.4": "Nouvelle pratique."})
    import json

    published = next(c for c in json.loads(changes_json(guide))["changes"] if c["version"] == "1.1")
    assert published["notes"] == {"a.1": "Titre <b>précisé</b>.", "a.4": "Nouvelle pratique."} and published["summary"] == "Titres revus."
    assert "notes" not in json.loads((guide.settings.releases_path).read_text(encoding="utf-8"))["releases"][0]  # 1.0 stays as recorded


def test_a_journal_line_for_an_unchanged_or_unknown_fiche_is_refused(released):
    released.fiche(name="a.1.yml", id="a.1", title="Fiche 1 revue")
    released.write("fiches/_journal.yml", 'fiches:\n  a.1: "Titre revu."\n  a.2: "Rien à signaler."\n  z.9: "Fiche inconnue ici."\n')
    problems = released.problems()
    assert ("fiches/_journal.yml:3 · champ « fiches.a.2 » : la fiche « a.2 » n’a pas changé depuis la version 1.0 : "
            "retirez cette ligne du journal (fiches changées : a.1).") in problems, problems
    assert any("la fiche « z.9 » n’existe pas dans le guide commun" in p for p in problems), problems
    released.write("fiches/_journal.yml", "fiches:\n  a.1: |\n    deux\n    lignes\n")
    assert any(p.startswith("fiches/_journal.yml:") and "fiches.a.1" in p for p in released.problems())
    released.write("fiches/_journal.yml", 'fiches:\n  a.1: "x"\n')
    assert any("fiches.a.1 » : texte trop court (1 caractère) : 10 au moins" in p for p in released.problems())


def test_a_release_cannot_go_back_in_version_or_date_nor_hide_a_stale_revision_date(released):
    guide = released.load()
    with pytest.raises(ValueError, match=r"la version « 0.9 » ne suit pas la dernière publiée \(1.0\)"):
        record_release(guide.settings.releases_path, "0.9", guide.fiches, dt.date(2026, 2, 1))
    with pytest.raises(ValueError, match=r"la date 2026-01-01 précède celle de la version 1.0 \(2026-01-15\)"):
        record_release(guide.settings.releases_path, "1.1", guide.fiches, dt.date(2026, 1, 1))
    with pytest.raises(ValueError, match=r"est dans le futur"):
        record_release(guide.settings.releases_path, "1.1", guide.fiches, dt.date.today() + dt.timedelta(days=1))
    released.fiche(name="a.1.yml", id="a.1", title="Fiche 1 revue")  # revised date left as it was
    released.write("fiches/_journal.yml", 'fiches:\n  a.1: "Titre revu."\n')
    guide = released.load()
    with pytest.raises(ValueError, match=r"avec une date de révision antérieure au 2026-01-15 : a.1"):
        record_release(guide.settings.releases_path, "1.10", guide.fiches, dt.date(2026, 2, 1), guide.journal)
    from guide_nr.model.release import version_order

    assert sorted(["1.10", "1.9", "2.0.1", "2.0", "2.0-rc1", "1.0", "1.1.1", "1.1"], key=version_order) == [
        "1.0", "1.1", "1.1.1", "1.9", "1.10", "2.0-rc1", "2.0", "2.0.1"]


def test_an_empty_snapshot_version_records_nothing_and_a_bad_register_is_reported_once_in_french(released, capsys):
    import shutil

    from guide_nr.cli.commands import main

    shutil.copy2(Path(__file__).resolve().parent.parent / "mkdocs.yml", released.root / "mkdocs.yml")
    before = (released.root / "fiches/_releases.json").read_text(encoding="utf-8")
    assert main(["--projet", str(released.root), "release", "--instantane", ""]) == 1
    assert "version «  » inconnue" in capsys.readouterr().err
    assert (released.root / "fiches/_releases.json").read_text(encoding="utf-8") == before
    released.write("fiches/_journal.yml", 'fiches:\n  a.1: "Titre revu."\n')
    released.write("fiches/_releases.json", before.replace('"releases": [', '"releases": [\n<<<<<<< HEAD\n', 1))
    problems = released.problems()
    assert len(problems) == 1 and "registre des versions illisible (JSON invalide ligne 3, colonne 1 (un conflit de fusion git ?))" in problems[0], problems
    import json

    data = json.loads(before)
    data["releases"][0]["notes"] = {"a.1": ["liste"]}
    released.write("fiches/_releases.json", json.dumps(data))
    assert any("« notes » des raisons (texte) par identifiant" in p for p in released.problems())


def test_verified_qualifies_an_address_and_a_retour_d_experience_is_not_dated_ahead(project):
    project.fiche(references=[{"title": "Loi sans adresse", "verified": False}])
    assert any("« verified » qualifie l’adresse (url) de la référence" in p for p in project.problems())
    year = dt.date.today().year + 1
    project.fiche(feedback=[{"organisation": "Ville", "year": year, "nature": "résultat", "text": "Fait."}])
    assert any(f"année {year} à venir" in p for p in project.problems())
