"""MkDocs hook: the printable documents (guide_nr.printing) — print pages, then the PDFs.

The guide, and a fork's charter when it has one. The PDFs take several seconds: `mkdocs
serve` (and `GUIDE_PDF=non`) skips them so previews stay instant; `mkdocs build` and the
tests always make them.
"""

import logging
import os
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import guide_nr.printing as printing
from guide_nr.mkdocs_bridge import guide_from_config, plain

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
    documents = printing.documents(guide, title=plain(config.site_name), version=guide.settings.version, licence=plain(config.copyright))
    for document in documents:
        printing.write_print_page(site, document, site_url=config.site_url or None)
    printing.LAST_PDFS = {}
    if not _pdf_wanted():
        log.info("PDF non régénérés (prévisualisation) : `make build` les produit.")
        printing.label_pdf_links(site, None)
        return
    labels = {}
    for document in documents:
        try:
            result = printing.write_pdf(site, document)
        except Exception as error:  # WeasyPrint or its system libraries
            raise PluginError(f"le PDF {document.pdf_file} n’a pas pu être produit : {error}") from None
        printing.LAST_PDFS[document.pdf_file] = result  # read by the output guard
        for url in result.refused:
            log.warning(f"PDF {document.pdf_file} ({document.print_page}) : adresse refusée, ni lue ni intégrée (seuls les fichiers "
                        f"du site sont lus pendant la mise en page) : {url}")
        labels[document.pdf_file] = printing.size_label(result.path.stat().st_size)
        log.info(f"PDF : {result.path.name}, {result.pages} pages, {labels[document.pdf_file]}, en {result.seconds:.1f} s.")
    printing.label_pdf_links(site, labels)
