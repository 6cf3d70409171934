"""MkDocs hook: build the Pagefind search index once the pages are written (guide_nr.search)."""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from guide_nr.search import SearchIndexError, build_search_index

log = logging.getLogger("mkdocs.plugins.guide_nr.search")


@event_priority(-55)  # after the stylesheet, before the eco-design measures and the swap
def on_post_build(config):
    log.info("Index de recherche (Pagefind)…")
    try:
        build_search_index(Path(config.site_dir))
    except SearchIndexError as error:
        raise PluginError(str(error)) from None
