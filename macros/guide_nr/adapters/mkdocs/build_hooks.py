"""MkDocs hooks for ``mkdocs build`` and ``mkdocs serve`` (``guide build`` does not use them).

They make a plain MkDocs run reach the same site as ``guide build``, calling the same
functions in the same order:

- ``on_config``: validate every source first (a bad fiche stops the build before anything
  is written), apply a fork's settings (``guide_nr.pages.site.generator_settings``), watch
  the fiches and the organisation folder, and build into a staging folder (``SiteSwap``);
- ``on_files``: add the generated pages and files (``guide_nr.pages.site.site_files``);
- ``on_post_build``: the post-build steps (``guide_nr.postbuild.steps``), the last of which
  swaps the staging folder in. ``mkdocs serve`` skips the PDFs (previews stay instant).
"""

import logging
import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from guide_nr.adapters.mkdocs.bridge import apply_settings, guide_from_config, plain, project_root
from guide_nr.pages.site import generator_settings, site_files
from guide_nr.postbuild.steps import BuildFailed, Context, WarningCounter, run
from guide_nr.postbuild.swap import SiteSwap, check_target
from guide_nr.problems import ValidationFailed
from guide_nr.sources.organisation import publication_problems
from guide_nr.sources.schema import refresh_schema_file

_state: dict[str, Any] = {}
FORWARD_TO = "mkdocs.plugins.guide_nr"  # MkDocs shows and counts (strict) what is logged under « mkdocs »


class _Forward(logging.Handler):
    """Hands the engine's log records to MkDocs' logger, so they are shown and counted."""

    def emit(self, record: logging.LogRecord) -> None:
        target = logging.getLogger(FORWARD_TO)
        if target.isEnabledFor(record.levelno):  # `mkdocs build -q` hides INFO lines, ours included
            target.handle(record)


def on_startup(command: str, dirty: bool) -> None:
    _state["serve"] = command == "serve"


@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    engine_log = logging.getLogger("guide_nr")
    if not any(isinstance(h, _Forward) for h in engine_log.handlers):
        engine_log.addHandler(_Forward())
        engine_log.setLevel(logging.INFO)
        engine_log.propagate = False
    guide = guide_from_config(config)  # raises PluginError listing every problem
    refresh_schema_file(guide)  # fiches/_schema.json, for editors (unchanged: not rewritten)
    if config.strict and not _state.get("serve") and (unfinished := publication_problems(guide)):
        raise PluginError(ValidationFailed(unfinished).report())  # as guide build --strict; `mkdocs serve` previews anyway
    settings = generator_settings(guide, config.nav)
    apply_settings(config, settings)
    watched = [guide.settings.fiches_path, guide.settings.organisation_path]
    for folder in [str(f) for f in watched if f is not None and Path(f).is_dir()]:
        if folder not in config.watch:
            config.watch.append(folder)  # `mkdocs serve` rebuilds when a fiche or the organisation folder changes
    _stage(config)  # before MkDocs cleans site_dir: it cleans the staging folder instead
    return config


def _stage(config: MkDocsConfig) -> None:
    _discard()
    guide = guide_from_config(config)
    root = project_root(config)
    sources = [Path(config.docs_dir), root / "overrides", root / "macros", guide.settings.fiches_path]
    try:
        check_target(Path(config.site_dir), root, [*sources, *([guide.settings.organisation_path] if guide.settings.organisation_path else [])])
        swap = SiteSwap(Path(config.site_dir))
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None
    counter = WarningCounter()
    logging.getLogger("mkdocs").addHandler(counter)
    logging.getLogger("properdocs").addHandler(counter)
    _state.update(swap=swap, counter=counter, target=config.site_dir)
    config.site_dir = str(swap.staging)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    for path, content in site_files(guide_from_config(config)).items():
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)  # generated pages win over stray files
        files.append(File.generated(config, path, content=content))
    return files


def on_post_build(config: MkDocsConfig) -> None:
    swap, counter = _state["swap"], _state["counter"]
    context = Context(
        site=swap.staging, guide=guide_from_config(config), site_name=plain(config.site_name), licence=plain(config.copyright),
        theme_dirs=[Path(folder) for folder in config.theme.dirs], site_url=config.site_url or None,
        pdf=not _state.get("serve") and os.environ.get("GUIDE_PDF", "oui").lower() not in ("non", "0", "no"),
        strict=bool(config.strict), warnings=lambda: counter.count, publish=swap.publish,
    )
    try:
        run(context)
    except BuildFailed as failure:
        _discard()
        raise PluginError(f"{failure}\nLe site précédent est conservé.") from None
    config.site_dir = _state["target"]
    _discard()


def _discard() -> None:
    swap, counter = _state.pop("swap", None), _state.pop("counter", None)
    if counter is not None:
        logging.getLogger("mkdocs").removeHandler(counter)
        logging.getLogger("properdocs").removeHandler(counter)
    if swap is not None:
        swap.discard()


def on_build_error(error: Exception) -> None:
    _discard()


def on_shutdown() -> None:
    _discard()
