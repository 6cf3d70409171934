"""`make bench` works: CI runs it once on 60 fiches (a smoke test; no timing is asserted)."""

import subprocess
import sys

import pytest

from conftest import REPO


@pytest.mark.lent
@pytest.mark.build
def test_benchmark_builds_60_fiches_and_reports_every_post_build_step():
    result = subprocess.run([sys.executable, str(REPO / "tests" / "benchmark.py"), "--tailles", "60", "--sans-pdf"],
                            capture_output=True, text=True, timeout=600, cwd=REPO)
    assert result.returncode == 0, result.stderr[-3000:]
    table = result.stdout
    assert "| 60 |" in table and "Mio" in table
    for step in ("sources et validation", "générateur (mkdocs)", "lecture des pages", "feuille de style", "écoconception", "index de recherche", "contrôle des sorties", "publication"):
        assert f"| {step} |" in table, step
