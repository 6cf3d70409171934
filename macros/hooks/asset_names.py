"""MkDocs hook: give the site's own assets content-hashed names (guide_nr.fingerprint).

Runs once the pages, the stylesheet, the printable guide and the search index exist, and
before the eco-design measures, which then read the final pages.
"""

from pathlib import Path

from mkdocs.plugins import event_priority

from guide_nr.fingerprint import fingerprint_assets


@event_priority(-58)
def on_post_build(config):
    fingerprint_assets(Path(config.site_dir))
