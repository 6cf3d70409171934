"""The printable guide: one HTML document and a tagged greyscale PDF, checked for real."""

import re
import subprocess
from pathlib import Path

import pypdf
import pytest
from bs4 import BeautifulSoup

from conftest import guide_build
from guide_nr.postbuild.printing import parts, size_label
from guide_nr.routes import PDF_FILE, PRINT_PAGE
from guide_nr.sources.project import load_project
from support.browser import GREY_CHECK
from support.pdf import coloured_pages

REPO = Path(__file__).resolve().parent.parent


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
    assert document.select_one(".couverture h1").get_text() == "Guide de bonnes pratiques numérique responsable"
    cover = document.select_one(".couverture").get_text()
    assert "Version" in cover and "Licence Ouverte / Etalab 2.0" in cover
    for fiche in guide.fiches:
        section = document.find(id=f"fiche-{fiche.id}")
        assert section.h2.get_text() == fiche.title
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
    assert re.search(r"Title:\s+Guide de bonnes pratiques numérique responsable", info)
    assert re.search(r"Author:\s+MiNumEco", info)
    assert re.search(r"Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)", info)
    pages = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    assert pages >= len(guide.fiches) + 3  # cover, contents, one new page per fiche at least
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
    missing = [f.id for f in guide.fiches if " ".join(f.title.split()) not in text]
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
