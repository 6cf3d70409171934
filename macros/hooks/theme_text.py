"""MkDocs hook: plain text reaches the theme escaped.

Material prints page titles, descriptions and the site name raw (``{{ page.meta.title }}``
in ``<title>``, the header, the menu…). Every such value is handed to it as markupsafe
``Markup`` holding the HTML-escaped text: printed raw it shows the text, and Jinja's ``| e``
leaves it as it is, so no template can print it twice escaped or not at all. Text the
engine reads back (the printable guide's title) is unescaped by ``guide_nr.mkdocs_bridge.plain``.
"""

from markupsafe import Markup

from mkdocs.plugins import event_priority

CONFIG_TEXTS = ("site_name", "site_description", "site_author", "copyright")
META_TEXTS = ("title", "description", "author")


@event_priority(-90)  # after organisation_identity has set the fork's site name
def on_config(config):
    for name in CONFIG_TEXTS:
        if isinstance(config[name], str):
            config[name] = Markup.escape(config[name])
    return config


def on_page_content(html, page, config, files):
    for name in META_TEXTS:
        if isinstance(page.meta.get(name), str):
            page.meta[name] = Markup.escape(page.meta[name])
    if not page.is_homepage and "title" not in page.meta and page.title:
        # A title read from the page's heading: given as meta, Material's <title> prints it as is
        # instead of `page.title | striptags` (which would unescape it).
        page.meta["title"] = Markup.escape(page.title)
    return html
