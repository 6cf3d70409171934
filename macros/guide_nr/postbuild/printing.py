"""Post-build stage: the printable guide — one HTML document, then a tagged greyscale PDF.

The print page is composed from the pages just built (so the text is exactly the site's):
cover, table of contents, « À propos », each theme's introduction followed by its fiches,
the glossary. Ids are prefixed per section and links are rewritten: to an in-document anchor
when the target is part of the document, to the published address (``site_url``) otherwise,
or to plain text when there is none. WeasyPrint turns it into an A4 PDF/UA-1 document with
page numbers, running headers and a table of contents with page numbers. Colours are a grey
palette (WeasyPrint ignores CSS filters), verified by the tests on the rasterised pages.

The guide's cover names its edition — the latest release recorded in ``fiches/_releases.json``
(version and date, never the build date) and the published address when there is one — and
the print stylesheet repeats it in the footer of every page (``string-set`` on the cover's
values, marked by the ``Fact.key`` classes).
"""

from __future__ import annotations

import datetime as _dt
import html
import logging
import posixpath
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

from markupsafe import Markup

from guide_nr import routes
from guide_nr.model.charter import Charter
from guide_nr.model.guide import Guide
from guide_nr.pages.common import PDF_SIZE_MARKER
from guide_nr.pages.organisation import charter_date
from guide_nr.pages.report import report_of, report_title, report_years, year_state
from guide_nr.pages.site import print_logo_file
from guide_nr.postbuild.html import Element, HtmlPage, MarkupChanged, SitePages, splice, start_tag
from guide_nr.routes import (
    CHARTER_PAGE,
    CHARTER_PDF_FILE,
    CHARTER_PRINT_PAGE,
    MATURITY_PAGE,
    PDF_FILE,
    PLAN_PAGE,
    PRINT_PAGE,
    PRINT_STYLESHEET,
    built_page,
    sheet_page,
)
from guide_nr.templating import render
from guide_nr.text import french_date

log = logging.getLogger("guide_nr.pdf")


@dataclass(frozen=True)
class Part:
    key: str  # section id in the document
    source: str  # built page, relative to the site (``fiches/a.1/index.html``)
    kind: str  # about | theme | fiche | glossary
    title: str


def parts(guide: Guide) -> list[Part]:
    """The document's sections in reading order."""
    out = [Part("a-propos", built_page(routes.ABOUT_PAGE), "about", "À propos du guide")]
    for theme in guide.themes:
        out.append(Part(f"theme-{theme.id}", built_page(routes.theme_page(theme.id)), "theme", theme.title))
        for fiche in guide.fiches_of(theme.id):
            out.append(Part(f"fiche-{fiche.id}", built_page(fiche.page_path), "fiche", f"{fiche.id} {fiche.title}"))
    out.append(Part("glossaire", built_page(routes.GLOSSARY_PAGE), "glossary", "Glossaire"))
    return out


class _Rewriter:
    def __init__(self, parts_: list[Part], site_url: str | None):
        self.by_url = {routes.url_path(p.source): p for p in parts_}
        self.site_url = site_url.rstrip("/") + "/" if site_url else None

    def target(self, part: Part, href: str) -> str | None:
        """New href for a link of ``part``; None means « keep the text, drop the link »."""
        parts = urlsplit(href)
        if parts.scheme in ("http", "https", "mailto", "tel"):
            return href
        if parts.scheme:
            return None
        if not parts.path:  # same-page anchor
            return f"#{part.key}--{parts.fragment}" if parts.fragment else f"#{part.key}"
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(routes.url_path(part.source)), unquote(parts.path)))
        resolved = "" if resolved == "." else resolved
        key = resolved.rstrip("/") + "/" if resolved and not resolved.endswith((".html", ".pdf", ".json", ".svg", ".css", ".js")) else resolved
        target = self.by_url.get(key)
        if target is not None:
            return f"#{target.key}--{parts.fragment}" if parts.fragment else f"#{target.key}"
        if self.site_url:
            return urljoin(self.site_url, key) + (f"#{parts.fragment}" if parts.fragment else "")
        return None


_HEADINGS = {"h1", "h2", "h3", "h4", "h5"}


def _wrapper(inside: list[Element], element: Element) -> Element | None:
    """The block the pages stage wrapped around a section to keep it out of the search index
    (``<div data-pagefind-ignore>`` starting right before the section's heading), if any."""
    before = [e for e in inside if e.start < element.start and e.end is not None and e.end >= (element.end or element.start_end)]
    box = before[-1] if before else None
    return box if box is not None and box.name == "div" and "data-pagefind-ignore" in box.attrs else None


def _article(page: HtmlPage | None, part: Part, rewriter: _Rewriter) -> str:
    """The inner HTML of a built page's article, ready to sit in the one-document guide.

    Read from the page's tokens (guide_nr.postbuild.html); the page itself is not changed.
    On paper there is no site navigation (« Dans le thème », print and composer links); ids are prefixed
    with the section's key; links point inside the document, to the published address, or
    become plain text; a fiche's headings go one level down (it is a sub-section of its theme).
    """
    articles = [e for e in page.elements if e.name == "article"] if page is not None else []
    article = articles[0] if len(articles) == 1 else None
    if page is None or article is None or article.content_end is None:
        raise MarkupChanged(f"{part.source} : un seul <article> attendu pour la version imprimable, {len(articles)} trouvé(s)")
    end = article.content_end
    inside = [e for e in page.elements if article.start_end <= e.start < end]
    edits: list[tuple[int, int, str]] = []
    for index, element in enumerate(inside):
        if element.name == "h2" and element.attrs.get("id") == "dans-le-theme":
            listing = next((e for e in inside[index + 1:] if e.start >= (element.end or end)), None)
            if listing is None or listing.name != "ul" or listing.end is None:
                raise MarkupChanged(f"{part.source} : la liste « Dans le thème » n’est pas une liste <ul> après son titre")
            box = _wrapper(inside, element)
            edits.append((box.start, box.end, "") if box is not None and box.end is not None else (element.start, listing.end, ""))
        elif (element.name == "p" and (element.has_class("imprimer") or element.has_class("ajouter-charte"))
              or element.name == "nav" and element.has_class("fil-ariane")) \
                and element.end is not None:
            edits.append((element.start, element.end, ""))
    if part.kind == "theme":  # the theme's fiche list is replaced by the fiches themselves
        listing = next((e for e in inside if e.name == "h2" and e.attrs.get("id") == "fiches"), None)
        box = _wrapper(inside, listing) if listing is not None else None
        end = (box or listing).start if listing is not None else end
    removed = list(edits)
    for element in inside:
        if element.start >= end or any(start <= element.start < stop for start, stop, _ in removed):
            continue
        name, attributes, changed = element.name, dict(element.attrs), False
        for key in ("id", "for", "aria-labelledby", "aria-describedby"):  # ids, and the references to them
            if key in attributes:
                attributes[key] = " ".join(f"{part.key}--{value}" for value in attributes[key].split())
                changed = True
        if name == "a" and "href" in attributes:
            href = rewriter.target(part, attributes["href"])
            if href is None:  # keep the text, drop the link
                if element.content_end is None or element.end is None:
                    raise MarkupChanged(f"{part.source} : lien <a> sans fin")
                edits += [(element.start, element.start_end, ""), (element.content_end, element.end, "")]
                continue
            attributes["href"], changed = href, True
        if part.kind == "fiche" and name in _HEADINGS:
            name, changed = f"h{int(name[1]) + 1}", True
            if element.content_end is not None and element.end is not None:
                edits.append((element.content_end, element.end, f"</{name}>"))
        if changed:
            edits.append((element.start, element.start_end, start_tag(name, attributes)))
    return splice(page.text, article.start_end, end, edits)


@dataclass(frozen=True)
class Fact:
    """One line of a cover's list; ``key`` (a class of its value) names the lines the print
    stylesheet repeats in every page's footer: ``version``, ``date``, ``adresse``."""

    term: str
    value: str
    key: str = ""


def edition_facts(guide: Guide, version: str) -> list[Fact]:
    """Which guide a printed copy is: the version and date of the latest release recorded in
    ``fiches/_releases.json``; before any release, the configured version, said unpublished."""
    if not guide.releases:
        return [Fact("Version", f"{version} (pas encore publiée)", "version")]
    latest = guide.releases[-1]
    return [Fact("Version", latest.version, "version"),
            Fact("Date de publication", french_date(_dt.date.fromisoformat(latest.date)), "date")]


@dataclass(frozen=True)
class Document:
    """A printable document: its print page, its PDF and its sections in reading order."""

    print_page: str  # ``imprimer/index.html``
    pdf_file: str
    title: str
    subtitle: str  # « Version imprimable — 59 fiches »
    description: str
    parts: list[Part]
    facts: list[Fact]  # the cover's list (version, date, licence…); the address is added when composed
    back_label: str = "Retour au guide en ligne"
    author: str = "MiNumEco et Institut du Numérique Responsable (structure et faits) ; contributeurs de Guide NR"
    logo: str | None = None  # an image of the site shown on the cover (a fork's logo in greys)
    logo_alt: str = ""
    adoption: tuple[Fact, ...] = ()  # a charter's adoption: date, body, reference (cover)
    signatories: tuple[tuple[str, str], ...] = ()  # (name, role): a signature line each (cover)

    @property
    def root(self) -> str:
        return "../" * self.print_page.count("/")


def guide_document(guide: Guide, *, title: str, version: str, licence: str) -> Document:
    """The whole guide: about, themes and their fiches, glossary. Its cover names the latest
    release (``version``, the configured one, is shown only before the first release)."""
    count = len(guide.fiches)
    return Document(
        PRINT_PAGE, PDF_FILE, title, f"Version imprimable — {count} fiches",
        f"Le guide complet en un seul document : {count} fiches, à imprimer ou à télécharger en PDF.",
        parts(guide),
        [*edition_facts(guide, version), Fact("Licence", licence),
         Fact("Structure et faits", "MiNumEco et Institut du Numérique Responsable (INR)")],
    )


def charter_document(guide: Guide, charter: Charter, *, licence: str) -> Document:
    """An organisation's charter: a cover of its own (logo in greys, the charter's heading with
    the organisation's name, the version in force and its date — never the build date —, the
    adoption, a signature line for each signatory), then the charter, the action plan, one
    action sheet per retained commitment and the maturity."""
    naming = guide.organisation.naming
    sections = [Part("charte", built_page(CHARTER_PAGE), "charter", charter.heading),
                Part("plan-action", built_page(PLAN_PAGE), "charter", "Plan d’action")]
    for commitment in charter.retained:  # « non retenue »: no sheet
        fiche = guide.fiche(commitment.fiche)
        title = f"Fiche action {fiche.id} : {commitment.lever} (fiche du guide : {fiche.title})" if commitment.lever \
            else f"Fiche action {fiche.id} : {fiche.title}"
        sections.append(Part(f"fiche-action-{fiche.id}", built_page(sheet_page(fiche.id)), "sheet", title))
    if guide.organisation.maturity is not None:
        sections.append(Part("maturite", built_page(MATURITY_PAGE), "charter", "Maturité numérique responsable"))
    count = len(charter.retained)
    version, when = charter.current_version, charter_date(charter)
    facts = [Fact("Organisation", naming.name)]
    if version:
        facts.append(Fact("Version", version, "version"))
    if when:  # the footer reads « Version 2 du 25 juin 2026 »: the date is repeated only after a version
        facts.append(Fact("Date", french_date(when), "date" if version else ""))
    facts += [Fact("Version du guide", charter.guide_version), Fact("Licence", licence)]
    adoption = charter.adoption
    return Document(
        CHARTER_PRINT_PAGE, CHARTER_PDF_FILE, charter.full_title(naming.of_name),
        f"Charte, plan d’action et {count} fiche{'s' if count > 1 else ''} action",
        f"La charte {naming.of_name} en un seul document : {count} engagements, à imprimer ou à télécharger en PDF.",
        sections, facts,
        back_label="Retour au site",
        author=naming.name,
        logo=print_logo_file(guide), logo_alt=f"Logo {naming.of_name}",
        adoption=() if adoption is None else (
            Fact("Adoptée le", french_date(adoption.date)), Fact("Par", adoption.body),
            *((Fact("Référence", adoption.reference),) if adoption.reference else ())),
        signatories=tuple((s.name, s.role) for s in charter.signatories),
    )


def report_documents(guide: Guide, *, licence: str) -> list[Document]:
    """A fork's annual reports, one document per reporting year: its cover names the
    organisation with its logo and the year; the build date only for a year in progress."""
    out = []
    name = guide.organisation.name
    for year in report_years(guide):
        report = report_of(guide, year)
        facts = [Fact("Organisation", name), Fact("Année", f"{year} ({year_state(report)})")]
        if not report.final:
            assert report.as_of is not None
            facts.append(Fact("État au", f"{french_date(report.as_of)} (rapport provisoire)"))
        facts.append(Fact("Licence", licence))
        out.append(Document(
            routes.report_print_page(year), routes.report_pdf_file(year), f"{report_title(year)} — {name}",
            "Numérique responsable : ce qui a été fait, ce qui reste à faire", f"Le rapport annuel {year} {guide.organisation.naming.of_name}, à imprimer ou à télécharger en PDF.",
            [Part(f"rapport-{year}", built_page(routes.report_page(year)), "report", report_title(year))], facts,
            back_label="Retour au site", author=name, logo=print_logo_file(guide), logo_alt=f"Logo {guide.organisation.naming.of_name}",
        ))
    return out


def documents(guide: Guide, *, title: str, version: str, licence: str) -> list[Document]:
    """Every printable document of the site: the guide, and a fork's charter and annual reports if it has them."""
    out = [guide_document(guide, title=title, version=version, licence=licence)]
    if guide.organisation.charter is not None:
        out.append(charter_document(guide, guide.organisation.charter, licence=licence))
        out += report_documents(guide, licence=licence)
    return out


class Fragments:
    """The articles of the pages a printable document is made of, taken while each built page
    is read (its elements are dropped afterwards), ready to be composed."""

    def __init__(self, documents: list[Document], site_url: str | None):
        self.site_url = site_url
        self.wanted: dict[str, tuple[Part, _Rewriter]] = {}
        for document in documents:
            rewriter = _Rewriter(document.parts, site_url)
            for part in document.parts:
                self.wanted[part.source] = (part, rewriter)
        self.taken: dict[str, str] = {}

    def collect(self, page: HtmlPage) -> None:
        if page.path in self.wanted:
            part, rewriter = self.wanted[page.path]
            self.taken[page.path] = _article(page, part, rewriter)

    def article(self, part: Part) -> str:
        if part.source not in self.taken:
            raise MarkupChanged(f"{part.source} : page absente, impossible de composer la version imprimable")
        return self.taken[part.source]


def compose(fragments: Fragments, document: Document) -> str:
    """A printable document as one HTML page (written to ``document.print_page``)."""
    toc: list[dict] = []
    sections = []
    for part in document.parts:
        inner = fragments.article(part)  # the built pages' own HTML, already sanitized and checked
        sections.append({"key": part.key, "css": {"theme": "theme", "fiche": "fiche"}.get(part.kind, "partie"), "html": Markup(inner)})
        entry = {"key": part.key, "title": part.title, "children": []}
        if part.kind == "fiche":
            toc[-1]["children"].append(entry)
        else:
            toc.append(entry)
    facts = list(document.facts)
    address = fragments.site_url if fragments.site_url and urlsplit(fragments.site_url).scheme in ("http", "https") else None
    if address and any(fact.key == "version" for fact in facts):  # the guide's published address, after its edition
        after = max(index for index, fact in enumerate(facts) if fact.key in ("version", "date")) + 1
        facts.insert(after, Fact("En ligne", address, "adresse"))
    return render("print_document.html", document=document, facts=facts, root=document.root, toc=toc, sections=sections,
                  stylesheet=PRINT_STYLESHEET, favicon=routes.FAVICON, pdf_marker=PDF_SIZE_MARKER)


def add_print_page(pages: SitePages, fragments: Fragments, document: Document) -> HtmlPage:
    """Compose the document and write it (the PDF is rendered from the file)."""
    page = pages.add(document.print_page, compose(fragments, document))
    target = pages.site / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.text, encoding="utf-8")
    return page


@dataclass(frozen=True)
class PdfResult:
    path: Path
    pages: int
    seconds: float
    bookmarks: tuple[str, ...]  # every heading of the PDF's outline, for the output guard
    refused: tuple[str, ...] = ()  # addresses the layout asked for outside the site (not fetched)


def _labels(tree: list[Any]) -> list[str]:
    out = []
    for label, _target, children, *_ in tree:
        out.append(" ".join(label.split()))
        out += _labels(children)
    return out


def write_pdf(site: Path, printable: Document) -> PdfResult:
    """Render the print page to a tagged PDF (PDF/UA-1), with progress in the build log."""
    from weasyprint import HTML  # imported here: only the PDF step needs WeasyPrint and Pango

    from guide_nr.postbuild.pdf_fetcher import SiteOnlyFetcher

    start = time.monotonic()
    source = site / printable.print_page
    log.info(f"PDF {printable.pdf_file} : mise en page du document…")
    fetcher = SiteOnlyFetcher(site)
    document = HTML(filename=str(source), base_url=str(source), url_fetcher=fetcher).render()
    log.info(f"PDF {printable.pdf_file} : {len(document.pages)} pages, écriture du fichier…")
    target = site / printable.pdf_file
    document.write_pdf(target, pdf_variant="pdf/ua-1")
    return PdfResult(target, len(document.pages), time.monotonic() - start, tuple(_labels(document.make_bookmark_tree())),
                     tuple(dict.fromkeys(fetcher.refused)))


def size_label(size: int) -> str:
    """« PDF, 1,2 Mo » in French, from a size in bytes."""
    if size >= 1_000_000:
        return f"PDF, {size / 1_000_000:.1f} Mo".replace(".", ",")
    return f"PDF, {max(1, round(size / 1000))} Ko"


def label_pdf_links(pages: SitePages, labels: dict[str, str] | None) -> int:
    """Write each PDF's size (``labels``: file name → « PDF, 1,2 Mo ») into every link marked
    ``data-taille-pdf``; without PDFs (preview), replace the links by a short note. Returns the
    number of links; a marked link that is not a plain ``<a>`` with text is an error."""
    count = 0
    for page in pages:
        for link in [e for e in page.elements if PDF_SIZE_MARKER in e.attrs]:
            inner = page.text[link.start_end:link.content_end] if link.content_end is not None else None
            if link.name != "a" or inner is None or "<" in inner:
                raise MarkupChanged(f"{page.path} : lien vers un PDF ({PDF_SIZE_MARKER}) qui n’est pas un simple <a> avec du texte")
            name = posixpath.basename(urlsplit(link.attrs.get("href", "")).path)
            label = (labels or {}).get(name)
            if labels is not None and label is None:
                raise MarkupChanged(f"{page.path} : lien « {link.attrs.get('href', '')} » marqué {PDF_SIZE_MARKER} vers un PDF que la "
                                    f"construction ne produit pas (PDF produits : {', '.join(sorted(labels))}).")
            if label is None:
                page.replace_element(link, "PDF non généré en prévisualisation")
            else:
                page.replace_content(link, f"{html.escape(html.unescape(inner).split(' (')[0], quote=False)} ({label})")
            count += 1
    return count
