"""Everything the pages stage hands to the site generator, in one place.

- :func:`all_pages`: every page generated from the YAML sources;
- :func:`site_files`: those pages plus the open-data files (the guide's and a fork's charter), ``changes.json`` and a fork's
  logo, as the files of a docs tree (``path → bytes``);
- :func:`generator_settings`: what a fork changes in the generator's settings (site name,
  logo, a « Notre démarche » menu entry and its own entries), given to the generator rather than patched into
  ``mkdocs.yml``, so upstream merges never conflict.
"""

from __future__ import annotations

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.model.publication import compliance
from guide_nr.pages import charter_data, opendata
from guide_nr.pages.catalogue import catalogue_page
from guide_nr.pages.changelog import changelog_pages, changes_json
from guide_nr.pages.common import GeneratedPage
from guide_nr.pages.composer import composer_page
from guide_nr.pages.facet_pages import facet_pages
from guide_nr.pages.fiche import fiche_page, retired_page
from guide_nr.pages.grey_logo import grey_logo
from guide_nr.pages.matrix import matrix_page
from guide_nr.pages.organisation import has_section, organisation_pages
from guide_nr.pages.publication import publication_pages
from guide_nr.pages.theme import theme_page, themes_index

LANDING_LABEL = "Notre démarche"


def all_pages(guide: Guide) -> list[GeneratedPage]:
    pages = [themes_index(guide)]
    pages += [theme_page(guide, t.id) for t in guide.themes]
    pages += [fiche_page(guide, f) for f in guide.fiches]
    pages += facet_pages(guide)
    hidden = set(guide.organisation.identity.hidden_fiches) if guide.organisation.identity else set()
    pages += [retired_page(guide, r) for r in guide.retired if r.id not in hidden]  # a fork may keep hiding a retired fiche
    pages += [catalogue_page(guide), composer_page(guide), matrix_page(guide), *changelog_pages(guide)]
    pages += organisation_pages(guide)
    pages += publication_pages(guide)
    return pages


def logo_file(guide: Guide) -> str | None:
    """Where a fork's logo is published (``assets/logo-organisation.svg``), if it has one."""
    identity = guide.organisation.identity
    if identity is None or not identity.logo:
        return None
    return routes.LOGO_STEM + identity.logo[identity.logo.rfind("."):]


def site_files(guide: Guide) -> dict[str, bytes]:
    """Every generated file of the docs tree: pages (Markdown), open data, changes, logo."""
    files = {page.path: page.markdown.encode("utf-8") for page in all_pages(guide)}
    for path, text in {**opendata.files(guide), **charter_data.files(guide), routes.CHANGES_FILE: changes_json(guide)}.items():
        files[path] = text.encode("utf-8")
    logo = logo_file(guide)
    if logo is not None and guide.settings.organisation_path is not None and guide.organisation.identity is not None and guide.organisation.identity.logo is not None:
        files[logo] = (guide.settings.organisation_path / guide.organisation.identity.logo).read_bytes()
        printed = print_logo_file(guide)
        assert printed is not None
        files[printed] = grey_logo(files[logo], logo[logo.rfind("."):], guide.organisation.identity.primary_color)
    return files


def print_logo_file(guide: Guide) -> str | None:
    """Where the fork's logo in greys is published, for printed covers (``assets/logo-organisation-gris.svg``)."""
    logo = logo_file(guide)
    return None if logo is None else routes.PRINT_LOGO_STEM + logo[logo.rfind("."):]


def with_landing(nav: list | None, guide: Guide) -> list | None:
    """The menu with a fork's « Notre démarche » entry after « Accueil » (unchanged otherwise)."""
    if nav is None or not has_section(guide):
        return nav
    if any(isinstance(item, dict) and routes.LANDING_PAGE in item.values() for item in nav):
        return nav
    home = next((index for index, item in enumerate(nav)
                 if item == routes.HOME_PAGE or isinstance(item, dict) and routes.HOME_PAGE in item.values()), -1)
    return [*nav[:home + 1], {LANDING_LABEL: routes.LANDING_PAGE}, *nav[home + 1:]]


def with_menu(nav: list | None, guide: Guide) -> list | None:
    """The menu with a fork's own entries (``menu`` in organisation.yml: one of its pages, or an
    https address), in their order, right after « Notre démarche » (or « Accueil »)."""
    identity = guide.organisation.identity
    if nav is None or identity is None or not identity.menu:
        return nav
    entries = [{entry.title: routes.extra_page(entry.page) if entry.page is not None else entry.url} for entry in identity.menu]
    entries = [entry for entry in entries if entry not in nav]
    if not entries:
        return nav
    after = [routes.LANDING_PAGE, routes.HOME_PAGE]
    anchor = next((index for target in after for index, item in enumerate(nav)
                   if item == target or isinstance(item, dict) and target in item.values()), -1)
    return [*nav[:anchor + 1], *entries, *nav[anchor + 1:]]


def generator_settings(guide: Guide, nav: list | None) -> dict:
    """Settings the engine decides for the site generator: what a fork changes (site name, logo,
    menu), and the accessibility status of the footer (the statement's, ``model.publication``)."""
    out: dict = {"accessibility_status": compliance(guide.publication)[0]}
    identity = guide.organisation.identity
    if identity is not None and identity.site_name:
        out["site_name"] = identity.site_name
    logo = logo_file(guide)
    if logo is not None:
        out["logo"] = logo
    menu = with_menu(with_landing(nav, guide), guide)
    if menu is not nav:
        out["nav"] = menu
    return out
