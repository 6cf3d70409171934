"""MkDocs hook: every page's content passes the allow-list sanitizer once assembled.

The adapter only hands MkDocs' rendered HTML to the engine (guide_nr.page_safety); a page
the sanitizer would change stops the build with a French message, before anything is written.
"""

from mkdocs.exceptions import PluginError

from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.page_safety import page_faults, page_policies, page_sources
from guide_nr.sanitizer import PAGE


_state = {}


def on_files(files, config):
    _state["guide"] = guide = guide_from_config(config)  # once per build, not once per page
    _state["policies"] = page_policies(guide)
    return files


def on_page_content(html, page, config, files):
    faults = page_faults(html, _state["policies"].get(page.file.src_uri, PAGE))
    if faults:
        sources = ", ".join(page_sources(_state["guide"], page.file.src_uri))
        raise PluginError(
            f"page « {page.file.src_uri} » (sources : {sources}) : une fois assemblée, elle contient ce que le filtre HTML "
            "refuse :\n  - " + "\n  - ".join(faults) + "\nCorrigez le texte en cause ; rien n’a été publié, le site précédent est conservé."
        )
    return html
