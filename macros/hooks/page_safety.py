"""MkDocs hook: every page's content passes the allow-list sanitizer once assembled.

The adapter only hands MkDocs' rendered HTML to the engine (guide_nr.page_safety); a page
the sanitizer would change stops the build with a French message, before anything is written.
"""

from mkdocs.exceptions import PluginError

from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.page_safety import page_faults, page_policy, page_sources


def on_page_content(html, page, config, files):
    guide = guide_from_config(config)
    faults = page_faults(html, page_policy(guide, page.file.src_uri))
    if faults:
        sources = ", ".join(page_sources(guide, page.file.src_uri))
        raise PluginError(
            f"page « {page.file.src_uri} » (sources : {sources}) : une fois assemblée, elle contient ce que le filtre HTML "
            "refuse :\n  - " + "\n  - ".join(faults) + "\nCorrigez le texte en cause ; rien n’a été publié, le site précédent est conservé."
        )
    return html
