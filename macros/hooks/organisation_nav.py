"""MkDocs hook: a fork's « Notre démarche » section gets one entry in the menu, after « Accueil ».

One entry, not a section: the charter, plan, maturity, action sheets and the organisation's
own pages are listed on that landing page, so every page stays light (DOM budget). The
upstream mkdocs.yml is never edited, so upstream merges never conflict.
"""

from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.organisation_pages import LANDING_PAGE, has_section


def on_nav(nav, config, files):
    if not has_section(guide_from_config(config)):
        return nav
    landing = files.get_file_from_path(LANDING_PAGE)
    if landing is not None and landing.page is not None and landing.page not in nav.items:
        nav.items.insert(1 if nav.items else 0, landing.page)
    return nav
