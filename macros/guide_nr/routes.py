"""Where everything lives in the built site: the one place that decides paths and URLs.

Two kinds of path:

- **source pages** (``fiches/a.1.md``): what the pages stage hands to the site generator and
  what Markdown links point to;
- **built files** (``fiches/a.1/index.html``, ``donnees/fiches.json``): what the post-build
  steps read and write, relative to the site folder.

Pages are published at directory URLs: ``x.md`` → ``x/index.html`` → ``x/``, and
``x/index.md`` → ``x/index.html``. Nothing else in the engine writes a path by hand.
"""

from __future__ import annotations

import posixpath
import re

# -- source pages ---------------------------------------------------------------------

HOME_PAGE = "index.md"
THEMES_INDEX = "themes/index.md"
CATALOGUE_PAGE = "catalogue.md"
MATRIX_PAGE = "par-ou-commencer.md"
COMPOSER_PAGE = "composer-ma-charte.md"  # « Composer ma charte »: a charter drafted in the browser
CHANGELOG_PAGE = "journal.md"
CHANGELOG_FOLDER = "journal"  # one page per version: journal/1.1.md, journal/en-preparation.md


def changelog_version_page(version: str) -> str:
    """The journal's page of one version (« en préparation »: the changes not yet released)."""
    slug = "en-preparation" if version == "en préparation" else version
    return f"{CHANGELOG_FOLDER}/{slug}.md"


LEGAL_PAGE = "mentions-legales.md"
CONTACT_PAGE = "contact.md"
ACCESSIBILITY_PAGE = "accessibilite.md"
ABOUT_PAGE = "a-propos.md"
GLOSSARY_PAGE = "glossaire.md"
OPEN_DATA_PAGE = "donnees-ouvertes.md"
STATEMENT_PAGE = "ecoconception.md"  # the eco-design statement, filled after the build

#: Folder of each facet's pages (``priorites/prioritaire.md``…) and of its index page.
FACET_FOLDERS = {"theme": "themes", "priority": "priorites", "difficulty": "difficultes", "pilot": "pilotes",
                 "commitment": "engagements"}  # a fork's commitments, by status


FICHES_FOLDER = "fiches"


def fiche_page(fiche_id: str) -> str:
    return f"{FICHES_FOLDER}/{fiche_id}.md"


def theme_page(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def facet_page(facet: str, slug: str) -> str:
    return f"{FACET_FOLDERS[facet]}/{slug}.md"


def facet_index(facet: str) -> str:
    return f"{FACET_FOLDERS[facet]}/index.md"


# An organisation's section (a fork's own folder, see guide_nr.sources.organisation).
SECTION = "demarche"
LANDING_PAGE = f"{SECTION}/index.md"
CHARTER_PAGE = f"{SECTION}/charte.md"
MATURITY_PAGE = f"{SECTION}/maturite.md"
PLAN_PAGE = f"{SECTION}/plan-action.md"
SHEETS_FOLDER = f"{SECTION}/fiches-action"


def sheet_page(fiche_id: str) -> str:
    """The action sheet of the organisation's commitment on a fiche."""
    return f"{SHEETS_FOLDER}/{fiche_id}.md"


def extra_page(name: str) -> str:
    """A page the organisation wrote itself (``pages/<name>.md``)."""
    return f"{SECTION}/{name}.md"


REPORTS_FOLDER = f"{SECTION}/rapports"
REPORTS_INDEX = f"{REPORTS_FOLDER}/index.md"


def report_page(year: int) -> str:
    """The organisation's annual report of a year (« Rapport annuel 2025 »)."""
    return f"{REPORTS_FOLDER}/{year}.md"


# -- built files (relative to the site folder) ----------------------------------------

PRINT_PAGE = "imprimer/index.html"
CHARTER_PRINT_PAGE = f"{SECTION}/imprimer/index.html"
PDF_FILE = "guide-numerique-responsable.pdf"
CHARTER_PDF_FILE = "charte-numerique-responsable.pdf"


def report_print_page(year: int) -> str:
    """The printable annual report, beside its page (``demarche/rapports/2025/imprimer/``)."""
    return f"{REPORTS_FOLDER}/{year}/imprimer/index.html"


def is_report_print_page(built: str) -> bool:
    return re.fullmatch(rf"{re.escape(REPORTS_FOLDER)}/\d{{4}}/imprimer/index\.html", built) is not None


def report_pdf_file(year: int) -> str:
    return f"rapport-annuel-{year}.pdf"


CHANGES_FILE = "changes.json"
DATA_FOLDER = "donnees"
JSON_FILE = f"{DATA_FOLDER}/fiches.json"
CSV_FILE = f"{DATA_FOLDER}/fiches.csv"
SCHEMA_FILE = "schema/fiche.schema.json"
# A fork's charter as open data (pages/charter_data.py), and the schemas of its files.
CHARTER_JSON_FILE = f"{DATA_FOLDER}/charte.json"
COMMITMENTS_CSV_FILE = f"{DATA_FOLDER}/charte-engagements.csv"
ACTIONS_CSV_FILE = f"{DATA_FOLDER}/charte-actions.csv"
INDICATORS_CSV_FILE = f"{DATA_FOLDER}/charte-indicateurs.csv"
BUDGETS_CSV_FILE = f"{DATA_FOLDER}/charte-budgets.csv"
MATURITY_CSV_FILE = f"{DATA_FOLDER}/maturite.csv"
ORGANISATION_SCHEMAS = {"organisation.yml": "schema/organisation.schema.json", "charter.yml": "schema/charter.schema.json",
                        "maturity.yml": "schema/maturity.schema.json"}
STATEMENT_DATA = "ecoconception.json"
SEARCH_FOLDER = "pagefind"
SEARCH_ENTRY = f"{SEARCH_FOLDER}/pagefind-entry.json"

SITE_STYLESHEET = "assets/stylesheets/site.css"  # the one stylesheet of every page (post-build)
OUR_STYLESHEET = "assets/stylesheets/guide.css"  # overrides/, folded into site.css
PRINT_STYLESHEET = "assets/stylesheets/imprimer.css"
FAVICON = "assets/favicon.svg"
LOGO_STEM = "assets/logo-organisation"  # + the logo's own extension
PRINT_LOGO_STEM = "assets/logo-organisation-gris"  # the same logo in greys, for printed covers
#: The files our templates and pages name directly; they get content-hashed names after the build.
FINGERPRINTED = (SITE_STYLESHEET, PRINT_STYLESHEET, "assets/scripts/catalogue.js", "assets/scripts/recherche.js",
                "assets/scripts/composeur.js", FAVICON)


#: Our scripts that the build minifies (postbuild/scripts.py); the search script is ES2020 (``import()``).
MINIFIED_SCRIPTS = ("assets/scripts/catalogue.js", "assets/scripts/composeur.js")

DIRECTORY_INDEX = "index.html"  # what a web server answers for a folder URL (``fiches/a.1/``)


def built_page(source: str) -> str:
    """The file a source page becomes: ``fiches/a.1.md`` → ``fiches/a.1/index.html``,
    ``themes/index.md`` → ``themes/index.html``."""
    stem = source[: -len(".md")] if source.endswith(".md") else source
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def url_path(built: str) -> str:
    """The URL path a reader uses for a built file: ``fiches/a.1/index.html`` → ``fiches/a.1/``."""
    return built[: -len("index.html")] if built == "index.html" or built.endswith("/index.html") else built


def page_url(source: str) -> str:
    """``fiches/a.1.md`` → ``fiches/a.1/``."""
    return url_path(built_page(source))


def root_prefix(from_path: str) -> str:
    """Relative URL from a source page to the site root, for raw HTML links to files the site
    generator does not know (the print page and the PDF are written after the build)."""
    depth = from_path.count("/") + (0 if from_path.endswith("index.md") else 1)
    return "../" * depth


def link(from_path: str, to_path: str) -> str:
    """Relative Markdown link between two source pages, as the site generator resolves them."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")
