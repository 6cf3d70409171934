"""MkDocs hook: refuse to publish a site where a fiche is missing from any output.

Runs after every other post-build step and before the site is swapped in: a failure keeps
the previous site (guide_nr.outputs).
"""

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

import guide_nr.printing as printing
from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.outputs import check_outputs

log = logging.getLogger("mkdocs.plugins.guide_nr.outputs")


@event_priority(-90)
def on_post_build(config):
    guide = guide_from_config(config)
    result = getattr(printing, "LAST_PDF", None)
    faults = check_outputs(Path(config.site_dir), guide, result.bookmarks if result else None)
    if faults:
        raise PluginError(
            f"{len(faults)} sortie(s) ne contiennent pas exactement les {len(guide.fiches)} fiches du guide :\n  - "
            + "\n  - ".join(faults) + "\nLe site précédent est conservé."
        )
    pdf = "et le PDF" if result else "(PDF non produit dans cette construction)"
    log.info(f"Sorties vérifiées : les {len(guide.fiches)} fiches sont dans chaque page, liste, export, la version imprimable {pdf}.")
