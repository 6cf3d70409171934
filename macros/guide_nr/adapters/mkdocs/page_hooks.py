"""MkDocs hooks every render of the guide needs (``guide build`` and ``mkdocs build``/``serve``).

- **Plain text reaches the theme escaped.** Material prints page titles, descriptions and
  the site name raw (``{{ page.meta.title }}`` in ``<title>``, the header, the menu…). Each
  such value is handed to it as markupsafe ``Markup`` holding the HTML-escaped text: printed
  raw it shows the text, and Jinja's ``| e`` leaves it as it is. Text the engine reads back
  (the printable guide's title) is unescaped by ``bridge.plain``.
- **Every page passes the allow-list sanitizer once assembled** (``guide_nr.pages.policies``):
  a page the sanitizer would change stops the build with a French message, before anything
  is written.
"""

from typing import Any

from markupsafe import Markup
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from guide_nr.adapters.mkdocs.bridge import guide_from_config
from guide_nr.pages.policies import page_faults, page_policies, page_sources
from guide_nr.safety.sanitizer import PAGE

CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright")
META_TEXTS = ("title", "description", "author")
_state: dict[str, Any] = {}


@event_priority(-90)  # after build_hooks has applied a fork's site name
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    for name in CONFIG_TEXTS:
        if isinstance(config[name], str) and not isinstance(config[name], Markup):
            config[name] = Markup.escape(config[name])
    return config


def on_files(files: Files, config: MkDocsConfig) -> Files:
    _state["guide"] = guide = guide_from_config(config)  # once per build, not once per page
    _state["policies"] = page_policies(guide)
    return files


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    faults = page_faults(html, _state["policies"].get(page.file.src_uri, PAGE))
    if faults:
        sources = ", ".join(page_sources(_state["guide"], page.file.src_uri))
        raise PluginError(
            f"page « {page.file.src_uri} » (sources : {sources}) : une fois assemblée, elle contient ce que le filtre HTML "
            "refuse :\n  - " + "\n  - ".join(faults) + "\nCorrigez le texte en cause ; rien n’a été publié, le site précédent est conservé."
        )
    for name in META_TEXTS:
        if isinstance(page.meta.get(name), str) and not isinstance(page.meta[name], Markup):
            page.meta[name] = Markup.escape(page.meta[name])
    if not page.is_homepage and "title" not in page.meta and page.title:
        # A title read from the page's heading: given as meta, Material's <title> prints it as is
        # instead of `page.title | striptags` (which would unescape it).
        page.meta["title"] = Markup.escape(page.title)
    return html
