"""The `guide` command line, as a contributor runs it."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from conftest import REPO, fiche_yaml

GUIDE = [sys.executable, "-m", "guide_nr.cli.commands"]


def guide(*args, cwd=REPO):
    return subprocess.run([*GUIDE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_check_passes_on_the_guide():
    result = guide("check")
    assert result.returncode == 0, result.stderr
    from guide_nr.sources.project import load_project

    loaded = load_project(REPO).load()  # counts of the loaded guide: a fork has its own
    assert result.stdout.startswith(f"Tout est correct : {len(loaded.fiches)} fiches, {len(loaded.themes)} thèmes, {len(loaded.pilots)} pilotes.")


def test_check_reports_problems_and_exits_1(site_project):
    (site_project / "fiches" / "a.1.yml").write_text(fiche_yaml(difficulty="Dificile"), encoding="utf-8")
    result = guide("check", cwd=site_project / "fiches")  # finds mkdocs.yml in a parent folder
    assert result.returncode == 1
    assert "fiches/a.1.yml:6 · champ « difficulty » : valeur « Dificile » non autorisée. Vouliez-vous dire « Difficile » ?" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_json_format(site_project):
    (site_project / "fiches" / "h.5.yml").unlink()
    result = guide("check", "--format", "json", cwd=site_project)
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    unknown = [p for p in report["problems"] if p["message"] == "fiche « h.5 » inconnue."]
    assert unknown and all(p["field"].startswith("related[") and isinstance(p["line"], int) for p in unknown)
    assert "fiches/f.8.yml" in {p["file"] for p in unknown}


def test_check_outside_a_project(tmp_path):
    result = guide("check", cwd=tmp_path)
    assert result.returncode == 1
    assert "aucun mkdocs.yml trouvé" in result.stderr


def test_schema_command_writes_the_schema(tmp_path):
    target = tmp_path / "fiche.schema.json"
    result = guide("schema", "-o", str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8"))["properties"]["priority"]["enum"] == ["Prioritaire", "Recommandée", "Aller plus loin"]


def test_help_is_in_french():
    result = guide("check", "--help")
    assert result.returncode == 0
    assert "utilisation : guide check" in result.stdout
    assert "Code de sortie 0 si tout est correct" in result.stdout


def test_installed_guide_command_runs():
    command = Path(sys.executable).parent / "guide"
    result = subprocess.run([str(command), "check"], cwd=REPO, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr


# -- guide new, export, release, import; the contribution workflow ------------------------


def test_new_scaffolds_a_valid_fiche_that_builds(site_project):
    from conftest import guide_build

    result = guide(
        "new", "--theme", "d", "--titre", "Mutualiser les imprimantes", "--resume", "Partager les imprimantes entre services.",
        "--priorite", "Recommandée", "--difficulte", "Facile", "--pilote", "Direction logistique",
        "--indicateur", "Nombre d’imprimantes par agent", cwd=site_project,
    )
    assert result.returncode == 0, result.stderr
    assert "Fiche créée : site-project/fiches/d.7.yml (identifiant d.7)." in result.stdout
    created = (site_project / "fiches" / "d.7.yml").read_text(encoding="utf-8")
    assert created.startswith("# yaml-language-server: $schema=_schema.json\nid: d.7\ntheme: d\n")
    check = guide("check", cwd=site_project)
    assert check.returncode == 0 and "à compléter : d.7 : texte de" in check.stdout
    assert json.loads((site_project / "fiches" / "_schema.json").read_text(encoding="utf-8"))["properties"]["pilots"]
    build = guide_build(site_project, "-d", "site")
    assert build.returncode == 0, build.stderr
    page = (site_project / "site" / "fiches" / "d.7" / "index.html").read_text(encoding="utf-8")
    assert "Mutualiser les imprimantes" in page and "Pourquoi agir" in page


def test_new_without_a_terminal_names_the_missing_options(site_project):
    result = guide("new", "--theme", "d", cwd=site_project)
    assert result.returncode == 2
    assert "valeurs manquantes" in result.stderr and "--titre" in result.stderr and "--pilote" in result.stderr
    assert not (site_project / "fiches" / "d.7.yml").exists()


def test_new_asks_questions_in_a_terminal(site_project, monkeypatch, capsys):
    from guide_nr.cli import commands as cli

    answers = iter(["b", "Tenir un atelier de réparation", "Former les agents à réparer leurs équipements.", "3", "2", "1, 2", "Nombre d’ateliers"])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    assert cli.main(["--projet", str(site_project), "new"]) == 0
    created = yaml.safe_load((site_project / "fiches" / "b.4.yml").read_text(encoding="utf-8"))
    assert created["priority"] == "Aller plus loin" and created["difficulty"] == "Moyenne"
    assert created["pilots"] == ["Direction du numérique", "Délégué au numérique responsable"]
    assert "Fiche créée" in capsys.readouterr().out


def test_new_refuses_an_unknown_pilot_and_writes_nothing(site_project):
    result = guide("new", "--theme", "d", "--titre", "T", "--resume", "R.", "--priorite", "Recommandée", "--difficulte", "Facile",
                   "--pilote", "Direction logistik", "--indicateur", "I", cwd=site_project)
    assert result.returncode == 1
    assert "Vouliez-vous dire « Direction logistique » ?" in result.stderr
    assert not (site_project / "fiches" / "d.7.yml").exists()


def test_export_writes_the_open_data(site_project):
    result = guide("export", "-o", str(site_project / "sortie"), cwd=site_project)
    assert result.returncode == 0, result.stderr
    data = json.loads((site_project / "sortie" / "donnees" / "fiches.json").read_text(encoding="utf-8"))
    assert len(data["fiches"]) == 59
    assert (site_project / "sortie" / "donnees" / "fiches.csv").read_bytes().startswith("\ufeff".encode("utf-8"))


def test_export_in_a_fork_writes_the_charter_data_too(site_project):
    from guide_nr.pages import charter_data
    from guide_nr.sources.project import load_project

    shutil.copytree(REPO / "exemples" / "organisation-fictive", site_project / "organisation")
    result = guide("export", "-o", str(site_project / "sortie"), cwd=site_project)
    assert result.returncode == 0, result.stderr
    expected = charter_data.files(load_project(site_project).load())
    assert "donnees/charte.json" in expected
    for relative, text in expected.items():
        assert (site_project / "sortie" / relative).read_bytes().decode("utf-8") == text, relative


def test_release_refuses_a_version_already_recorded():
    from guide_nr.sources.project import load_project

    version = load_project(REPO).load().settings.version
    result = guide("release")
    assert result.returncode == 1
    assert f"la version « {version} » est déjà enregistrée" in result.stderr


def test_every_subcommand_has_a_french_help():
    for command in ("new", "check", "import", "export", "release", "changements", "schema"):
        result = guide(command, "--help")
        assert result.returncode == 0 and result.stdout.startswith(f"utilisation : guide {command}"), command


def test_github_workflow_runs_the_ci_command_and_keeps_a_preview():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["verification"]["steps"]
    commands = [step.get("run", "") for step in steps]
    assert "bash .ci/run" in commands and "make build" in commands
    assert any(step.get("uses", "").startswith("actions/upload-artifact") and step["with"]["path"] == "site/" for step in steps)
    assert "secrets." not in (REPO / ".github" / "workflows" / "ci.yml").read_text(encoding="utf-8")
    ci = [line for line in (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines() if line and not line.startswith("#")]
    assert "make test" in ci  # the README's test command, a failure stops the script (set -e)
    assert all(line == "make test" or "||" in line or line.startswith(("set ", "cd ")) for line in ci), "only the canary may fail without failing CI"


def test_import_converts_eleventy_fiches_that_then_pass_the_check(site_project, tmp_path):
    source = tmp_path / "eleventy"
    shutil.copytree(REPO / "tests" / "data" / "eleventy" / "source", source)
    for skipped in ("lisez-moi.md", "brouillon-sans-idbp.md", "entete-invalide.md"):
        (source / skipped).unlink()
    result = guide("import", str(source), cwd=site_project)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "5 fiche(s) convertie(s), 0 non convertie(s)" in result.stdout
    assert "Tout est correct : 64 fiches." in result.stdout
    assert "note : a.9 : champ « eleventyNavigation » ignoré" in result.stdout
    again = guide("import", str(source), cwd=site_project)
    assert again.returncode == 1 and "--remplacer" in again.stderr


def test_import_reports_files_it_cannot_convert(site_project):
    result = guide("import", str(REPO / "tests" / "data" / "eleventy" / "source"), cwd=site_project)
    assert result.returncode == 1
    assert "Non convertie : lisez-moi.md" in result.stderr
