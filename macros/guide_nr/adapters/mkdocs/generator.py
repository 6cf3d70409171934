"""MkDocs (or ProperDocs) renders the staged docs tree; nothing else runs inside it but
``page_hooks.py`` (escaping, per-page sanitizer) and the macros plugin."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from guide_nr.adapters.base import Rendered
from guide_nr.model.guide import Guide
from guide_nr.postbuild.steps import BuildFailed, WarningCounter

PAGE_HOOKS = Path(__file__).with_name("page_hooks.py")


class MkDocsGenerator:
    def __init__(self, properdocs: bool = False):
        self.properdocs = properdocs
        self.name = "properdocs" if properdocs else "mkdocs"

    def render(self, root: Path, docs: Path, site: Path, *, strict: bool, guide: Guide, settings: dict[str, Any]) -> Rendered:
        if self.properdocs:
            try:
                import properdocs.replacement  # noqa: F401 - from here on, `mkdocs` imports are ProperDocs
            except ImportError:
                raise BuildFailed("ProperDocs n’est pas installé : pip install properdocs") from None
        from mkdocs.commands.build import build
        from mkdocs.config import load_config
        from mkdocs.exceptions import Abort, MkDocsException

        from guide_nr.adapters.mkdocs.bridge import apply_settings, plain, remember

        counter = WarningCounter()
        generator_log = logging.getLogger(self.name)  # ProperDocs logs under « properdocs », MkDocs under « mkdocs »
        generator_log.addHandler(counter)
        try:
            try:
                config = load_config(str(root / "mkdocs.yml"), docs_dir=str(docs), site_dir=str(site), hooks=[str(PAGE_HOOKS)])
            except MkDocsException as error:
                raise BuildFailed(f"mkdocs.yml : {error}") from None
            config.strict = strict or bool(config.strict)  # `guide build --strict`, or `strict: true` in mkdocs.yml
            apply_settings(config, settings)
            remember(config, guide)
            try:
                build(config)
            except Abort:
                raise BuildFailed(f"{counter.count} avertissement(s) ou erreur(s) de {self.name} (ci-dessus) : rien n’est publié.") from None
            except SystemExit:  # mkdocs-macros' on_error_fail: it logged the page's error (ci-dessus) and exits
                raise BuildFailed("une page n’a pas pu exécuter ses macros (erreur ci-dessus) : rien n’est publié.") from None
            return Rendered(plain(config.site_name), plain(config.copyright), config.site_url or None,
                            [Path(folder) for folder in config.theme.dirs], counter.count)
        finally:
            generator_log.removeHandler(counter)

