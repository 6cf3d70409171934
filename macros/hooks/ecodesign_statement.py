"""MkDocs hook: measure the built site and publish the eco-design statement.

After the stylesheet is final, every page is measured offline (guide_nr.ecodesign); the
figures fill the « Déclaration d’écoconception » page and ``ecoconception.json``. A page
over its budget is a warning, so ``mkdocs build --strict`` refuses to publish it.
"""

import logging

from mkdocs.plugins import event_priority

from guide_nr.ecodesign import write_statement

log = logging.getLogger("mkdocs.plugins.guide_nr.ecodesign")
STATEMENT_SOURCE = "ecoconception.md"
_state = {}


def on_files(files, config):
    page = files.get_file_from_path(STATEMENT_SOURCE)
    _state["page"] = page.dest_uri if page else None
    return files


@event_priority(-60)  # after theme_assets (the final stylesheet), before atomic_site
def on_post_build(config):
    from pathlib import Path

    log.info("Mesure de l’écoconception de chaque page…")
    measures = write_statement(Path(config.site_dir), _state.get("page") or "")
    over = [(m, m.over_budget()) for m in measures if m.over_budget()]
    for measure, faults in over:
        log.warning(f"Budget dépassé pour {measure.path} ({measure.type}) : {' ; '.join(faults)}")
    average = sum(m.ecoindex for m in measures) / len(measures)
    log.info(f"Écoconception : {len(measures)} pages mesurées, EcoIndex moyen {average:.1f}, {len(over)} hors budget.")
