"""The build, from the YAML sources to the published site, generator-neutral.

``guide build`` calls :func:`build`, which runs the stages in order:

1. **sources → model**: read and validate every source (``guide_nr.sources``); a problem
   stops here, before anything is written;
2. **model → pages**: write the generated pages, open data and a fork's logo into a
   *staged docs tree* (a copy of ``docs/`` plus these files), so any site generator sees
   plain Markdown files and needs no plugin to find them;
3. **pages → site**: the site generator renders the staged tree (an adapter:
   ``guide_nr.adapters``; MkDocs by default) into a staging folder next to ``site/``;
4. **post-build steps**, in one ordered list (``guide_nr.postbuild.steps``), the last of
   which swaps the staging folder in. Any failure deletes it: ``site/`` stays as it was.

``mkdocs build`` and ``mkdocs serve`` reach the same result through the MkDocs hooks
(``guide_nr.adapters.mkdocs.build_hooks``), which call the same functions.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from guide_nr.pages.site import generator_settings, site_files
from guide_nr.postbuild.steps import BuildFailed, Context, WarningCounter, run
from guide_nr.postbuild.swap import SiteSwap, check_target, remove_leftovers
from guide_nr.problems import ValidationFailed
from guide_nr.sources.organisation import publication_problems
from guide_nr.sources.project import load_project
from guide_nr.sources.schema import refresh_schema_file

log = logging.getLogger("guide_nr.build")


@dataclass
class BuildReport:
    site: Path
    pages: int
    timings: list[tuple[str, float]] = field(default_factory=list)


def stage_docs(docs_dir: Path, files: dict[str, bytes], target: Path) -> None:
    """The docs tree the generator reads: ``docs/`` as written, plus the generated files
    (which win over a stray file of the same name)."""
    if docs_dir.is_dir():
        shutil.copytree(docs_dir, target, ignore=shutil.ignore_patterns(".*"), dirs_exist_ok=True)
    for path, content in files.items():
        file = target / path
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_bytes(content)


class _Clock:
    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.timings.append((name, now - self._last))
        self._last = now


def build(root: Path, *, site_dir: Path | None = None, strict: bool = False, pdf: bool = True, generator: str = "mkdocs") -> BuildReport:
    """Build the guide in ``root`` into ``site_dir`` (default ``root/site``).

    Raises ``ValidationFailed`` for bad sources and :class:`BuildFailed` for anything else;
    both carry a French message, and the previous site is kept.
    """
    from guide_nr.adapters import generator_named  # the adapters import the generator itself: only when building

    root = Path(root).resolve()
    clock = _Clock()
    project = load_project(root)
    guide = project.load()  # ValidationFailed: nothing written
    refresh_schema_file(guide)
    clock.lap("sources et validation")
    config = project.config
    strict = strict or config.get("strict") is True  # mkdocs.yml's `strict: true` holds for guide build too
    if strict and (unfinished := publication_problems(guide)):
        raise ValidationFailed(unfinished)  # a fork does not publish a legal notice « à compléter »
    adapter = generator_named(generator)
    target = Path(site_dir).resolve() if site_dir else root / "site"
    docs_dir = root / (config.get("docs_dir") or "docs")
    theme_dir = root / str((config.get("theme") or {}).get("custom_dir") or "overrides")
    check_target(target, root, [docs_dir, theme_dir, root / "macros", guide.settings.fiches_path,
                                *([guide.settings.organisation_path] if guide.settings.organisation_path else [])])
    remove_leftovers(root, "guide-docs-")
    swap = SiteSwap(target)
    counter = WarningCounter()
    logging.getLogger("guide_nr").addHandler(counter)
    work = Path(tempfile.mkdtemp(prefix=f".guide-docs-{os.getpid()}-", dir=root))
    try:
        docs = work / "docs"
        stage_docs(docs_dir, site_files(guide), docs)
        clock.lap("pages générées")
        log.info(f"{len(guide.fiches)} fiches validées ; pages générées dans l’arborescence de construction.")
        rendered = adapter.render(root, docs, swap.staging, strict=strict, guide=guide,
                                  settings=generator_settings(guide, config.get("nav")))
        clock.lap(f"générateur ({adapter.name})")
        context = Context(
            site=swap.staging, guide=guide, site_name=rendered.site_name, licence=rendered.licence,
            theme_dirs=rendered.theme_dirs, site_url=rendered.site_url, pdf=pdf, strict=strict,
            warnings=lambda: counter.count + rendered.warnings, publish=swap.publish,
        )
        run(context)
        return BuildReport(target, len(context.pages), clock.timings + context.timings)
    finally:
        logging.getLogger("guide_nr").removeHandler(counter)
        swap.discard()  # no-op once published
        shutil.rmtree(work, ignore_errors=True)


__all__ = ["BuildFailed", "BuildReport", "build", "stage_docs"]
