"""MkDocs hook: the printable guide (guide_nr.printing) — print page, then the PDF.

The PDF takes several seconds: `mkdocs serve` (and `GUIDE_PDF=non`) skips it so previews
stay instant; `mkdocs build` and the tests always make it.
"""

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import guide_nr.printing as printing
from guide_nr.mkdocs_bridge import guide_from_config

log = logging.getLogger("mkdocs.plugins.guide_nr.printing")


def on_startup(command, dirty):
    # Module state of the engine survives `mkdocs serve` rebuilds (hooks are reloaded).
    printing.PREVIEW = command == "serve"


def _pdf_wanted():
    return not getattr(printing, "PREVIEW", False) and os.environ.get("GUIDE_PDF", "oui").lower() not in ("non", "0", "no")


@event_priority(-52)  # after the stylesheet, before search, measures and the site swap
def on_post_build(config):
    site = Path(config.site_dir)
    guide = guide_from_config(config)
    printing.write_print_page(
        site, guide, title=config.site_name, version=guide.settings.version,
        site_url=config.site_url or None, licence=config.copyright or "",
    )
    printing.LAST_PDF = None
    if not _pdf_wanted():
        log.info("PDF non régénéré (prévisualisation) : `make build` le produit.")
        printing.label_pdf_links(site, None)
        return
    try:
        result = printing.write_pdf(site)
    except Exception as error:  # WeasyPrint or its system libraries
        raise PluginError(f"la version PDF n’a pas pu être produite : {error}") from None
    printing.LAST_PDF = result  # read by the output guard
    size = result.path.stat().st_size
    log.info(f"PDF : {result.path.name}, {result.pages} pages, {printing.size_label(size)}, en {result.seconds:.1f} s.")
    printing.label_pdf_links(site, printing.size_label(size))
