"""The post-build steps, in the one order that makes each see what it needs.

Once the site generator has written the pages, :func:`run` applies :data:`STEPS` in order:

1. **read** every HTML file once and look at each page whole (``guide_nr.postbuild.html``):
   the theme's markup is fixed (``conform``), and what later steps need is noted — the
   stylesheet's tokens, the articles of the printable documents, the guard's notes; then
   only the few elements later steps rewrite or measure are kept in memory;
2. **stylesheet**: one ``site.css`` holding only the rules the pages use; **scripts**: our
   scripts minified (``guide_nr.postbuild.scripts``);
3. **print pages**: the printable guide (and a fork's charter) composed from those articles;
4. **PDF** (expensive): rendered from the print pages, sizes written into the links to them;
5. **fingerprints**: content-hashed asset names, references rewritten;
6. **write** each page once, and check that it is inert;
7. **eco-design**: every final page measured, figures written into the statement page;
8. **search index** (expensive): Pagefind indexes the final text, figures included;
9. **output guard**: every fiche in every output, every document inert;
10. **publish**: the atomic swap of the staged site.

A strict build that already has a warning stops before each expensive step and before
publishing: the previous site stays. Steps share one :class:`Context`, not module globals.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.model.identity import identity_css
from guide_nr.pages.common import PDF_SIZE_MARKER
from guide_nr.postbuild import printing
from guide_nr.postbuild.conform import conform_page, is_theme_page
from guide_nr.postbuild.ecodesign import LOADING_TAGS, STATEMENT_ID, write_statement
from guide_nr.postbuild.fingerprint import fingerprint_assets, site_path
from guide_nr.postbuild.html import Element, HtmlPage, MarkupChanged, SitePages
from guide_nr.postbuild.inert import allowed_scripts, document_faults
from guide_nr.postbuild.outputs import PageNotes, check_charter_outputs, check_outputs, page_notes
from guide_nr.postbuild.scripts import ScriptError, minify_scripts
from guide_nr.postbuild.search import SearchIndexError, build_search_index
from guide_nr.postbuild.stylesheet import ThemeChanged, Tokens, bundle_site_stylesheet
from guide_nr.postbuild.typography import typeset_page

log = logging.getLogger("guide_nr.build")


class WarningCounter(logging.Handler):
    """Counts the warnings logged during one build: a strict build stops on the first one."""

    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


class BuildFailed(Exception):
    """The build stops; the message (French) says why. The previous site is kept."""


@dataclass
class Context:
    """What the steps share: the staged site, the guide and what earlier steps produced."""

    site: Path  # the staged site folder, swapped in by the last step
    guide: Guide
    site_name: str
    licence: str
    theme_dirs: list[Path]  # the theme's template folders (inline scripts allowed by the guard)
    site_url: str | None = None
    pdf: bool = True  # False: preview (``mkdocs serve``) or ``guide build --sans-pdf``
    strict: bool = False
    warnings: Callable[[], int] = lambda: 0  # warnings logged so far in this build
    publish: Callable[[], None] | None = None  # the swap of whoever staged the site
    statement_page: str = routes.built_page(routes.STATEMENT_PAGE)
    pages: SitePages = field(init=False)
    documents: list[printing.Document] = field(default_factory=list)
    fragments: printing.Fragments = field(init=False)
    tokens: Tokens = field(default_factory=Tokens)
    notes: dict[str, PageNotes] = field(default_factory=dict)
    unsafe: list[str] = field(default_factory=list)  # what the inertness check found, page by page
    pdfs: dict[str, printing.PdfResult] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)


@dataclass(frozen=True)
class Step:
    name: str
    run: Callable[[Context], None]
    expensive: bool = False  # skipped when a strict build has already failed


def _needed_later(element: Element) -> bool:
    """The elements a later step rewrites or measures: what loads a file (fingerprints,
    eco-design), the links to the PDFs (their size) and the eco-design statement's block."""
    return element.name in LOADING_TAGS or PDF_SIZE_MARKER in element.attrs or element.attrs.get("id") == STATEMENT_ID


def _look_at(ctx: Context, page: HtmlPage) -> None:
    ctx.notes[page.path] = page_notes(page)
    page.keep(_needed_later)
    page.pack()


def read_pages(ctx: Context) -> None:
    ctx.pages = SitePages(ctx.site)
    ctx.documents = printing.documents(ctx.guide, title=ctx.site_name, version=ctx.guide.settings.version, licence=ctx.licence)
    ctx.fragments = printing.Fragments(ctx.documents, ctx.site_url)
    theme_pages = 0
    for page in ctx.pages:
        if is_theme_page(page):
            conform_page(page)
            page.rewrite(typeset_page)  # French typography of the text readers see (postbuild/typography.py)
            theme_pages += 1
        ctx.tokens.add_page(page)
        ctx.fragments.collect(page)
        _look_at(ctx, page)
    if not theme_pages:
        raise MarkupChanged("aucune page construite ne vient du thème (balise <meta name=\"generator\"> absente) : "
                            "le générateur de site ou le thème a changé.")


def stylesheet(ctx: Context) -> None:
    identity = ctx.guide.organisation.identity
    size = bundle_site_stylesheet(ctx.site, [routes.OUR_STYLESHEET], tokens=ctx.tokens, extra_text=identity_css(identity) if identity else "")
    log.info(f"Feuille de style : {routes.SITE_STYLESHEET}, {size / 1000:.1f} Ko.")


def scripts(ctx: Context) -> None:
    for path, (before, after) in minify_scripts(ctx.site).items():
        log.info(f"Script : {path}, {before / 1000:.1f} Ko, {after / 1000:.1f} Ko une fois réduit.")


def print_pages(ctx: Context) -> None:
    for document in ctx.documents:
        page = printing.add_print_page(ctx.pages, ctx.fragments, document)
        page.rewrite(typeset_page)  # its cover and contents are written from the sources, not from typeset pages
        page.keep(lambda e: _needed_later(e) or e.name == "section")  # the whole guide: never held element by element
        _look_at(ctx, page)
    ctx.fragments.taken.clear()


def pdf(ctx: Context) -> None:
    if not ctx.pdf:
        log.info("PDF non produits (prévisualisation ou --sans-pdf) : les liens le disent.")
        printing.label_pdf_links(ctx.pages, None)
        return
    labels = {}
    for document in ctx.documents:
        try:
            result = printing.write_pdf(ctx.site, document)
        except Exception as error:  # WeasyPrint or its system libraries
            raise BuildFailed(f"le PDF {document.pdf_file} n’a pas pu être produit : {error}") from None
        ctx.pdfs[document.pdf_file] = result
        for url in result.refused:
            log.warning(f"PDF {document.pdf_file} ({document.print_page}) : adresse refusée, ni lue ni intégrée (seuls les fichiers "
                        f"du site sont lus pendant la mise en page) : {url}")
        labels[document.pdf_file] = printing.size_label(result.path.stat().st_size)
        log.info(f"PDF : {result.path.name}, {result.pages} pages, {labels[document.pdf_file]}, en {result.seconds:.1f} s.")
    printing.label_pdf_links(ctx.pages, labels)


def fingerprints(ctx: Context) -> None:
    fingerprint_assets(ctx.site, ctx.pages, base_path=site_path(ctx.site_url))


def write_pages(ctx: Context) -> None:
    allowed = allowed_scripts(ctx.theme_dirs)
    for page in ctx.pages:
        page.commit()
        ctx.unsafe += document_faults(ctx.site / page.path, ctx.site, allowed, page.text)
        page.pack()
    ctx.pages.write()


def ecodesign(ctx: Context) -> None:
    measures = write_statement(ctx.site, ctx.statement_page, ctx.pages)
    statement = ctx.pages.get(ctx.statement_page)
    if statement is not None:  # its figures were written after the check of write_pages
        prefix = f"{ctx.statement_page} : "
        ctx.unsafe = [fault for fault in ctx.unsafe if not fault.startswith(prefix)]
        ctx.unsafe += document_faults(ctx.site / statement.path, ctx.site, allowed_scripts(ctx.theme_dirs), statement.text)
    over = [(m, m.budget_report()) for m in measures if m.over_budget()]
    for _, faults in over:
        for fault in faults:
            log.warning(f"Budget dépassé : {fault}")
    average = sum(m.ecoindex for m in measures) / len(measures)
    log.info(f"Écoconception : {len(measures)} pages mesurées, EcoIndex moyen {average:.1f}, {len(over)} hors budget.")


def search_index(ctx: Context) -> None:
    log.info("Index de recherche (Pagefind)…")
    build_search_index(ctx.site)


def output_guard(ctx: Context) -> None:
    guide = ctx.guide
    result, charter_pdf = ctx.pdfs.get(routes.PDF_FILE), ctx.pdfs.get(routes.CHARTER_PDF_FILE)
    faults = check_outputs(ctx.site, guide, result.bookmarks if result else None, ctx.notes)
    faults += check_charter_outputs(ctx.site, guide, charter_pdf.bookmarks if charter_pdf else None, ctx.notes)
    unsafe = ctx.unsafe
    if unsafe:
        raise BuildFailed(
            f"{len(unsafe)} élément(s) actif(s) ou extérieur(s) dans les pages construites (ils ne viennent pas du thème) :\n  - "
            + "\n  - ".join(unsafe[:30]) + ("\n  - …" if len(unsafe) > 30 else "")
        )
    if faults:
        raise BuildFailed(
            f"{len(faults)} sortie(s) ne contiennent pas exactement les {len(guide.fiches)} fiches du guide "
            "ou les engagements de la charte :\n  - " + "\n  - ".join(faults)
        )
    produced = "et le PDF" if result else "(PDF non produit dans cette construction)"
    charter = (f" Les {len(guide.organisation.charter.retained)} engagements retenus de la charte ont chacun leur fiche action, "
               "aussi dans la charte imprimable." if guide.organisation.charter else "")
    log.info(f"Sorties vérifiées : les {len(guide.fiches)} fiches sont dans chaque page, liste, export, la version imprimable {produced}.{charter} "
             "Aucune page ne contient de script, de style ou d’adresse qui ne vienne du site.")


def publish(ctx: Context) -> None:
    if ctx.publish is not None:
        ctx.publish()


STEPS: list[Step] = [
    Step("lecture des pages", read_pages),
    Step("feuille de style", stylesheet),
    Step("scripts", scripts),
    Step("version imprimable", print_pages),
    Step("PDF", pdf, expensive=True),
    Step("empreintes des fichiers", fingerprints),
    Step("écriture et contrôle d’inertie des pages", write_pages),
    Step("écoconception", ecodesign),
    Step("index de recherche", search_index, expensive=True),
    Step("contrôle des sorties", output_guard),
    Step("publication", publish, expensive=True),
]


def _stop_if_strict_failed(ctx: Context, before: str) -> None:
    count = ctx.warnings()
    if ctx.strict and count:
        raise BuildFailed(f"{count} avertissement(s) en mode strict : construction arrêtée avant « {before} », "
                          "rien n’est publié.")


def run(ctx: Context, steps: list[Step] = STEPS) -> Context:
    """Apply the steps in order; raise :class:`BuildFailed` (French message) on the first failure."""
    for step in steps:
        if step.expensive:
            _stop_if_strict_failed(ctx, step.name)
        start = time.perf_counter()
        try:
            step.run(ctx)
        except (MarkupChanged, ThemeChanged, ScriptError, SearchIndexError) as error:
            raise BuildFailed(f"étape « {step.name} » : {error}") from None
        ctx.timings.append((step.name, time.perf_counter() - start))
    return ctx
