"""The accessibility results the test suite recorded, kept only when they are for these sources.

``make test`` writes ``resultats-tests/accessibilite.json`` (tests/conftest.py) with a digest of
every source of the site: fiches, pages, organisation folder, theme overrides, the engine itself
and ``mkdocs.yml``. The build reads it back and the accessibility statement prints its figures;
when a source has changed since, the digest differs and the statement says there is no result
for this version: a figure never outlives the sources it was measured on.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import logging
from pathlib import Path

from guide_nr.model.publication import Check, TestRun
from guide_nr.model.settings import GuideSettings

log = logging.getLogger("guide_nr.sources")

_SKIPPED_PARTS = {"__pycache__", ".git", "site", "node_modules", ".pytest_cache"}
_SKIPPED_FILES = {"_schema.json"}  # generated from the engine, not a source


def source_files(settings: GuideSettings) -> list[Path]:
    """Every file the site is built from (sorted, relative order stable)."""
    root = settings.root
    folders = [root / "docs", root / "overrides", root / "macros" / "guide_nr", settings.fiches_path, root / "tests"]
    if settings.organisation_path is not None:
        folders.append(settings.organisation_path)
    files = [root / "mkdocs.yml", root / "constraints.txt", root / "package-lock.json", root / "pyproject.toml"]
    for folder in folders:  # the organisation's folder may lie outside the project (GUIDE_ORGANISATION=/elsewhere)
        if folder.is_dir():
            files += [p for p in folder.rglob("*") if p.is_file() and not _SKIPPED_PARTS & set(p.relative_to(folder).parts)
                      and p.name not in _SKIPPED_FILES and p.suffix != ".pyc"]
    return sorted({f for f in files if f.is_file()})


def sources_digest(settings: GuideSettings) -> str:
    digest = hashlib.sha256()
    for file in source_files(settings):
        name = file.relative_to(settings.root) if file.is_relative_to(settings.root) else file.relative_to(settings.organisation_path or "/")
        digest.update(name.as_posix().encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return "sha256:" + digest.hexdigest()


def results_path(settings: GuideSettings) -> Path:
    return settings.root / settings.test_results_file


def read_test_run(settings: GuideSettings) -> TestRun | None:
    """The recorded run for the current sources, or ``None`` (no file, other sources, unreadable)."""
    path = results_path(settings)
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("un objet JSON est attendu")
        if data.get("sources") != sources_digest(settings):
            log.info(f"{settings.test_results_file} : résultats de tests d’une autre version des sources, ignorés "
                     "(la déclaration d’accessibilité le dit ; relancez make test).")
            return None
        run = TestRun(
            date=_dt.date.fromisoformat(data["date"]),
            pages=int(data["pages"]),
            browser=str(data["browser"]),
            tools=tuple(str(t) for t in data["tools"]),
            checks=tuple(Check(label=str(c["label"]), passed=c["passed"] is True) for c in data["checks"]),
        )
        if run.pages < 1 or not run.checks or run.date > _dt.date.today():
            raise ValueError("nombre de pages, contrôles ou date impossibles")
        return run
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        log.warning(f"{settings.test_results_file} : fichier de résultats illisible ({exc}) ; il est ignoré.")
        return None


def write_test_run(settings: GuideSettings, run: TestRun) -> Path:
    """Record a run for the current sources (called by the test suite)."""
    path = results_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    data = {
        "sources": sources_digest(settings),
        "date": run.date.isoformat(),
        "pages": run.pages,
        "browser": run.browser,
        "tools": list(run.tools),
        "checks": [{"label": c.label, "passed": c.passed} for c in run.checks],
    }
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path
