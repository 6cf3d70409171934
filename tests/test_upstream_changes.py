"""Following upstream (issue 15, item 7): after an upstream release that modifies, adds and retires
fiches, `guide changements` still lists every change with its differences, says what each
means for the fork and where to edit, while `guide check` fails; the fork's changelog only
names fiches it publishes."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO
from guide_nr.cli.commands import main
from guide_nr.model.fiche_diff import diff_fields, text_diff, word_diff
from guide_nr.model.release import content_hash, read_releases, read_snapshot
from guide_nr.text import french_date

RETIRED = """\
- id: i.2
  title: Réemployer en donnant les équipements fonctionnels
  reason: fusionnée avec la fiche i.1, qui couvre désormais le don
  replaced_by: i.1
  date: 2026-11-25
- id: h.5
  title: Refroidir les serveurs par une solution économe en énergie
  reason: reprise par la fiche h.3
  date: 2026-11-25
"""

NEW_FICHE = """\
id: b.4
theme: b
title: Former les acheteurs au numérique responsable
summary: Donner aux acheteurs les repères pour rédiger des clauses environnementales.
priority: Prioritaire
difficulty: Facile
pilots: [Direction des achats]
indicators: [Part des acheteurs formés]
updated: 2026-11-25
body: |
  Un texte de fiche.
"""


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _unlink_related(fiches: Path, gone: set[str]) -> list[str]:
    """Upstream drops the links to the fiches it retires; returns the files it changed."""
    changed = []
    for path in sorted(fiches.glob("*.yml")):
        text = path.read_text(encoding="utf-8")
        match = re.search(r"(?m)^related: \[(.*)\]$", text)
        if match and gone & {i.strip() for i in match.group(1).split(",")}:
            kept = [i.strip() for i in match.group(1).split(",") if i.strip() not in gone]
            path.write_text(text.replace(match.group(0), f"related: [{', '.join(kept)}]"), encoding="utf-8")
            changed.append(path.stem)
    return changed


JOURNAL = """\
summary: "Une fiche revue, une ajoutée, deux retirées."
fiches:
  a.2: "Priorité revue et pilote ajouté."
  b.4: "Nouvelle pratique."
  h.5: "Retirée du guide."
  i.2: "Retirée du guide."
"""


@pytest.fixture(scope="module")
def fork(tmp_path_factory) -> Path:
    """The common guide publishes 1.1 (a.2 revised, b.4 added, i.2 and h.5 retired), then the
    example organisation, written against 1.0, commits to i.2 and hides h.5, pulls it."""
    root = tmp_path_factory.mktemp("upstream") / "guide"
    root.mkdir()
    shutil.copy2(REPO / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(REPO / "fiches", root / "fiches", ignore=shutil.ignore_patterns("_schema.json", "_releases*", "_journal.yml", "_retired.yml"))
    fiches = root / "fiches"
    # The guide's fiches as they are today are this history's release 1.0 (whatever the repository has
    # released since), so the test reads the same whichever version the repository is at.
    _edit(root / "mkdocs.yml", re.search(r'version: "[^"]+"', (root / "mkdocs.yml").read_text(encoding="utf-8")).group(0), 'version: "1.0"')
    assert main(["--projet", str(root), "release", "--date", "2026-11-20"]) == 0
    a2 = fiches / "a.2.yml"
    _edit(a2, "priority: Prioritaire", "priority: Recommandée")
    _edit(a2, "  - Délégué au numérique responsable\n", "  - Délégué au numérique responsable\n  - Direction des achats\n")
    a2.write_text(re.sub(r"(?m)^revised: .*$", "revised: 2026-11-25", a2.read_text(encoding="utf-8")), encoding="utf-8")
    _edit(a2, "une liste d’actions priorisées et datées", "une liste d’actions classées par priorité et datées")
    _edit(a2, "Le plan doit ensuite être revu à chaque comité.", "Le plan est ensuite revu à chaque comité, et publié.")
    (fiches / "b.4.yml").write_text(NEW_FICHE, encoding="utf-8")
    (fiches / "i.2.yml").unlink()
    (fiches / "h.5.yml").unlink()
    (fiches / "_retired.yml").write_text(RETIRED, encoding="utf-8")
    unlinked = _unlink_related(fiches, {"i.2", "h.5"})
    _edit(root / "mkdocs.yml", 'version: "1.0"', 'version: "1.1"')
    (fiches / "_journal.yml").write_text(JOURNAL + "".join(f'  {i}: "Liens vers les fiches retirées enlevés."\n' for i in unlinked if i != "a.2"),
                                         encoding="utf-8")
    assert main(["--projet", str(root), "release", "--date", "2026-11-26"]) == 0
    shutil.copytree(REPO / "exemples" / "organisation-fictive", root / "organisation")
    return root


def _places(fork: Path) -> tuple[str, ...]:
    """Where the example organisation names a.2, f.8 and i.2 (charter) and h.5 (hidden)."""
    organisation = fork / "organisation"
    committed = [c["fiche"] for c in yaml.safe_load((organisation / "charter.yml").read_text(encoding="utf-8"))["commitments"]]
    hidden = yaml.safe_load((organisation / "organisation.yml").read_text(encoding="utf-8"))["hidden_fiches"]
    return (*(f"commitments[{committed.index(i)}].fiche" for i in ("a.2", "f.8", "i.2")), f"hidden_fiches[{hidden.index('h.5')}]")


def changements(fork: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["--projet", str(fork), "changements", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_the_changes_are_listed_with_their_diffs_while_the_check_fails(fork, capsys):
    A2, F8, I2, H5 = _places(fork)
    assert main(["--projet", str(fork), "check"]) == 1
    assert I2 in capsys.readouterr().err
    code, out, err = changements(fork, capsys, "1.0")
    assert code == 0 and err == ""
    assert "Traceback" not in out
    assert "Fiches du guide commun changées depuis la version 1.0 :" in out
    modified, added, retired = (out.split("\nModifiées (")[1].split("\nAjoutées (")[0], out.split("\nAjoutées (")[1].split("\nRetirées (")[0],
                                out.split("\nRetirées (")[1].split("\n\n")[0])
    # modified, facts and words
    assert "  - a.2 Définir et mettre en place un plan d’action  ← engagement de la charte à revoir" in modified
    assert "      priorité : Prioritaire → Recommandée" in modified
    assert "      pilotes : + Direction des achats" in modified
    before = re.search(r"(?m)^revised: (.*)$", (REPO / "fiches" / "a.2.yml").read_text(encoding="utf-8")).group(1)
    assert f"      texte révisé le : {french_date(dt.date.fromisoformat(before))} → 25 novembre 2026" in modified
    assert "[-priorisées-] {+classées par priorité+}" in modified
    assert "Le plan [-doit-] {+est+} ensuite [-être-] revu à chaque [-comité.-] {+comité, et publié.+}" in modified
    assert re.search(r"→ organisation/charter\.yml, ligne \d+, " + re.escape(A2) + r" : engagement « [^»]+ » à revoir", modified)
    assert "  - d.3 Réaffecter les équipements en interne\n      fiches liées : − i.2\n" in modified  # a link to the retired fiche dropped
    assert "  - f.8 Réduire la consommation énergétique du numérique\n      fiches liées : − h.5\n" in modified  # committed, links only:
    assert f"{F8} : engagement : seuls les liens de la fiche vers d’autres fiches ont changé, rien à revoir." in modified
    # added
    assert "  - b.4 Former les acheteurs au numérique responsable" in added
    assert "priorité : Prioritaire" in added and "nouvelle fiche, publiée sur votre site" in added
    # retired: committed, with its replacement; hidden, named as such
    assert "  - i.2 Réemployer en donnant les équipements fonctionnels  ← engagement de la charte à revoir" in retired
    assert "retirée du guide le 25 novembre 2026 : fusionnée avec la fiche i.1, qui couvre désormais le don ; remplacée par i.1 " in retired
    line = _line_of(fork / "organisation" / "charter.yml", "  - fiche: i.2")
    assert (f"→ organisation/charter.yml, ligne {line}, {I2} : la fiche « i.2 » a été retirée du guide : "
            "reportez l’engagement sur « i.1 » (Réemployer en remettant en état) ou retirez-le.") in retired
    organisation = fork / "organisation"
    assert (f"organisation/maturity.yml, ligne {_line_of(organisation / 'maturity.yml', '  DEEE et économie circulaire: [i.1, i.2, i.4]')}, "
            "dimensions.DEEE et économie circulaire[1] : la fiche « i.2 » a été retirée du guide : remplacez-la par « i.1 »") in retired
    assert (f"organisation/fiches/ex-t.2.yml, ligne {_line_of(organisation / 'fiches' / 'ex-t.2.yml', 'related: [i.1, i.2, i.4]')}, related[1] : "
            "votre fiche « ex-t.2 » renvoie à une fiche retirée : remplacez « i.2 » par « i.1 » ou retirez ce lien.") in retired
    assert "  - h.5 Refroidir les serveurs par une solution économe en énergie  ← masquée par organisation.yml" in retired
    assert (f"→ organisation/organisation.yml, ligne {_line_of(fork / 'organisation' / 'organisation.yml', '  - h.5')}, {H5} : "
            "fiche masquée par organisation.yml, retirée du guide : rien à faire, elle reste masquée") in retired
    # the validation problems come with the list, and the charter's version to move to
    assert re.search(r"\n2 engagement\(s\) de la charte concernés\. Une fois la charte revue, passez guide_version à « 1\.1 » "
                     r"dans organisation/charter\.yml \(ligne \d+\)\.\n", out)
    problems = out.split("problème(s) empêchent la construction")[1]
    assert f"organisation/charter.yml:{line} · champ « {I2} »" in problems
    assert "organisation/organisation.yml" not in problems and H5 not in problems  # a retired fiche may stay hidden


def test_the_json_output_holds_the_same_with_the_diffs(fork, capsys):
    *_, I2, H5 = _places(fork)
    code, out, _ = changements(fork, capsys, "--depuis", "1.0", "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["ok"] is False and report["instantane"] is True
    assert "a.2" in report["modified"] and report["added"] == ["b.4"] and report["retired"] == ["h.5", "i.2"]
    assert report["charte"] == ["a.2", "i.2"]  # f.8, committed, only lost a link
    fiches = {f["id"]: f for f in report["fiches"]}
    priority = next(f for f in fiches["a.2"]["fields"] if f["field"] == "priority")
    assert (priority["before"], priority["after"], priority["kind"]) == ("Prioritaire", "Recommandée", "fait")
    texts = {f["field"]: f["lines"] for f in fiches["a.2"]["fields"] if f["kind"] == "texte"}
    assert any("[-priorisées-] {+classées par priorité+}" in line for line in texts["summary"])
    assert any("{+comité, et publié.+}" in line for line in texts["body"])
    assert fiches["h.5"]["hidden"] is True and fiches["h.5"]["organisation"][0]["field"] == H5
    assert fiches["i.2"]["retirement"]["replaced_by"] == "i.1"
    assert any(p["field"] == I2 for p in report["problems"])


def test_the_real_command_line_exits_0_and_says_where_a_version_is_unknown(fork):
    I2 = _places(fork)[2]
    command = [sys.executable, "-m", "guide_nr.cli", "changements"]
    result = subprocess.run(command, cwd=fork, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "depuis la version 1.0 :" in result.stdout and "Traceback" not in result.stdout + result.stderr  # the charter's version
    unknown = subprocess.run([*command, "0.9"], cwd=fork, capture_output=True, text=True, timeout=120)
    assert unknown.returncode == 1
    assert "guide changements : version « 0.9 » inconnue. Versions publiées : 1.0, 1.1." in unknown.stderr
    assert I2 in unknown.stderr  # the problems still show


def test_the_release_writes_a_snapshot_the_changes_can_trust(fork):
    releases = read_releases(fork / "fiches" / "_releases.json")
    assert [r.version for r in releases] == ["1.0", "1.1"]
    snapshot = read_snapshot(fork / "fiches" / "_releases.json", releases[1])
    assert snapshot is not None and set(snapshot) == set(releases[1].fiches)
    assert snapshot["a.2"]["priority"] == "Recommandée"


def test_the_snapshot_of_release_1_0_is_the_published_content():
    releases = read_releases(REPO / "fiches" / "_releases.json")
    snapshot = read_snapshot(REPO / "fiches" / "_releases.json", releases[0])
    assert snapshot is not None and set(snapshot) == set(releases[0].fiches)  # every fiche checked against its recorded hash


def test_without_a_snapshot_the_titles_are_still_compared(fork, tmp_path, capsys):
    copy = tmp_path / "guide"
    shutil.copytree(fork, copy)
    (copy / "fiches" / "_releases" / "1.0.json").unlink()
    code, out, _ = changements(copy, capsys, "1.0")
    assert code == 0
    assert "Le contenu publié dans la version 1.0 n’est pas disponible (pas d’instantané fiches/_releases/1.0.json)" in out
    assert "  - a.2 Définir et mettre en place un plan d’action  ← engagement de la charte à revoir" in out


def test_a_broken_or_vanished_fiche_is_still_reported_as_far_as_it_reads(fork, tmp_path, capsys):
    copy = tmp_path / "guide"
    shutil.copytree(fork, copy)
    _edit(copy / "fiches" / "c.1.yml", "difficulty: ", "difficulty: Dificile\nold_difficulty: ")
    (copy / "fiches" / "c.2.yml").unlink()  # deleted without declaring its retirement
    code, out, _ = changements(copy, capsys, "1.0")
    assert code == 0
    c1 = out.split("  - c.1 ")[1].split("\n  - ")[0]
    assert "son fichier ne passe plus la vérification" in c1 and "difficulté : " in c1 and "→ Dificile" in c1
    c2 = out.split("  - c.2 ")[1].split("\n  - ")[0]
    assert "retrait non déclaré dans fiches/_retired.yml" in c2
    assert "fiches/c.1.yml:" in out.split("empêchent la construction")[1] and "la fiche « c.2 »" in out.split("empêchent la construction")[1]


def test_the_forks_changelog_names_only_the_fiches_it_publishes(fork, tmp_path):
    from guide_nr.pages.changelog import changelog_pages
    from guide_nr.pages.site import site_files
    from guide_nr.sources.project import load_project

    copy = tmp_path / "guide"
    shutil.copytree(fork, copy)
    charter = copy / "organisation" / "charter.yml"
    _edit(charter, "  - fiche: i.2", "  - fiche: i.1")  # what the report told the fork to do
    _edit(copy / "organisation" / "maturity.yml", "[i.1, i.2, i.4]", "[i.1, i.4]")
    _edit(copy / "organisation" / "fiches" / "ex-t.2.yml", "[i.1, i.2, i.4]", "[i.1, i.4]")
    _edit(copy / "organisation" / "organisation.yml", "  - h.5\n", "")
    _edit(copy / "organisation" / "organisation.yml", "  - h.3\n", "  - h.3\n  - b.4\n")
    guide = load_project(copy).load()
    published = {f.id for f in guide.fiches}
    changes = json.loads(site_files(guide)["changes.json"])  # as the build writes it
    named = {i for entry in changes["changes"] for kind in ("added", "modified", "retired") for i in entry[kind]}
    assert "h.3" not in named and "b.4" not in named  # hidden by the fork: neither added in 1.1 nor in 1.0
    assert named - {"h.5", "i.2"} <= published  # the others are published, or retired with their page
    journal = "".join(p.markdown for p in changelog_pages(guide))
    assert "b.4" not in journal and "h.3" not in journal


def test_a_hidden_theme_keeps_its_fiches_out_of_the_changelog(project):
    from conftest import fiche_yaml
    from guide_nr.model.release import record_release
    from guide_nr.pages.changelog import changes_json, changes_since

    project.fiche()
    project.fiche(id="b.1", theme="b", title="Sensibiliser")
    project.fiche(id="b.2", theme="b", title="Former")
    record_release(project.root / "fiches" / "_releases.json", "1.0", project.load().upstream_fiches)
    project.fiche(title="Coordonner la démarche, revue")
    project.fiche(id="b.3", theme="b", title="Nouvelle")
    (project.fiches / "b.2.yml").unlink()
    project.write("fiches/_retired.yml", "- id: b.2\n  title: Former\n  reason: doublon\n")
    project.write("organisation/organisation.yml", "name: Mairie d’essai\nid_prefix: me\nhidden_themes: [b]\n")
    project.write("organisation/fiches/me-a.1.yml", fiche_yaml(id="me-a.1", title="Pratique maison"))
    guide = project.load()
    entries = json.loads(changes_json(guide))["changes"]
    assert [(e["version"], e["added"], e["modified"], e["retired"]) for e in entries] == [
        ("en préparation", [], ["a.1"], []), ("1.0", ["a.1"], [], [])]
    since = changes_since(guide, "1.0")
    assert (since.added, since.modified, since.retired) == ([], ["a.1"], [])


def test_a_fork_may_hide_the_replacement_of_a_retired_fiche(fork, tmp_path):
    from guide_nr.pages.site import all_pages
    from guide_nr.sources.project import load_project

    copy = tmp_path / "guide"
    shutil.copytree(fork, copy)
    organisation = copy / "organisation"
    _edit(organisation / "charter.yml", "  - fiche: i.2\n", "  - fiche: i.3\n")
    _edit(organisation / "maturity.yml", "[i.1, i.2, i.4]", "[i.4]")
    _edit(organisation / "fiches" / "ex-t.2.yml", "[i.1, i.2, i.4]", "[i.4]")
    _edit(organisation / "organisation.yml", "  - h.5\n", "  - i.1\n")  # hides i.2's replacement
    pages = {p.path: p.markdown for p in all_pages(load_project(copy).load())}
    assert "a été retirée du guide" in pages["fiches/i.2.md"] and "i.1" not in pages["fiches/i.2.md"].split("retirée du guide")[1]


def test_text_and_fact_diffs_stay_short_and_readable():
    assert word_diff("un deux trois quatre cinq six sept huit neuf dix onze douze treize", "un deux trois quatre cinq six sept HUIT neuf dix onze douze treize",
                     context=2) == "… six sept [-huit-] {+HUIT+} neuf dix …"
    lines, more = text_diff("\n".join(f"ligne {n} inchangée" for n in range(30)), "\n".join(f"ligne {n} changée" for n in range(30)), max_lines=3)
    assert len(lines) == 3 and more == 27 and lines[0] == "~ ligne 0 [-inchangée-] {+changée+}"
    assert text_diff("Un paragraphe.\n\nUn autre.", "Un paragraphe.\n\nTout autre chose ici, sans rapport.")[0] == [
        "- Un autre.", "+ Tout autre chose ici, sans rapport."]
    facts = {c.field: c.describe() for c in diff_fields({"priority": "Recommandée", "pilots": ["A", "B"], "updated": "2023-06-01"},
                                                        {"priority": "Prioritaire", "pilots": ["B", "C"], "updated": "2026-10-01"})}
    assert facts == {"priority": ["priorité : Recommandée → Prioritaire"], "pilots": ["pilotes : − A ; + C"],
                     "updated": ["faits à jour au : 1er juin 2023 → 1er octobre 2026"]}


def test_content_hash_is_the_hash_of_the_snapshot_data(project):
    from guide_nr.model.release import data_hash, fiche_data

    project.fiche()
    fiche = project.load().fiches[0]
    assert data_hash(json.loads(json.dumps(fiche_data(fiche)))) == content_hash(fiche)


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1
