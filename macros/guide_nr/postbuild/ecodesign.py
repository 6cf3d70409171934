"""Post-build stage: measure every page of the built site, offline, and judge it.

For each HTML page: the requests a cold load makes (the page, its stylesheets, scripts,
images, icon and the files its CSS imports), the bytes transferred with gzip (compressed
bodies, HTTP headers excluded), the number of DOM elements and the EcoIndex computed with
the public formula and HTTP Archive quantiles (https://www.ecoindex.fr/comment-ca-marche/).
The ``ecoindex`` Python package is CC BY-NC-ND, so the formula (a dozen lines) lives here.
The browser tests check that these offline figures agree with Chromium's.
"""

from __future__ import annotations

import gzip
import json
import posixpath
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guide_nr import routes
from guide_nr.postbuild.html import HtmlPage, MarkupChanged, SitePages
from guide_nr.templating import render

# -- EcoIndex -------------------------------------------------------------------------

_DOM_QUANTILES = (0, 47, 75, 159, 233, 298, 358, 417, 476, 537, 603, 674, 753, 843, 949, 1076, 1237, 1459, 1801, 2479, 594601)
_REQUEST_QUANTILES = (0, 2, 15, 25, 34, 42, 49, 56, 63, 70, 78, 86, 95, 105, 117, 130, 147, 170, 205, 281, 3920)
_SIZE_KB_QUANTILES = (
    0, 1.37, 144.7, 319.53, 479.46, 631.97, 783.38, 937.91, 1098.62, 1265.47, 1448.32, 1648.27,
    1876.08, 2142.06, 2465.37, 2866.31, 3401.59, 4155.73, 5400.08, 8037.54, 223212.26,
)
_GRADES = (("A", 80), ("B", 70), ("C", 55), ("D", 40), ("E", 25), ("F", 10), ("G", -1))


def _quantile_position(value: float, quantiles: tuple) -> float:
    for index in range(1, len(quantiles)):
        if value < quantiles[index]:
            low, high = quantiles[index - 1], quantiles[index]
            return index - 1 + (value - low) / (high - low)
    return len(quantiles) - 1


def ecoindex(dom: int, requests: int, size_bytes: int) -> float:
    """EcoIndex score (0–100): DOM weighs 3, requests 2, transferred kilobytes 1."""
    q_dom = _quantile_position(dom, _DOM_QUANTILES)
    q_req = _quantile_position(requests, _REQUEST_QUANTILES)
    q_size = _quantile_position(size_bytes / 1024, _SIZE_KB_QUANTILES)
    return round(100 - 5 * (3 * q_dom + 2 * q_req + q_size) / 6, 1)


def grade(score: float) -> str:
    return next(letter for letter, floor in _GRADES if score > floor)


# -- budgets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Budget:
    label: str
    requests: int
    bytes: int  # 1 Ko = 1 000 octets
    dom: int
    grade: str | None = "A"  # None: not judged
    lighter: str = "découpez-la en plusieurs pages, ou écrivez une longue liste en phrases plutôt qu’en éléments"  # what to do when the DOM is over


UNLIMITED = 10**9

#: Elements of a fiche page a fork adds to the guide's: « Notre démarche » and at most
#: ``identity.MENU_MAX`` entries in the menu (two elements each), the commitment box (six). The
#: common guide keeps its fiche pages this much under their budget, so a fork never sees its
#: strict build stop on a page it cannot edit (tests/test_ecodesign.py holds the guide to it).
FORK_ALLOWANCE = 20

BUDGETS = {
    "fiche": Budget("page de fiche", 4, 25_000, 220,
                    lighter="découpez le texte de la fiche ou écrivez une longue liste en phrases ; dans un fork, la marge "
                            f"de {FORK_ALLOWANCE} éléments laissée par le guide couvre « Notre démarche », l’encadré d’engagement "
                            "et 5 entrées de menu : signalez le dépassement aux mainteneurs du guide"),
    "liste": Budget("liste de toutes les fiches", 5, 40_000, 400),
    "page": Budget("autre page (accueil, thème, page rédigée)", 5, 30_000, 300),
    # A fork's pages under demarche/: charter, action plan, maturity, action sheets, annual
    # reports and its own pages. Sized for ten yearly assessments and forty commitments of
    # three actions, and held by design: the plan shows what is open this year and next (the
    # history stays on the sheets and in the reports), each chart is one SVG with one path per
    # series (labels in the table beside it), and lists are one line per item.
    "demarche": Budget("page de la démarche (charte, plan, maturité, fiches action, rapports)",
                       5, 40_000, 400,
                       lighter="une page de pages/ se découpe en plusieurs pages ; une page générée (charte, plan, fiche action, "
                               "rapport) dépasse alors ce que sa conception prévoit (10 évaluations, 40 engagements de 3 actions) : "
                               "signalez-le aux mainteneurs du guide"),
    # « Composer ma charte »: the printable checklist of every fiche (two elements each, ≤ 30 KB
    # without its script) plus the composer's script (≤ 6 KB compressed), tests/test_composer.py.
    # Two elements per fiche, as the catalogue: the same element budget, so a fork with many
    # fiches meets the catalogue's limit first (tested).
    "composeur": Budget("composeur de charte (liste à imprimer et son script)", 5, 36_000, 400,
                        lighter="la liste garde deux éléments par fiche : les colonnes à remplir sont dessinées par la feuille de style"),
    # The whole guide in one document, made to be printed or saved: no size budget, only
    # « no third party, few requests »; its figures are still published. A fork's annual
    # report loads one more file: the organisation's logo on its cover.
    "document": Budget("document à imprimer (guide, charte, rapport annuel)", 4, UNLIMITED, UNLIMITED, grade=None),
}

#: Pages listing every fiche (the catalogue); other types come from the path.
LISTING_PAGES = {routes.built_page(routes.CATALOGUE_PAGE)}


PRINTABLE_PAGES = {routes.PRINT_PAGE, routes.CHARTER_PRINT_PAGE}  # the guide, a fork's charter


def page_type(path: str) -> str:
    if path in PRINTABLE_PAGES or routes.is_report_print_page(path):
        return "document"
    if path.startswith(routes.FICHES_FOLDER + "/") and path.endswith("/index.html"):
        return "fiche"
    if path == routes.built_page(routes.COMPOSER_PAGE):
        return "composeur"
    if path in LISTING_PAGES:
        return "liste"
    if path.startswith(routes.SECTION + "/"):
        return "demarche"
    return "page"


# -- measuring -------------------------------------------------------------------------


@dataclass
class PageMeasure:
    path: str
    type: str
    requests: int
    bytes: int
    dom: int
    ecoindex: float
    grade: str
    resources: list[str]
    external: list[str]

    def over_budget(self) -> list[str]:
        """What exceeds this page type's budget (empty when within)."""
        budget = BUDGETS[self.type]
        faults = []
        if self.requests > budget.requests:
            faults.append(f"{self.requests} requêtes > {budget.requests}")
        if self.bytes > budget.bytes:
            faults.append(f"{self.bytes} octets > {budget.bytes}")
        if self.dom > budget.dom:
            faults.append(f"{self.dom} éléments > {budget.dom}")
        if budget.grade and self.grade > budget.grade:
            faults.append(f"EcoIndex {self.grade} (attendu {budget.grade})")
        if self.external:
            faults.append(f"requêtes vers des tiers : {', '.join(self.external)}")
        return faults

    def budget_report(self) -> list[str]:
        """One French sentence per figure over budget: the page, the figure and its limit, what to do."""
        budget = BUDGETS[self.type]
        where = f"{self.path} ({budget.label})"
        out = []
        if self.requests > budget.requests:
            out.append(f"{where} : {self.requests} requêtes pour {budget.requests} au plus. Chaque fichier qu’elle charge "
                       "(image, script, feuille de style) en est une : retirez-le.")
        if self.bytes > budget.bytes:
            out.append(f"{where} : {self.bytes} octets transférés (gzip) pour {budget.bytes} au plus. Allégez-la : "
                       "moins de texte répété, des images plus légères ou retirées.")
        if self.dom > budget.dom:
            out.append(f"{where} : {self.dom} éléments du DOM pour {budget.dom} au plus (le menu et l’en-tête en comptent "
                       f"une centaine). À faire : {budget.lighter}.")
        if budget.grade and self.grade > budget.grade:
            out.append(f"{where} : EcoIndex {self.grade} ({self.ecoindex:.1f}) pour {budget.grade} attendu ; "
                       "il suit surtout le nombre d’éléments.")
        if self.external:
            out.append(f"{where} : requêtes vers d’autres sites ({', '.join(self.external)}), aucune n’est admise. "
                       "Copiez le fichier dans le site ou retirez-le.")
        return out


class _PageParser:
    """Elements of a page (their count and the files they load), from the post-build steps'
    one tokenization of the page (guide_nr.postbuild.html)."""

    def __init__(self, page: HtmlPage):
        self.elements = page.element_count  # the kept elements and the ones dropped once read
        self.resources: list[str] = []
        self.icon: str | None = None
        self.tags: set[str] = set(page.tags) | {e.name for e in page.elements}
        for element in page.elements:
            if element.name in LOADING_TAGS:
                self._inspect(element.name, element.attrs)

    def _inspect(self, tag: str, a: dict[str, str]) -> None:
        rel = (a.get("rel") or "").lower().split()
        if tag == "link" and a.get("href"):
            if "stylesheet" in rel or "preload" in rel or "modulepreload" in rel:
                self.resources.append(a["href"])
            elif "icon" in rel and self.icon is None:
                self.icon = a["href"]
        elif tag in ("script", "img", "iframe", "embed", "audio", "video", "source") and a.get("src"):
            self.resources.append(a["src"])
        elif tag == "object" and a.get("data"):
            self.resources.append(a["data"])


#: Elements that make a browser load a file: the post-build steps keep them after reading a page.
LOADING_TAGS = frozenset({"link", "script", "img", "iframe", "embed", "audio", "video", "source", "object"})


_CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)|@import\s+['\"]([^'\"]+)['\"]")


def _gzip_size(path: Path, cache: dict) -> int:
    if path not in cache:
        cache[path] = len(gzip.compress(path.read_bytes(), compresslevel=6, mtime=0))
    return cache[path]


def _resolve(site: Path, page_path: str, url: str) -> tuple[Path | None, str | None]:
    """Local file for a URL found in ``page_path``, or the external origin it targets."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "javascript", "mailto", "tel"):
        return None, None
    if parts.scheme or url.startswith("//"):
        return None, f"{parts.scheme or 'https'}://{parts.netloc}"
    base = posixpath.dirname(page_path)
    target = posixpath.normpath(posixpath.join(base, unquote(parts.path))) if not parts.path.startswith("/") else parts.path.lstrip("/")
    file = site / target
    if file.is_dir():
        file = file / routes.DIRECTORY_INDEX
    return file, None


def measure_page(site: Path, path: str, cache: dict | None = None, page: HtmlPage | None = None) -> PageMeasure:
    """Measure one built page (``page``: its text as the post-build steps hold it, else read from the site)."""
    cache = {} if cache is None else cache
    page = page or HtmlPage(path, (site / path).read_text(encoding="utf-8"))
    page.commit()
    parser = _PageParser(page)
    implied = sum(1 for tag in ("html", "head", "body") if tag not in parser.tags)
    urls = parser.resources + [parser.icon or "/favicon.ico"]
    seen: list[Path] = []
    external: list[str] = []
    total = len(gzip.compress(page.data, compresslevel=6, mtime=0))
    queue = [(path, url) for url in urls]
    while queue:
        origin, url = queue.pop(0)
        file, outside = _resolve(site, origin, url)
        if outside:
            external.append(outside)
            continue
        if file is None or file in seen:
            continue
        seen.append(file)
        if not file.is_file():
            continue  # a 404 still costs a request; the link checker reports it
        total += _gzip_size(file, cache)
        if file.suffix == ".css":
            relative = file.relative_to(site).as_posix()
            for match in _CSS_URL.finditer(file.read_text(encoding="utf-8")):
                queue.append((relative, match.group(1) or match.group(2)))
    requests = 1 + len(seen) + len(external)
    dom = parser.elements + implied
    score = ecoindex(dom, requests, total)
    return PageMeasure(
        path=path, type=page_type(path), requests=requests, bytes=total, dom=dom,
        ecoindex=score, grade=grade(score),
        resources=[f.relative_to(site).as_posix() for f in seen], external=sorted(set(external)),
    )


def html_pages(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html"))


def measure_site(site: Path, pages: SitePages | None = None) -> list[PageMeasure]:
    cache: dict = {}
    if pages is None:
        return [measure_page(site, path, cache) for path in html_pages(site)]
    measures = []
    for page in sorted(pages, key=lambda p: p.path):
        measures.append(measure_page(site, page.path, cache, page))
        page.pack()
    return measures


# -- the statement ------------------------------------------------------------------------

STATEMENT_JSON = routes.STATEMENT_DATA
STATEMENT_ID = "mesures-ecoconception"  # the <div> of docs/ecoconception.md that receives the figures


def _ko(value: float) -> str:
    return f"{value / 1000:.1f}".replace(".", ",") + "\u202fKo"


def _number(value: float, digits: int = 0) -> str:
    text = f"{value:,.{digits}f}".replace(",", "\u202f").replace(".", ",")
    return text


def _limit(value: int, shown: Callable[[int], str]) -> str:
    return f" (≤ {shown(value)})" if value < UNLIMITED else ""


def summary(measures: list[PageMeasure]) -> dict:
    by_type = {}
    for kind in BUDGETS:
        pages = [m for m in measures if m.type == kind]
        if pages:
            by_type[kind] = {
                "pages": len(pages),
                "requests_avg": sum(m.requests for m in pages) / len(pages),
                "bytes_avg": sum(m.bytes for m in pages) / len(pages),
                "dom_avg": sum(m.dom for m in pages) / len(pages),
                "ecoindex_avg": sum(m.ecoindex for m in pages) / len(pages),
                "worst": min(pages, key=lambda m: m.ecoindex).path,
                "within_budget": sum(1 for m in pages if not m.over_budget()),
            }
    return {
        "pages": len(measures),
        "ecoindex_avg": round(sum(m.ecoindex for m in measures) / len(measures), 1),
        "bytes_avg": round(sum(m.bytes for m in measures) / len(measures)),
        "worst": asdict(min(measures, key=lambda m: m.ecoindex)),
        "heaviest": asdict(max(measures, key=lambda m: m.bytes)),
        "by_type": by_type,
    }


def statement_html(measures: list[PageMeasure], link_prefix: str) -> str:
    """HTML tables of the measured figures, for the « Déclaration d’écoconception » page."""
    data = summary(measures)
    worst = data["worst"]
    rows = []
    for kind, figures in data["by_type"].items():
        budget = BUDGETS[kind]
        rows.append({
            "label": budget.label, "pages": figures["pages"],
            "requests": f"{_number(figures['requests_avg'], 1)} (≤ {budget.requests})",
            "bytes": f"{_ko(figures['bytes_avg'])}{_limit(budget.bytes, _ko)}",
            "dom": f"{_number(figures['dom_avg'])}{_limit(budget.dom, str)}",
            "ecoindex": _number(figures["ecoindex_avg"], 1),
            "within": f"{figures['within_budget']} / {figures['pages']}",
        })
    return render(
        "ecodesign_statement.html", pages=data["pages"], ecoindex=_number(data["ecoindex_avg"], 1), weight=_ko(data["bytes_avg"]),
        within=sum(1 for m in measures if not m.over_budget()), rows=rows, prefix=link_prefix, data_file=STATEMENT_JSON,
        worst={**worst, "bytes": _ko(worst["bytes"]), "ecoindex": _number(worst["ecoindex"], 1)},
    ).rstrip("\n")


def write_statement(site: Path, statement_page: str, pages: SitePages | None = None) -> list[PageMeasure]:
    """Measure the site, fill the statement page's figures and write ``ecoconception.json``.

    The statement page is measured again once its figures are in, so that its own line is
    exact too (its size changes by a few bytes at most between the two passes). A statement
    page without its ``<div id="mesures-ecoconception">`` is an error: its figures would be missing.
    """
    pages = pages if pages is not None else SitePages(site)
    prefix = posixpath.relpath(".", posixpath.dirname(statement_page) or ".") + "/"
    prefix = "" if prefix == "./" else prefix
    measures = measure_site(site, pages)
    page = pages.get(statement_page)
    if page is not None:
        for _ in range(2):
            marker = page.find("div", id=STATEMENT_ID)
            if len(marker) != 1:
                raise MarkupChanged(f"{statement_page} : {len(marker)} bloc(s) <div id=\"{STATEMENT_ID}\"> au lieu d’un : "
                                    "les mesures d’écoconception n’auraient nulle part où s’afficher.")
            figures = statement_html(measures, prefix)
            page.replace_element(marker[0], figures)
            page.reread()  # counted again whole: the figures replace elements that were not kept
            measures = [measure_page(site, m.path, page=page) if m.path == statement_page else m for m in measures]
        pages.write()
    document = {
        "methode": "Mesure hors navigateur du site construit : requêtes d’un chargement à froid, octets transférés "
                   "compressés par gzip (niveau 6, en-têtes HTTP exclus), éléments du DOM, EcoIndex (formule publique, quantiles HTTP Archive).",
        "budgets": {kind: asdict(budget) for kind, budget in BUDGETS.items()},
        "resume": summary(measures),
        "pages": [asdict(m) for m in measures],
    }
    (site / STATEMENT_JSON).write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return measures
