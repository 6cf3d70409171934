"""The post-build steps' one reading of each page: edits spliced in place, elements kept exact."""

from __future__ import annotations

import random

import pytest

from guide_nr.postbuild.html import VOID, HtmlPage, MarkupChanged, SitePages, _Tokenizer, splice

RAW_TEXT = {"script", "style"}  # their content is text: markup written there is not an element

PAGE = """<!doctype html>
<html lang="fr"><head><meta name="generator" content="test"><link rel="stylesheet" href="../assets/site.css"></head>
<body><input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">
<div data-md-component="skip"><a href="#h" class="md-skip">Aller</a></div>
<article class="md-content"><h1 id="t">Titre &amp; sous-titre</h1><p>Un <a href="x/" data-taille-pdf>lien</a> et <code>&lt;b&gt;</code>.</p>
<svg viewBox="0 0 1 1"><path d="M0 0"/></svg><script>if (a < b) { x = "</p>" }</script><ul><li>un<li>deux</ul></article>
</body></html>
"""


def _signature(page: HtmlPage) -> list[tuple]:
    return [(e.name, sorted(e.attrs.items()), e.start, e.start_end, e.content_end, e.end, e.raw) for e in page.elements]


def _fresh(page: HtmlPage) -> list[tuple]:
    return [(e.name, sorted(e.attrs.items()), e.start, e.start_end, e.content_end, e.end, e.raw) for e in _Tokenizer(page.text).elements]


def test_positions_point_at_the_tags_as_written():
    page = HtmlPage("p.html", PAGE)
    for element in page.elements:
        assert page.text[element.start:element.start_end] == element.raw
        if element.end is not None and element.end != element.start_end:
            assert page.text[element.content_end:element.end].lower() == f"</{element.name}>"
    script = page.find("script")[0]
    assert page.text[script.start_end:script.content_end] == 'if (a < b) { x = "</p>" }'  # raw text, not markup
    assert [e.name for e in page.elements].count("p") == 1


def test_edits_keep_every_untouched_byte_and_the_elements_exact():
    page = HtmlPage("p.html", PAGE)
    page.remove(page.find("input", id="__search")[0])
    skip = [e for e in page.elements if e.attrs.get("data-md-component") == "skip"][0]
    page.replace_content(skip, '<a href="#contenu" class="md-skip">Aller au contenu</a>')
    page.set_attribute(page.find("link")[0], "href", "../assets/site.1234.css")
    link = [e for e in page.elements if "data-taille-pdf" in e.attrs][0]
    page.replace_content(link, "lien (PDF, 1 Ko)")
    page.replace_element(page.find("ul")[0], "<ol><li>un</li></ol>")
    page.commit()
    assert _signature(page) == _fresh(page)
    assert 'id="__search"' not in page.text and "site.1234.css" in page.text and "<ol><li>un</li></ol>" in page.text
    assert '<h1 id="t">Titre &amp; sous-titre</h1>' in page.text and 'x = "</p>"' in page.text


@pytest.mark.parametrize("seed", range(40))
def test_random_edits_on_a_real_page_keep_the_elements_exact(seed):
    """Edits nobody listed: random start tags rewritten, elements removed or replaced, contents replaced."""
    rng = random.Random(seed)
    page = HtmlPage("p.html", PAGE * 3)
    for _round in range(3):
        taken: list[tuple[int, int]] = []
        # Elements a step can rewrite: closed ones and void ones (not an unclosed <li>'s start tag alone).
        candidates = [e for e in page.elements if e.end is not None or e.name in VOID]
        for element in rng.sample(candidates, k=min(6, len(candidates))):
            span = (element.start, element.end if element.end is not None else element.start_end)
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue
            choice = rng.randrange(4)
            if choice == 0:
                page.set_attribute(element, "data-essai", f"{seed}<&\"")
            elif choice == 1:
                page.remove(element)
            elif choice == 2 and element.end is not None and element.end != element.start_end and element.name not in RAW_TEXT:
                page.replace_content(element, "<em>nouveau</em> texte")
            else:
                page.replace(span[0], span[1], "<span class=\"neuf\">x</span>")
            taken.append(span)
        page.commit()
        assert _signature(page) == _fresh(page), seed


def test_overlapping_edits_are_refused():
    page = HtmlPage("p.html", PAGE)
    article, heading = page.find("article")[0], page.find("h1")[0]
    page.replace_element(article, "")
    page.replace_content(heading, "x")
    with pytest.raises(MarkupChanged):
        page.commit()


def test_splice_cuts_a_fragment_without_changing_the_page():
    text = "<p>abc</p><p>def</p>"
    assert splice(text, 0, 10, [(3, 6, "x"), (13, 16, "y")]) == "<p>x</p>"
    with pytest.raises(MarkupChanged):
        splice(text, 0, 20, [(0, 5, ""), (3, 8, "")])


def test_each_page_file_is_read_once_and_only_changed_pages_are_written(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.html").write_text(PAGE, encoding="utf-8")
    pages = SitePages(tmp_path)
    assert pages.files_read == 2
    page = pages.get("a/index.html")
    page.set_attribute(page.find("h1")[0], "id", "nouveau")
    assert pages.write() == 1
    assert 'id="nouveau"' in (tmp_path / "a" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "b.html").read_text(encoding="utf-8") == PAGE


# -- rewrites of the theme's markup fail loudly when the markup is not there ------------------


def test_a_theme_page_without_the_skip_block_stops_the_build():
    from guide_nr.postbuild.conform import conform_page

    page = HtmlPage("fiches/a.1/index.html", PAGE.replace('<div data-md-component="skip"><a href="#h" class="md-skip">Aller</a></div>', ""))
    page.text = page.text.replace('<body>', '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">')
    with pytest.raises(MarkupChanged, match="bloc « skip » : 0"):
        conform_page(page)


def test_conformed_page_has_one_skip_link_to_the_content_and_no_search_toggle():
    from guide_nr.postbuild.conform import conform_page

    page = HtmlPage("p.html", PAGE.replace("<body>", '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">')
                    .replace('<article class="md-content">', '<article class="md-content" id="contenu">'))
    conform_page(page)
    page.commit()
    assert 'id="__search"' not in page.text and 'autocomplete' not in page.text
    assert '<div data-md-component="skip"><a href="#contenu" class="md-skip">Aller au contenu</a></div>' in page.text


def test_the_stylesheet_step_stops_when_the_theme_stylesheet_is_missing(tmp_path):
    from guide_nr.postbuild.stylesheet import ThemeChanged, bundle_site_stylesheet

    (tmp_path / "assets" / "stylesheets").mkdir(parents=True)
    (tmp_path / "assets" / "stylesheets" / "guide.css").write_text("p{color:#000}", encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    with pytest.raises(ThemeChanged, match="feuille de style du thème introuvable"):
        bundle_site_stylesheet(tmp_path, ["assets/stylesheets/guide.css"])


def test_an_asset_no_page_references_stops_the_fingerprint_step(tmp_path):
    from guide_nr.postbuild.fingerprint import fingerprint_assets

    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "site.css").write_text("p{}", encoding="utf-8")
    (tmp_path / "assets" / "autre.js").write_text("", encoding="utf-8")
    (tmp_path / "index.html").write_text(PAGE.replace("../assets/site.css", "assets/site.css"), encoding="utf-8")
    pages = SitePages(tmp_path)
    with pytest.raises(MarkupChanged, match="assets/autre.js"):
        fingerprint_assets(tmp_path, pages, ("assets/site.css", "assets/autre.js"))


def test_a_pdf_link_that_is_not_a_plain_link_stops_the_label_step(tmp_path):
    from guide_nr.postbuild.printing import label_pdf_links

    (tmp_path / "index.html").write_text(PAGE.replace('<a href="x/" data-taille-pdf>lien</a>', '<a href="x.pdf" data-taille-pdf><b>lien</b></a>'),
                                         encoding="utf-8")
    with pytest.raises(MarkupChanged, match="data-taille-pdf"):
        label_pdf_links(SitePages(tmp_path), {"x.pdf": "PDF, 1 Ko"})


def test_a_skip_link_without_its_target_stops_the_build():
    from guide_nr.postbuild.conform import conform_page

    page = HtmlPage("p.html", PAGE.replace("<body>", '<body><input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'))
    with pytest.raises(MarkupChanged, match="« #contenu », qui n’existe pas"):
        conform_page(page)


def test_a_marked_link_to_a_pdf_the_build_does_not_make_stops_it(tmp_path):
    from guide_nr.postbuild.printing import label_pdf_links

    (tmp_path / "index.html").write_text(PAGE.replace('href="x/" data-taille-pdf', 'href="autre.pdf" data-taille-pdf'), encoding="utf-8")
    with pytest.raises(MarkupChanged, match="autre.pdf"):
        label_pdf_links(SitePages(tmp_path), {"guide.pdf": "PDF, 1 Ko"})
    assert label_pdf_links(SitePages(tmp_path), None) == 1  # preview: every marked link says so


def test_the_landing_entry_follows_the_home_page_wherever_it_is():
    from guide_nr.pages.site import with_landing

    class Fork:  # only what with_landing reads
        class organisation:
            has_section = True

    nav = [{"Catalogue": "catalogue.md"}, {"Accueil": "index.md"}, {"Licence": "licence.md"}]
    assert with_landing(nav, Fork()) == [nav[0], nav[1], {"Notre démarche": "demarche/index.md"}, nav[2]]
    assert with_landing(["catalogue.md"], Fork())[0] == {"Notre démarche": "demarche/index.md"}
