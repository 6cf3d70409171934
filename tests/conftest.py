"""Shared fixtures: throw-away copies of the guide project and real builds."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]

BASE_FICHE = {
    "id": "a.1",
    "theme": "a",
    "title": "Coordonner la démarche",
    "summary": "Confier la coordination à une personne identifiée.",
    "priority": "Prioritaire",
    "difficulty": "Moyenne",
    "pilots": ["Direction générale"],
    "indicators": ["Référent nommé : oui / non"],
    "updated": "2023-06-01",
    "body": "## Pourquoi agir\n\nUn texte de fiche.\n",
}

THEMES = [
    {"id": "a", "title": "Stratégie et gouvernance", "short_title": "Gouvernance", "order": 1, "intro": "Introduction du thème a."},
    {"id": "b", "title": "Sensibilisation et formation", "short_title": "Sensibilisation", "order": 2, "intro": "Introduction du thème b."},
]
PILOTS = [{"label": "Direction générale"}, {"label": "Direction du numérique"}, {"label": "Direction des achats"}]


class _BlockDumper(yaml.SafeDumper):
    """Writes multi-line text as ``|`` blocks, as contributors do."""


_BlockDumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
)


def fiche_yaml(**fields) -> str:
    """A fiche file: lines 1–11 hold id … updated, line 12 opens the ``|`` body, extra fields follow line 15."""
    data = {**BASE_FICHE, **fields}
    data = {k: v for k, v in data.items() if v is not None}
    text = yaml.dump(data, Dumper=_BlockDumper, allow_unicode=True, sort_keys=False)
    return text.replace("updated: '2023-06-01'", "updated: 2023-06-01")


class Project:
    """A minimal guide project in a temp folder, for engine-level tests."""

    def __init__(self, root: Path):
        self.root = root
        self.fiches = root / "fiches"
        self.fiches.mkdir(parents=True, exist_ok=True)
        self.write("fiches/_themes.yml", yaml.safe_dump(THEMES, allow_unicode=True, sort_keys=False))
        self.write("fiches/_pilots.yml", yaml.safe_dump(PILOTS, allow_unicode=True, sort_keys=False))

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def fiche(self, name: str | None = None, raw: str | None = None, **fields) -> Path:
        fiche_id = fields.get("id", BASE_FICHE["id"])
        return self.write(f"fiches/{name or fiche_id + '.yml'}", raw if raw is not None else fiche_yaml(**fields))

    def settings(self, **options):
        from guide_nr import GuideSettings

        return GuideSettings(root=self.root, **options)

    def load(self, **options):
        from guide_nr import load_guide

        return load_guide(self.settings(**options))

    def problems(self, **options) -> list[str]:
        """Formatted problems of the project (empty when it is valid)."""
        from guide_nr import ValidationFailed

        try:
            self.load(**options)
        except ValidationFailed as failure:
            return [p.format() for p in failure.problems]
        return []


@pytest.fixture
def project(tmp_path) -> Project:
    return Project(tmp_path / "guide")


@pytest.fixture
def site_project(tmp_path) -> Path:
    """A full copy of this repository's guide (config, docs, fiches, macros)."""
    target = tmp_path / "site-project"
    target.mkdir()
    for name in ("mkdocs.yml", "docs", "fiches", "macros", "overrides"):  # macros/: mkdocs.yml names its hooks there
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, target / name)
    return target


GUIDE = [sys.executable, "-m", "guide_nr.cli"]


def guide_build(root: Path, *args: str, env: dict | None = None, pdf: bool = False, umask: int | None = None) -> subprocess.CompletedProcess:
    """A real `guide build --strict` of the project in ``root`` (without PDF unless a test reads it)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run(
        [*GUIDE, "--projet", str(root), "build", "--strict", *args, *([] if pdf else ["--sans-pdf"])],
        cwd=root, env=env, capture_output=True, text=True, timeout=600,
        preexec_fn=(lambda: os.umask(umask)) if umask is not None else None,
    )


def mkdocs_build(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """A plain `mkdocs build --strict` (the hooks path, for `mkdocs serve` users and other tools)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONDONTWRITEBYTECODE": "1", **(env or {})}
    return subprocess.run(
        [*MKDOCS, "build", "--strict", *args], cwd=root, env=env, capture_output=True, text=True, timeout=600
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The repository's own guide, built once per session with a real `guide build --strict`, PDF included."""
    out = tmp_path_factory.mktemp("built") / "site"
    result = guide_build(REPO, "--site-dir", str(out), pdf=True)
    assert result.returncode == 0, result.stderr
    return out


# -- test tiers --------------------------------------------------------------------------
# Markers (registered in pyproject.toml) set from the fixtures a test uses, directly or
# through another fixture (item.fixturenames holds them all): `server` or `site_reports`
# bring `built_site` and `browser` with them. A test may also carry a marker itself.

#: A site built for the test, or a copy of the project that the test builds.
BUILD_FIXTURES = {"built_site", "site_project", "attacked", "site", "subpath_site", "hospital_site"}
#: Debian's Chromium, driven through Playwright.
BROWSER_FIXTURES = {"browser"}
#: Slow without building: git clones of the guide.
OTHER_SLOW_FIXTURES = {"repos"}


def reads_a_pdf(fixture: str) -> bool:
    """A fixture that hands a PDF to the test is named ``pdf`` or ``…_pdf``."""
    return fixture == "pdf" or fixture.endswith("_pdf")


def pytest_collection_modifyitems(config, items):
    _record_declarations(items)
    for item in items:
        fixtures = set(getattr(item, "fixturenames", ()))
        if fixtures & BUILD_FIXTURES:
            item.add_marker(pytest.mark.build)
        if fixtures & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if any(reads_a_pdf(name) for name in fixtures):
            item.add_marker(pytest.mark.pdf)
        # « lent »: left out by `make test-fast`.
        if item.get_closest_marker("build") or item.get_closest_marker("browser") or fixtures & OTHER_SLOW_FIXTURES:
            item.add_marker(pytest.mark.lent)


# -- results printed by the accessibility statement -------------------------------------
# A test marked `@pytest.mark.declaration("libellé")` is one line of the accessibility statement
# (pages/publication.py). At the end of a session that ran every such test, their outcomes are
# written to resultats-tests/accessibilite.json with a digest of the sources; the next build of
# these same sources prints them (guide_nr.sources.test_results).

_declared: dict[str, str] = {}  # node id → label
_outcomes: dict[str, bool] = {}  # node id → passed (every phase)
_ran: set[str] = set()
RUN_FACTS: dict[str, object] = {}  # filled by the fixtures: pages checked, browser version


def _record_declarations(items) -> None:
    for item in items:
        marker = item.get_closest_marker("declaration")
        if marker is not None:
            _declared[item.nodeid] = marker.args[0]


def pytest_runtest_logreport(report):
    if report.nodeid in _declared:
        _outcomes[report.nodeid] = _outcomes.get(report.nodeid, True) and report.passed
        if report.when == "call":
            _ran.add(report.nodeid)


def pytest_sessionfinish(session, exitstatus):
    if not _declared or set(_declared) - _ran or "pages" not in RUN_FACTS:
        return  # a partial run (-k, a tier) does not speak for the whole site
    import datetime

    from guide_nr.model.publication import Check, TestRun
    from guide_nr.sources.project import load_project
    from guide_nr.sources.test_results import write_test_run

    labels: dict[str, bool] = {}
    for nodeid, label in _declared.items():  # parametrised tests: one line, passed only if every case passed
        labels[label] = labels.get(label, True) and _outcomes.get(nodeid, False)
    run = TestRun(date=datetime.date.today(), pages=int(RUN_FACTS["pages"]), browser=str(RUN_FACTS["browser"]),
                  tools=tuple(RUN_FACTS.get("tools", ())), checks=tuple(Check(label, passed) for label, passed in labels.items()))
    write_test_run(load_project(REPO).settings, run)


# -- browser harness (quality gates) ---------------------------------------------------


def site_paths(site: Path) -> list[str]:
    """Every HTML page of a built site, as the URL path a reader would use."""
    paths = []
    for file in sorted(site.rglob("*.html")):
        relative = file.relative_to(site).as_posix()
        paths.append(relative[: -len("index.html")] if relative.endswith("index.html") else relative)
    return paths


@pytest.fixture(scope="session")
def server(built_site):
    from support.static_server import StaticServer

    with StaticServer(built_site) as running:
        yield running


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    from support.browser import launch

    with sync_playwright() as playwright:
        instance = launch(playwright)
        RUN_FACTS["browser"] = f"Chromium {instance.version} (Debian), piloté par Playwright"
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def site_reports(built_site, server, browser):
    """One cold load of every page of the built site, with axe run on it."""
    from support.browser import AXE, axe_version, load_pages

    reports = load_pages(browser, server.url, site_paths(built_site), AXE.read_text(encoding="utf-8"))
    RUN_FACTS["pages"] = len(reports)
    RUN_FACTS["tools"] = (f"axe-core {axe_version()}", "validateur Nu du W3C (vnu-jar)", "LinkChecker")
    return reports
