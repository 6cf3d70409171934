"""Post-build stage: the printable guide — one HTML document, then a tagged greyscale PDF.

The print page is composed from the pages just built (so the text is exactly the site's):
cover, table of contents, « À propos », each theme's introduction followed by its fiches,
the glossary. Ids are prefixed per section and links are rewritten: to an in-document anchor
when the target is part of the document, to the published address (``site_url``) otherwise,
or to plain text when there is none. WeasyPrint turns it into an A4 PDF/UA-1 document with
page numbers, running headers and a table of contents with page numbers. Colours are a grey
palette (WeasyPrint ignores CSS filters), verified by the tests on the rasterised pages.
"""

from __future__ import annotations

import datetime as _dt
import html
import logging
import posixpath
import re
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
from guide_nr.postbuild.html import MarkupChanged, SitePages
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


_ARTICLE = re.compile(r"<article\b[^>]*>(.*)</article>", re.DOTALL)
_IN_THEME_NAV = re.compile(r'<h2 id="dans-le-theme">.*?</h2>\s*<ul>.*?</ul>', re.DOTALL)
_PRINT_LINKS = re.compile(r'<p class="imprimer">.*?</p>', re.DOTALL)
_ID_OR_FOR = re.compile(r'(\s(?:id|for))="([^"]*)"')
_LINK = re.compile(r'<a\b([^>]*?)\shref="([^"]*)"([^>]*)>(.*?)</a>', re.DOTALL)
_HEADING = re.compile(r"<(/?)h([1-5])\b")


def _article(pages: SitePages, part: Part, rewriter: _Rewriter) -> str:
    """The inner HTML of a built page's article, ready to sit in the one-document guide.

    Regular expressions rather than an HTML parser: the input is MkDocs' own regular output
    (text and attribute values escaped), and a 3 000-fiche guide is composed 5 times faster.
    """
    page = pages.get(part.source)
    match = _ARTICLE.search(page.text) if page is not None else None
    if match is None:
        raise FileNotFoundError(f"{part.source} : contenu introuvable pour la version imprimable")
    inner = _PRINT_LINKS.sub("", _IN_THEME_NAV.sub("", match.group(1)))  # on paper, no site navigation
    if part.kind == "theme":  # the theme's fiche list is replaced by the fiches themselves
        listing = inner.find('<h2 id="fiches"')
        inner = inner[:listing] if listing >= 0 else inner
    inner = _ID_OR_FOR.sub(lambda m: f'{m.group(1)}="{part.key}--{m.group(2)}"', inner)

    def relink(m: re.Match[str]) -> str:
        href = rewriter.target(part, html.unescape(m.group(2)))
        return m.group(4) if href is None else f'<a{m.group(1)} href="{html.escape(href)}"{m.group(3)}>{m.group(4)}</a>'

    inner = _LINK.sub(relink, inner)
    if part.kind == "fiche":  # a fiche is a sub-section of its theme: one heading level down
        inner = _HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}", inner)
    return inner


@dataclass(frozen=True)
class Document:
    """A printable document: its print page, its PDF and its sections in reading order."""

    print_page: str  # ``imprimer/index.html``
    pdf_file: str
    title: str
    subtitle: str  # « Version imprimable — 59 fiches »
    description: str
    parts: list[Part]
    facts: list[tuple[str, str]]  # the cover's list (version, date, licence…)
    back_label: str = "Retour au guide en ligne"
    author: str = "MiNumEco et Institut du Numérique Responsable (structure et faits) ; contributeurs de Guide NR"

    @property
    def root(self) -> str:
        return "../" * self.print_page.count("/")


def guide_document(guide: Guide, *, title: str, version: str, licence: str) -> Document:
    """The whole guide: about, themes and their fiches, glossary."""
    count = len(guide.fiches)
    return Document(
        PRINT_PAGE, PDF_FILE, title, f"Version imprimable — {count} fiches",
        f"Le guide complet en un seul document : {count} fiches, à imprimer ou à télécharger en PDF.",
        parts(guide),
        [("Version", version), ("Date", french_date(_dt.date.today())), ("Licence", licence),
         ("Structure et faits", "MiNumEco et Institut du Numérique Responsable (INR)")],
    )


def charter_document(guide: Guide, charter: Charter, *, licence: str) -> Document:
    """An organisation's charter: charter, action plan, one action sheet per commitment, maturity."""
    sections = [Part("charte", built_page(CHARTER_PAGE), "charter", "Notre charte"),
                Part("plan-action", built_page(PLAN_PAGE), "charter", "Plan d’action")]
    for commitment in charter.commitments:
        lever = commitment.lever or guide.fiche(commitment.fiche).title
        sections.append(Part(f"fiche-action-{commitment.fiche}", built_page(sheet_page(commitment.fiche)), "sheet",
                             f"Fiche action {commitment.fiche} : {lever}"))
    if guide.organisation.maturity is not None:
        sections.append(Part("maturite", built_page(MATURITY_PAGE), "charter", "Maturité numérique responsable"))
    count = len(charter.commitments)
    return Document(
        CHARTER_PRINT_PAGE, CHARTER_PDF_FILE, f"Charte numérique responsable — {charter.organisation}",
        f"Charte, plan d’action et {count} fiches action",
        f"La charte de {charter.organisation} en un seul document : {count} engagements, à imprimer ou à télécharger en PDF.",
        sections,
        [("Organisation", charter.organisation), ("Version du guide", charter.guide_version),
         ("Date", french_date(_dt.date.today())), ("Licence", licence)],
        back_label="Retour au site",
        author=charter.organisation,
    )


def documents(guide: Guide, *, title: str, version: str, licence: str) -> list[Document]:
    """Every printable document of the site: the guide, and a fork's charter if it has one."""
    out = [guide_document(guide, title=title, version=version, licence=licence)]
    if guide.organisation.charter is not None:
        out.append(charter_document(guide, guide.organisation.charter, licence=licence))
    return out


def compose(pages: SitePages, document: Document, *, site_url: str | None) -> str:
    """A printable document as one HTML page (written to ``document.print_page``)."""
    rewriter = _Rewriter(document.parts, site_url)
    toc: list[dict] = []
    sections = []
    for part in document.parts:
        inner = _article(pages, part, rewriter)  # the built pages' own HTML, already sanitized and checked
        sections.append({"key": part.key, "css": {"theme": "theme", "fiche": "fiche"}.get(part.kind, "partie"), "html": Markup(inner)})
        entry = {"key": part.key, "title": part.title, "children": []}
        if part.kind == "fiche":
            toc[-1]["children"].append(entry)
        else:
            toc.append(entry)
    return render("print_document.html", document=document, root=document.root, toc=toc, sections=sections,
                  stylesheet=PRINT_STYLESHEET, favicon=routes.FAVICON, pdf_marker=PDF_SIZE_MARKER)


def add_print_page(pages: SitePages, document: Document, *, site_url: str | None) -> Path:
    """Compose the document from the built pages and write it (the PDF is rendered from the file)."""
    page = pages.add(document.print_page, compose(pages, document, site_url=site_url))
    target = pages.site / page.path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(page.text, encoding="utf-8")
    return target


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
            if label is None:
                page.replace_element(link, "PDF non généré en prévisualisation")
            else:
                page.replace_content(link, f"{html.escape(html.unescape(inner).split(' (')[0], quote=False)} ({label})")
            count += 1
    return count
