"""Post-build step: bring the theme's page markup in line with what the site promises.

Material's base template writes three things this site does not want, on every page:

- a search toggle (``<input id="__search">``) although the site ships no Material search;
- ``autocomplete="off"`` on the drawer checkbox (invalid on a checkbox);
- a skip link to the first heading only when the page has one (none on the 404 page).

Each page written by the theme loses the first two and gets the same « Aller au contenu »
link to the content area (``overrides/main.html`` puts ``id="contenu"`` on it).

A table may be wider than a phone: each table of the content is wrapped in a named region that
keyboard users can focus and scroll with the arrow keys (WCAG 2.1.1; axe « scrollable-region-focusable »).
Its name is the table's own label, else the heading above it. A theme page
without the drawer checkbox or the skip block means the theme's markup changed: the build
stops (:class:`~guide_nr.postbuild.html.MarkupChanged`) instead of publishing half-fixed pages.
"""

from __future__ import annotations

import html
import re

from guide_nr.postbuild.html import Element, HtmlPage, MarkupChanged, start_tag

SKIP_TARGET = "contenu"  # overrides/main.html gives this id to the content area
SKIP_LINK = f'<a href="#{SKIP_TARGET}" class="md-skip">Aller au contenu</a>'


def is_theme_page(page: HtmlPage) -> bool:
    """Pages the theme wrote (not the print pages, which the post-build steps compose)."""
    return any(e.name == "meta" and e.attrs.get("name") == "generator" for e in page.elements)


def conform_page(page: HtmlPage) -> None:
    drawer = page.find("input", id="__drawer")
    skip = [e for e in page.elements if e.name == "div" and e.attrs.get("data-md-component") == "skip"]
    if len(drawer) != 1 or len(skip) != 1:
        raise MarkupChanged(
            f"{page.path} : la page du thème n’a pas la structure attendue (case du menu « __drawer » : {len(drawer)}, "
            f"bloc « skip » : {len(skip)}). Le thème a sans doute changé : adaptez guide_nr/postbuild/conform.py."
        )
    if not any(e.attrs.get("id") == SKIP_TARGET for e in page.elements):
        raise MarkupChanged(f"{page.path} : le lien d’évitement mène à « #{SKIP_TARGET} », qui n’existe pas dans la page "
                            "(overrides/main.html doit le donner à la zone de contenu).")
    for search in page.find("input", id="__search"):
        page.remove(search)
    if "autocomplete" in drawer[0].attrs:
        page.set_attribute(drawer[0], "autocomplete", None)
    page.replace_content(skip[0], SKIP_LINK)
    wrap_tables(page)


_TAG = re.compile(r"<[^>]*>")
SCROLL_REGION = "tableau-defilant"


def _text_of(page: HtmlPage, element: Element) -> str:
    inner = page.text[element.start_end:element.content_end] if element.content_end is not None else ""
    return " ".join(html.unescape(_TAG.sub("", inner)).split())


def wrap_tables(page: HtmlPage) -> None:
    """Wrap every table of the content area in a focusable region named after the table."""
    article = [e for e in page.elements if e.attrs.get("id") == SKIP_TARGET]
    if not article or article[0].end is None:
        return
    start, end = article[0].start, article[0].end
    headings = [e for e in page.elements if e.name in ("h1", "h2", "h3", "h4") and start < e.start < end]
    # The priority × difficulty matrix has its own layout (blocks on a phone): not wrapped.
    for table in (e for e in page.elements if e.name == "table" and start < e.start < end and not e.has_class("matrice")):
        if table.end is None:
            raise MarkupChanged(f"{page.path} : tableau sans fin, impossible de l’envelopper dans une zone défilante")
        above = [h for h in headings if h.start < table.start]
        name = table.attrs.get("aria-label") or (f"Tableau : {_text_of(page, above[-1])}" if above else "Tableau")
        page.replace(table.start, table.start, start_tag("div", {"class": SCROLL_REGION, "role": "region", "tabindex": "0", "aria-label": name}))
        page.replace(table.end, table.end, "</div>")
