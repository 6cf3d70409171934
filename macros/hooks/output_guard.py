"""MkDocs hook: refuse to publish a site where a fiche is missing from any output.

Runs after every other post-build step and before the site is swapped in: a failure keeps
the previous site (guide_nr.outputs). In a fork, the charter's commitments are checked too.
Every HTML document must also be inert (guide_nr.inert): no script, style or address that
the site did not write itself.
"""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import guide_nr.printing as printing
from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.organisation_pages import CHARTER_PDF_FILE
from guide_nr.inert import inert_faults
from guide_nr.outputs import check_charter_outputs, check_outputs
from guide_nr.pages import PDF_FILE

log = logging.getLogger("mkdocs.plugins.guide_nr.outputs")


@event_priority(-90)
def on_post_build(config):
    guide = guide_from_config(config)
    pdfs = getattr(printing, "LAST_PDFS", {})
    site = Path(config.site_dir)
    result, charter_pdf = pdfs.get(PDF_FILE), pdfs.get(CHARTER_PDF_FILE)
    faults = check_outputs(site, guide, result.bookmarks if result else None)
    faults += check_charter_outputs(site, guide, charter_pdf.bookmarks if charter_pdf else None)
    unsafe = inert_faults(site, [Path(folder) for folder in config.theme.dirs])
    if unsafe:
        raise PluginError(
            f"{len(unsafe)} élément(s) actif(s) ou extérieur(s) dans les pages construites (ils ne viennent pas du thème) :\n  - "
            + "\n  - ".join(unsafe[:30]) + ("\n  - …" if len(unsafe) > 30 else "") + "\nLe site précédent est conservé."
        )
    if faults:
        raise PluginError(
            f"{len(faults)} sortie(s) ne contiennent pas exactement les {len(guide.fiches)} fiches du guide "
            f"ou les engagements de la charte :\n  - " + "\n  - ".join(faults) + "\nLe site précédent est conservé."
        )
    pdf = "et le PDF" if result else "(PDF non produit dans cette construction)"
    charter = f" Les {len(guide.charter.commitments)} engagements de la charte ont chacun leur fiche action, aussi dans la charte imprimable." \
        if guide.charter else ""
    log.info(f"Sorties vérifiées : les {len(guide.fiches)} fiches sont dans chaque page, liste, export, la version imprimable {pdf}.{charter} "
             "Aucune page ne contient de script, de style ou d’adresse qui ne vienne du site.")
