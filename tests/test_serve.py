"""`make serve` (`mkdocs serve`) rebuilds the preview when a fork's organisation/ folder or a
fiche changes: its charter, its own pages and fiches, and the guide's fiches."""

import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import yaml

from conftest import MKDOCS, REPO


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def page_text(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, OSError):
        return ""


def wait_for(url: str, text: str, log, seconds: float = 30) -> float:
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        if text in page_text(url):
            return time.monotonic() - start
        time.sleep(0.3)
    log.seek(0)
    pytest.fail(f"{url} ne montre pas « {text} » après {seconds} s. Journal de mkdocs serve :\n{log.read()[-3000:]}")


def replace(path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), encoding="utf-8")


def new_summary(fiche) -> None:
    summary = yaml.safe_load(fiche.read_text(encoding="utf-8"))["summary"]
    replace(fiche, f"summary: {summary}", f"summary: Résumé de {fiche.stem} modifié pendant l’aperçu.")


@pytest.mark.build  # `mkdocs serve` builds the site, then rebuilds it after each change
def test_serve_rebuilds_when_the_organisation_folder_or_a_fiche_changes(site_project, tmp_path):
    organisation = site_project / "organisation"
    shutil.copytree(REPO / "exemples" / "organisation-fictive", organisation)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    with open(tmp_path / "serve.log", "w+", encoding="utf-8") as log:
        process = subprocess.Popen([*MKDOCS, "serve", "-a", f"127.0.0.1:{port}"], cwd=site_project, stdout=log, stderr=subprocess.STDOUT,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1"})
        try:
            wait_for(base + "demarche/charte/", "</html>", log, seconds=60)
            # The charter: a commitment's pilot, shown on the charter page.
            charter = organisation / "charter.yml"
            pilot = re.search(r"^\s+pilot: (.+)$", charter.read_text(encoding="utf-8"), re.M).group(1)
            replace(charter, f"pilot: {pilot}", "pilot: Pilote renommée pendant l’aperçu")
            wait_for(base + "demarche/charte/", "Pilote renommée pendant l’aperçu", log)
            # Its own pages and fiches (sub-folders of organisation/), together: one rebuild.
            page = next((organisation / "pages").glob("*.md"))
            title = re.search(r"^# (.+)$", page.read_text(encoding="utf-8"), re.M).group(1)
            replace(page, f"# {title}", "# Page renommée pendant l’aperçu")
            own = next((organisation / "fiches").glob("*.yml"))
            new_summary(own)
            wait_for(base + f"demarche/{page.stem}/", "Page renommée pendant l’aperçu", log)
            wait_for(base + f"fiches/{own.stem}/", f"Résumé de {own.stem} modifié pendant l’aperçu.", log)
            # A fiche of the guide.
            new_summary(site_project / "fiches" / "a.1.yml")
            wait_for(base + "fiches/a.1/", "Résumé de a.1 modifié pendant l’aperçu.", log)
        finally:
            process.terminate()
            process.wait(timeout=30)
