"""The printable guide: one HTML document and a tagged greyscale PDF, checked for real."""

import datetime
import json
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from conftest import guide_build
from guide_nr.postbuild.printing import parts, size_label
from guide_nr.postbuild.typography import french_text
from guide_nr.routes import PDF_FILE, PRINT_PAGE
from guide_nr.sources.project import load_project
from guide_nr.text import french_date
from support.browser import GREY_CHECK
from support.pdf import PrintedPage, coloured_pages, printed_pages

REPO = Path(__file__).resolve().parent.parent


def site_name() -> str:
    """The site's name as the build prints it: a fork's own (organisation.yml), else mkdocs.yml's."""
    project = load_project(REPO)
    identity = project.load().organisation.identity
    return identity.site_name if identity is not None and identity.site_name else project.config["site_name"]


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


@pytest.fixture(scope="module")
def document(built_site):
    return BeautifulSoup((built_site / PRINT_PAGE).read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def pdf(built_site):
    return built_site / PDF_FILE


def run(*command) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=600).stdout


def test_print_page_holds_the_whole_guide_in_reading_order(document, guide):
    sections = [s["id"] for s in document.select("article > section[id]")]
    assert sections == [p.key for p in parts(guide)]
    assert sections[0] == "a-propos" and sections[-1] == "glossaire"
    assert [s["id"][len("fiche-"):] for s in document.select("section.fiche")] == [f.id for f in guide.fiches]
    assert document.select_one(".couverture h1").get_text() == site_name()
    cover = document.select_one(".couverture").get_text()
    assert "Version" in cover and "Licence Ouverte / Etalab 2.0" in cover
    for fiche in guide.fiches:
        section = document.find(id=f"fiche-{fiche.id}")
        assert section.h2.get_text() == french_text(fiche.title)  # as readers see it
        assert section.find(id=f"fiche-{fiche.id}--indicateurs") is not None
        assert (section.find(id=f"fiche-{fiche.id}--retours-experience") is not None) == bool(fiche.feedback)
    assert document.find(id="glossaire--pue") is not None
    assert document.select("p.imprimer") == [] and not document.find(id=re.compile("dans-le-theme"))


def test_print_page_links_stay_inside_the_document(document):
    ids = [tag["id"] for tag in document.find_all(id=True)]
    assert len(ids) == len(set(ids)), "identifiants en double"
    outside = []
    for link in document.select("article a[href]"):
        href = link["href"]
        if href.startswith("#"):
            if href[1:] not in ids:
                outside.append(f"ancre absente : {href}")
        elif not href.startswith(("http://", "https://", "mailto:")):
            outside.append(f"lien vers une page du site : {href}")
    assert outside == []
    toc = [a["href"] for a in document.select(".sommaire a")]
    assert toc == [f"#{s['id']}" for s in document.select("article > section[id]")]


def test_print_page_prints_in_grey_without_screen_chrome(server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(server.url + "imprimer/")
    assert not page.locator("header.ecran").is_visible()
    assert page.evaluate(GREY_CHECK) == []
    context.close()


@pytest.mark.pdf
def test_single_fiche_pages_print_on_one_or_two_a4_pages(built_site, server, browser, tmp_path, guide):
    context = browser.new_context()
    page = context.new_page()
    too_long = {}
    for fiche in guide.fiches:
        page.goto(server.url + f"fiches/{fiche.id}/")
        target = tmp_path / f"{fiche.id}.pdf"
        page.pdf(path=str(target), format="A4", print_background=True)
        pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(target))).group(1))
        if pages > 2:
            too_long[fiche.id] = pages
    context.close()
    assert too_long == {}


def test_pdf_is_a4_tagged_with_metadata_and_embedded_fonts(pdf, guide):
    info = run("pdfinfo", str(pdf))
    assert re.search(r"Tagged:\s+yes", info)
    assert re.search(rf"Title:\s+{re.escape(site_name())}", info)
    assert re.search(r"Author:\s+MiNumEco", info)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= len(guide.fiches) + 3  # a floor: cover, contents, and fiches that average more than a page
    metadata = run("pdfinfo", "-meta", str(pdf))
    assert re.search(r"pdfuaid:part[^0-9]*1", metadata), "identification PDF/UA-1 absente"
    catalog = pypdf.PdfReader(pdf).trailer["/Root"]
    assert catalog["/Lang"] == "fr"
    assert "/StructTreeRoot" in catalog and catalog["/MarkInfo"]["/Marked"]
    fonts = run("pdffonts", str(pdf)).splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), "police non incorporée"
    assert pdf.stat().st_size <= 1_500_000


def test_every_fiche_title_is_extractable_from_the_pdf(pdf, guide):
    text = " ".join(run("pdftotext", "-enc", "UTF-8", str(pdf), "-").split())
    missing = [f.id for f in guide.fiches if french_text(" ".join(f.title.split())) not in text]
    assert missing == []


def test_every_pdf_page_is_greyscale(pdf, tmp_path):
    pages, coloured = coloured_pages(pdf, tmp_path)
    assert coloured == []
    assert pages > 60


def test_home_and_fiche_pages_link_the_pdf_with_its_size(built_site, pdf, guide):
    label = size_label(pdf.stat().st_size)
    assert re.fullmatch(r"PDF, \d+(,\d)? (Ko|Mo)", label)
    for page in ["index.html", *[f"fiches/{f.id}/index.html" for f in guide.fiches]]:
        html = BeautifulSoup((built_site / page).read_text(encoding="utf-8"), "html.parser")
        link = html.find("a", attrs={"data-taille-pdf": True})
        assert link is not None and link.get_text().endswith(f"({label})"), page
        assert (built_site / page).parent.joinpath(link["href"]).resolve() == pdf.resolve()


def test_preview_build_skips_the_pdf_but_keeps_links_honest(site_project):
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 0, result.stderr
    site = site_project / "site"
    assert not (site / PDF_FILE).exists()
    assert (site / PRINT_PAGE).is_file()
    fiche = (site / "fiches" / "a.1" / "index.html").read_text(encoding="utf-8")
    assert "PDF non généré en prévisualisation" in fiche and PDF_FILE not in fiche


#: Markdown producing each block construct the sanitizer accepts from contributors.
_BLOCKS = {
    "p": "Paragraphe.", "h2": "## Titre 2", "h3": "### Titre 3", "h4": "#### Titre 4", "h5": "##### Titre 5",
    "h6": "###### Titre 6", "hr": "---", "blockquote": "> Citation.", "ul": "- élément", "li": "1. élément",
    "ol": "1. numéro", "pre": "```\ncode\n```", "dl": "Terme\n:   Définition.", "dt": "", "dd": "",
    "table": "| A | B |\n|---|---|\n| 1 | 2 |", "thead": "", "tbody": "", "tr": "", "th": "", "td": "",
    "div": "Note[^1].\n\n[^1]: Texte de la note.\n\n" + "\n\n".join(f'!!! {kind} "{kind}"\n    Encadré.' for kind in ("note", "tip", "warning", "danger", "success", "info", "bug", "example", "quote", "failure", "question", "abstract")),
    "caption": '<table><caption>Légende</caption><tr><td>x</td></tr></table>',
    "tfoot": "<table><tfoot><tr><td>pied</td></tr></tfoot></table>",
}


@pytest.mark.pdf
def test_everything_contributed_text_may_hold_prints_in_grey(tmp_path):
    """Every element the sanitizer lets a contributor write, printed by WeasyPrint with the
    print stylesheet: no pixel of colour (the browser's defaults include a yellow <mark>)."""
    from conftest import REPO
    from guide_nr.postbuild.printing import write_pdf
    from guide_nr.routes import PRINT_STYLESHEET
    from guide_nr.safety.markdown import inspect_markdown, render
    from guide_nr.safety.sanitizer import DATA

    inline = sorted(DATA.tags - set(_BLOCKS) - {"h1"})
    text = "\n\n".join(part for part in _BLOCKS.values() if part)
    extra = {"abbr": ' title="t"', "a": ' href="https://exemple.org"'}
    text += "\n\n" + " ".join(f"<{tag}{extra.get(tag, '')}>{tag}</{tag}>" for tag in inline) + "\n"
    assert inspect_markdown(text) == []
    html = render(text)
    produced = set(re.findall(r"<([a-z0-9]+)[\s>]", html))
    assert DATA.tags - {"h1"} <= produced, sorted(DATA.tags - {"h1"} - produced)
    site = tmp_path / "site"
    (site / "imprimer").mkdir(parents=True)
    (site / Path(PRINT_STYLESHEET)).parent.mkdir(parents=True)
    (site / PRINT_STYLESHEET).write_bytes((REPO / "overrides" / PRINT_STYLESHEET).read_bytes())
    (site / "imprimer/index.html").write_text(
        f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>T</title>'
        f'<link rel="stylesheet" href="../{PRINT_STYLESHEET}"></head><body>{html}</body></html>', encoding="utf-8")

    class Printable:
        print_page = "imprimer/index.html"
        pdf_file = "tout.pdf"

    result = write_pdf(site, Printable())
    pages, coloured = coloured_pages(result.path, tmp_path, resolution=50)
    assert pages >= 1 and coloured == []


# -- paper: page count, no lone heading or list item, the edition on the cover and in footers --

#: The published address of the second build, whose printed guide must name it.
SITE_URL = "https://exemple.org/guide-nr/"


@pytest.fixture(scope="module")
def addressed_site(tmp_path_factory):
    """The guide built as published at SITE_URL, with a real `guide build --strict`, PDF included."""
    out = tmp_path_factory.mktemp("adresse") / "site"
    result = guide_build(REPO, "--site-dir", str(out), pdf=True, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    return out


@dataclass
class Printed:
    path: Path
    address: str | None  # the SITE_URL of its build
    pages: list[PrintedPage]
    html: BeautifulSoup  # its print page, imprimer/


@pytest.fixture(scope="module", params=["sans adresse", "avec adresse"])
def printed_pdf(request, built_site):
    """The guide's PDF, built without a published address (built_site) and with one (SITE_URL)."""
    site, address = (built_site, None) if request.param == "sans adresse" else (request.getfixturevalue("addressed_site"), SITE_URL)
    return Printed(site / PDF_FILE, address, printed_pages(site / PDF_FILE),
                   BeautifulSoup((site / PRINT_PAGE).read_text(encoding="utf-8"), "html.parser"))


def _edition(guide) -> tuple[str, str | None]:
    """What the printed guide must say it is, read from fiches/_releases.json: « Version 1.0 du
    23 novembre 2026 » (the latest release record), and that release's date."""
    releases = json.loads(guide.settings.releases_path.read_text(encoding="utf-8"))["releases"] if guide.settings.releases_path.is_file() else []
    if not releases:
        return f"Version {guide.settings.version} (pas encore publiée)", None
    date = french_date(datetime.date.fromisoformat(releases[-1]["date"]))
    return f"Version {releases[-1]['version']} du {date}", date


def test_pdf_holds_at_most_110_pages_for_59_fiches(printed_pdf, guide):
    """Issue 14: at most 110 A4 pages for the guide's 59 fiches (142 before), the same rate for
    a fork's count of fiches."""
    pages = int(re.search(r"Pages:\s+(\d+)", run("pdfinfo", str(printed_pdf.path))).group(1))
    assert pages == len(printed_pdf.pages)
    assert pages <= 110 / 59 * len(guide.fiches), f"{pages} pages pour {len(guide.fiches)} fiches"


_MARKER = re.compile(r"(\s*)(?:[•◦▪]|\d+\.)\s")  # a list item's first line: bullet or number


def _lone(page: PrintedPage, headings: set[str]) -> str | None:
    """Why ``page`` only holds a heading or a single list item (None when it holds more), judged
    by its lines: headings at its top (texts of the print page's headings), then nothing, or one
    line with a list marker whose other lines are its own continuation (indented past the marker)."""
    lines = list(page.body)
    while lines:
        taken = next((k for k in (1, 2, 3) if " ".join(" ".join(lines[:k]).split()) in headings), 0)
        if not taken:
            break
        lines = lines[taken:]
    if not lines:
        return "un titre seul" if page.body else "une page vide"
    first = _MARKER.match(lines[0])
    if first and all(not _MARKER.match(line) and len(line) - len(line.lstrip()) > len(first.group(1)) for line in lines[1:]):
        return "un seul élément de liste" + (" sous son titre" if len(lines) < len(page.body) else "")
    return None


def test_no_pdf_page_holds_only_a_heading_or_a_single_list_item(printed_pdf):
    headings = {" ".join(h.get_text().split()) for h in printed_pdf.html.select("article :is(h1, h2, h3, h4, h5, h6)")}
    assert len(headings) > len(printed_pdf.html.select("section.fiche"))
    lone = [f"page {page.number} : {why} ({page.text[:70]})" for page in printed_pdf.pages if (why := _lone(page, headings))]
    assert lone == []


def test_no_pdf_page_is_left_near_empty(printed_pdf):
    """Apart from the cover and the last page, every page holds at least a third of a full
    page: contents, chapters and fiches flow; a block moves to the next page only when it does
    not fit (the old layout had a contents page with one line, fiche tails alone on a page)."""
    full = max(len(page.body) for page in printed_pdf.pages)
    near_empty = [f"page {page.number} : {len(page.body)} lignes sur {full} ({page.text[:60]})"
                  for page in printed_pdf.pages[1:-1] if len(page.body) < full / 3]
    assert near_empty == []


def test_cover_and_every_page_footer_name_the_released_edition(printed_pdf, guide):
    """Version and date of the latest release of fiches/_releases.json (never the build date),
    and the published address when there is one: on the cover, and in the running footer of
    every other page, so of every printed fiche."""
    edition, date = _edition(guide)
    version = edition.split()[1]
    cover = printed_pdf.pages[0].text
    assert version in cover and (date is None or date in cover), cover
    today = french_date(datetime.date.today())
    assert today == date or today not in cover, "la couverture donne la date de construction"
    footer = edition + (f" · {printed_pdf.address}" if printed_pdf.address else "")
    assert (printed_pdf.address in cover) if printed_pdf.address else "http" not in cover
    wrong = [f"page {page.number} : « {page.footer} »" for page in printed_pdf.pages[1:]
             if not page.footer.startswith(footer + " ") or f"Page {page.number} sur {len(printed_pdf.pages)}" not in page.footer
             or (not printed_pdf.address and "http" in page.footer)]
    assert wrong == []
    reader = pypdf.PdfReader(printed_pdf.path)
    starts = {}  # fiche title → the page its heading opens
    stack = list(reader.outline)
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack += item
        else:
            starts.setdefault(" ".join(item.title.split()), reader.get_destination_page_number(item) + 1)
    for fiche in guide.fiches:
        number = starts.get(french_text(" ".join(fiche.title.split())))
        assert number is not None and number > 1, fiche.id
        page = printed_pdf.pages[number - 1]
        assert page.footer.startswith(footer + " ") and " ".join(french_text(fiche.title).split()[:3]) in page.text, (fiche.id, page.footer)


def test_print_cover_names_the_release_not_the_build_date(document, guide):
    edition, date = _edition(guide)
    cover = document.select_one(".couverture")
    facts = {dt.get_text(): dd for dt, dd in zip(cover.select("dt"), cover.select("dd"), strict=True)}
    assert f"Version {facts['Version'].get_text()}" == edition.split(" du ")[0] and facts["Version"].get("class") == ["version"]
    if date is not None:
        assert facts["Date de publication"].get_text() == date and facts["Date de publication"].get("class") == ["date"]
    today = french_date(datetime.date.today())
    assert today == date or today not in cover.get_text()
    assert cover.select(".adresse") == []  # built without SITE_URL: no address, said nowhere


def _numbers_missing(text: str, lists: list[tuple[str, list[str]]]) -> list[str]:
    """Ordered-list items whose number does not print in front of their text: ``lists`` gives,
    per list, a label and the first word of each item."""
    return [f"{label} : « {number}. {word} »" for label, words in lists for number, word in enumerate(words, start=1)
            if not re.search(rf"(?m)^\s*{number}\.\s+{re.escape(word)}(\s|$)", text)]


@pytest.mark.pdf
def test_browser_print_keeps_the_numbers_of_ordered_lists(server, browser, document, guide, tmp_path):
    """Chromium printing imprimer/ (its print media, page.pdf) shows « 10. » and « 11. » whole
    (the contents' markers were cut to « 0. » by the page margin); so does a site page, here a
    fiche given a twelve-item ordered list (no page of the guide has one yet)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "imprimer/")
    page.pdf(path=str(tmp_path / "imprimer.pdf"), format="A4")
    text = run("pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "imprimer.pdf"), "-")
    toc = document.select(".sommaire > ol > li")
    lists = [("sommaire", [item.a.get_text().split()[0] for item in toc])]
    lists += [(item.a.get_text(), [sub.a.get_text().split()[0] for sub in item.select(":scope > ol > li")]) for item in toc]
    assert len(toc) >= 10 and _numbers_missing(text, lists) == []
    page.goto(server.url + f"fiches/{guide.fiches[0].id}/")
    page.evaluate("""() => { const list = document.createElement('ol');
        for (let i = 1; i <= 12; i++) list.append(Object.assign(document.createElement('li'), {textContent: `Étape${i} du test`}));
        document.querySelector('article').prepend(list); }""")
    page.pdf(path=str(tmp_path / "fiche.pdf"), format="A4")
    text = run("pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "fiche.pdf"), "-")
    assert _numbers_missing(text, [("fiche", [f"Étape{i}" for i in range(1, 13)])]) == []
    context.close()
