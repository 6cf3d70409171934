"""Every page generated from the YAML sources, in one list (the pages stage's entry point)."""

from __future__ import annotations

from .catalogue import catalogue_page
from .changelog import changelog_page
from .facet_pages import facet_pages
from .guide import Guide
from .matrix import matrix_page
from .organisation_pages import organisation_pages
from .pages import GeneratedPage, fiche_page, retired_page, theme_page, themes_index


def all_pages(guide: Guide) -> list[GeneratedPage]:
    pages = [themes_index(guide)]
    pages += [theme_page(guide, t.id) for t in guide.themes]
    pages += [fiche_page(guide, f) for f in guide.fiches]
    pages += facet_pages(guide)
    pages += [retired_page(guide, r) for r in guide.retired]
    pages += [catalogue_page(guide), matrix_page(guide), changelog_page(guide)]
    pages += organisation_pages(guide)
    return pages
