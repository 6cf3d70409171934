"""The `guide` command line, as a contributor runs it."""

import json
import subprocess
import sys
from pathlib import Path

from conftest import REPO, fiche_yaml

GUIDE = [sys.executable, "-m", "guide_nr.cli"]


def guide(*args, cwd=REPO):
    return subprocess.run([*GUIDE, *args], cwd=cwd, capture_output=True, text=True, timeout=120)


def test_check_passes_on_the_guide():
    result = guide("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Tout est correct : 59 fiches, 9 thèmes, 11 pilotes.")


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
