"""Catalogue filters, facet pages, the « Par où commencer ? » matrix and search, in Chromium."""

import gzip
import re
import unicodedata
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest
from bs4 import BeautifulSoup

from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES
from guide_nr.pages.facets import all_values, fiche_slugs
from guide_nr.postbuild.typography import french_text
from guide_nr.sources.project import load_project

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


@pytest.fixture
def catalogue(browser, server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "catalogue/")
    yield page
    context.close()


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("[data-fiche]", "items => items.filter(i => !i.hidden && i.offsetParent).map(i => i.dataset.fiche)")


def status(page) -> str:
    return page.locator("#compte").inner_text()


def box(page, facet, slug):
    return page.locator(f"#f-{facet}-{slug}")


def test_catalogue_lists_every_fiche_without_javascript(browser, server, guide):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "catalogue/")
    assert visible_ids(page) == [f.id for f in guide.fiches]
    assert not page.locator("#filtres").is_visible()
    links = page.eval_on_selector_all("article p a", "links => links.map(a => a.getAttribute('href'))")
    assert {"../themes/", "../priorites/", "../difficultes/", "../pilotes/"} <= set(links)
    context.close()


def test_each_facet_value_filters_the_right_fiches(catalogue, guide):
    for facet, values in all_values(guide).items():
        for value in values:
            parameter = value.parameter
            box(catalogue, parameter, value.slug).check()
            expected = [f.id for f in guide.fiches if value.matches(f)]
            assert visible_ids(catalogue) == expected, (facet, value.slug)
            # A fork that hides a theme may leave a pilot without any fiche: the catalogue says so.
            assert status(catalogue).startswith(f"{len(expected)} fiche" if expected else "Aucune fiche"), status(catalogue)
            box(catalogue, parameter, value.slug).uncheck()
    assert len(visible_ids(catalogue)) == len(guide.fiches)


def test_values_of_one_facet_add_up_and_facets_combine(catalogue, guide):
    box(catalogue, "theme", "a").check()
    box(catalogue, "theme", "b").check()
    assert visible_ids(catalogue) == [f.id for f in guide.fiches if f.theme in ("a", "b")]
    box(catalogue, "priorite", "prioritaire").check()
    assert visible_ids(catalogue) == [f.id for f in guide.fiches if f.theme in ("a", "b") and f.priority == "Prioritaire"]
    pilot = guide.pilots[0]
    box(catalogue, "pilote", pilot.slug).check()
    expected = [f.id for f in guide.fiches if f.theme in ("a", "b") and f.priority == "Prioritaire" and pilot.label in f.pilots]
    assert visible_ids(catalogue) == expected
    assert status(catalogue) == ("1 fiche correspond" if len(expected) == 1 else f"{len(expected)} fiches correspondent")


def test_empty_result_explains_how_to_widen_and_reset_restores_all(catalogue, guide):
    theme = next(t.id for t in guide.themes if not guide.select(theme=t.id, priority="Aller plus loin", difficulty="Facile"))
    box(catalogue, "theme", theme).check()
    box(catalogue, "priorite", "aller-plus-loin").check()
    box(catalogue, "difficulte", "facile").check()
    assert visible_ids(catalogue) == []
    assert catalogue.locator("#vide").is_visible()
    assert "Retirez un critère" in catalogue.locator("#vide").inner_text()
    assert status(catalogue) == "Aucune fiche ne correspond"
    catalogue.get_by_role("button", name="Réinitialiser les filtres").click()
    assert len(visible_ids(catalogue)) == len(guide.fiches)
    assert urlsplit(catalogue.url).query == ""


def test_filter_state_round_trips_through_the_url(catalogue, server, guide):
    box(catalogue, "priorite", "prioritaire").check()
    box(catalogue, "difficulte", "facile").check()
    query = parse_qs(urlsplit(catalogue.url).query)
    assert query == {"priorite": ["prioritaire"], "difficulte": ["facile"]}
    quick_wins = [f.id for f in guide.select(priority="Prioritaire", difficulty="Facile")]
    catalogue.goto(catalogue.url)  # a shared link
    assert visible_ids(catalogue) == quick_wins
    assert box(catalogue, "priorite", "prioritaire").is_checked() and box(catalogue, "difficulte", "facile").is_checked()
    catalogue.go_back()  # before the second box was ticked
    assert visible_ids(catalogue) == [f.id for f in guide.select(priority="Prioritaire")]
    assert not box(catalogue, "difficulte", "facile").is_checked()


def test_a_facet_page_link_opens_the_catalogue_prefiltered(browser, server, guide):
    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "fiches/a.1/")
    page.locator(".fiche-faits dd a", has_text=guide.fiche("a.1").priority).click()
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path.endswith("/priorites/prioritaire/")
    page.get_by_role("link", name=re.compile("combiner avec d’autres critères")).click()
    page.wait_for_load_state("load")  # the deferred filter script has run
    assert parse_qs(urlsplit(page.url).query) == {"priorite": ["prioritaire"]}
    assert visible_ids(page) == [f.id for f in guide.select(priority="Prioritaire")]
    context.close()


@pytest.mark.declaration("Filtres du catalogue utilisables au clavier")
def test_filters_work_with_the_keyboard_only(catalogue, guide):
    labels = catalogue.eval_on_selector_all("#filtres fieldset", "sets => sets.map(s => s.querySelector('legend').textContent)")
    assert labels == ["Thème", "Priorité", "Difficulté", "Pilote"] + (["Notre charte"] if guide.organisation.charter else [])
    catalogue.locator("body").focus()
    for _ in range(200):
        catalogue.keyboard.press("Tab")
        if catalogue.evaluate("document.activeElement.id") == "f-theme-a":
            break
    else:
        raise AssertionError("la première case du filtre n’est pas atteignable au clavier")
    catalogue.keyboard.press("Space")
    assert visible_ids(catalogue) == [f.id for f in guide.fiches if f.theme == "a"]
    for _ in range(60):
        catalogue.keyboard.press("Tab")
        if catalogue.evaluate("document.activeElement.type") == "reset":
            break
    catalogue.keyboard.press("Enter")
    assert len(visible_ids(catalogue)) == len(guide.fiches)


def test_catalogue_items_carry_their_facets(built_site, guide):
    page = BeautifulSoup((built_site / "catalogue" / "index.html").read_text(encoding="utf-8"), "html.parser")
    for fiche in guide.fiches:
        item = page.find(attrs={"data-fiche": fiche.id})
        for key, value in fiche_slugs(fiche, guide).items():
            assert item[f"data-{key}"] == value
        text = item.get_text()
        assert french_text(fiche.title) in text and fiche.priority in text and all(p in text for p in fiche.pilots)


def test_the_commitment_filter_is_there_only_with_a_charter(built_site, guide):
    """The common guide has no « Notre charte » filter, badge or pages; a fork with a charter
    has them (test_example_fork.py tries them in the browser)."""
    page = BeautifulSoup((built_site / "catalogue" / "index.html").read_text(encoding="utf-8"), "html.parser")
    committed = [f.id for f in guide.fiches if guide.organisation.commitment(f.id) is not None]
    assert [i["data-fiche"] for i in page.select("[data-engagement]")] == committed
    assert bool(page.select("#filtres input[name=engagement]")) == bool(guide.organisation.charter)
    assert (built_site / "engagements").exists() == bool(guide.organisation.charter)
    assert ("dans notre charte\u202f:" in page.select_one("article").get_text()) == bool(committed)


def test_catalogue_script_is_small():
    script = REPO / "overrides" / "assets" / "scripts" / "catalogue.js"
    assert len(gzip.compress(script.read_bytes(), 9)) <= 2000  # issue 14: ≤ 2 KB compressed


def fiche_ids_in(html_file: Path) -> list[str]:
    page = BeautifulSoup(html_file.read_text(encoding="utf-8"), "html.parser")
    return [re.search(r"fiches/([^/]+)/", a["href"]).group(1) for a in page.select("article a[href*='fiches/']")]


def test_facet_pages_list_the_right_fiches(built_site, guide):
    for facet in ("priority", "difficulty", "pilot"):
        for value in all_values(guide)[facet]:
            page = built_site / value.page_path.replace(".md", "/index.html")
            assert fiche_ids_in(page) == [f.id for f in guide.fiches if value.matches(f)], value.page_path


def test_matrix_cells_list_the_right_fiches(built_site, guide):
    page = BeautifulSoup((built_site / "par-ou-commencer" / "index.html").read_text(encoding="utf-8"), "html.parser")
    table = page.select_one("table.matrice")
    assert [th.get_text() for th in table.select("thead th")] == list(DIFFICULTIES)
    for row, priority in zip(table.select("tbody tr"), PRIORITIES, strict=False):
        assert row.th.get_text() == priority
        for cell, difficulty in zip(row.select("td"), DIFFICULTIES, strict=False):
            ids = [re.search(r"fiches/([^/]+)/", a["href"]).group(1) for a in cell.select("a")]
            assert ids == [f.id for f in guide.select(priority=priority, difficulty=difficulty)]
    assert "gains-rapides" in table.select_one("tbody tr td")["class"]


WORD = re.compile(r"[^\W\d_]{3,}")
TEXTS: dict[str, str] = {}  # per built page, its indexed text (filled by indexed_words)


@pytest.fixture(scope="module")
def indexed_words(built_site):
    """Per built page, the words search may find (the content marked for the index, without the
    parts marked to be ignored), and per fiche page the words a reader sees around that content
    (header, menu, breadcrumb, print link, neighbours, footer)."""
    from selectolax.lexbor import LexborHTMLParser

    indexed, chrome = {}, {}
    for file in built_site.rglob("*.html"):
        path = file.relative_to(built_site).parent.as_posix() + "/"
        tree = LexborHTMLParser(file.read_text(encoding="utf-8"))
        for script in tree.css("script, style"):
            script.decompose()
        seen = {w.lower() for w in WORD.findall(tree.body.text(separator=" "))} if tree.body else set()
        body = tree.css_first("[data-pagefind-body]")
        if body is None:
            continue
        for ignored in body.css("[data-pagefind-ignore]"):
            ignored.decompose()
        indexed[path] = {w.lower() for w in WORD.findall(body.text(separator=" "))}
        TEXTS[path] = body.text(separator=" ")
        if path.startswith("fiches/"):
            chrome[path] = seen - indexed[path]
    return indexed, chrome


def bare(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if not unicodedata.combining(c))


def search(page, server, query: str):
    page.goto(server.url + "recherche/?q=" + quote(query))
    page.wait_for_function("document.getElementById('recherche-statut').textContent.includes('pour «\u202f')", timeout=10_000)
    results = page.eval_on_selector_all("#resultats > li", "items => items.map(i => ({href: i.querySelector('a').getAttribute('href'), "
                                                           "kind: i.querySelector('.resultat-type').textContent}))")
    return results, page.locator("#recherche-statut").inner_text()


def test_a_word_of_one_fiche_only_finds_that_fiche_first(browser, server, guide, indexed_words):
    indexed, _ = indexed_words
    fiche_pages = {f.page_path.replace(".md", "/"): f for f in guide.fiches}
    stems = {}
    for path, words in indexed.items():
        for stem in {w[:5] for w in words}:  # short prefixes: Pagefind's French stemmer joins « nourrit » and « nourrissent »
            stems.setdefault(stem, set()).add(path)
    # Long words whose stem is on one page only, that page being a fiche: derived from this build.
    unique = sorted((path, word) for path, words in indexed.items() if path in fiche_pages
                    for word in words if len(word) >= 10 and stems[word[:5]] == {path})
    assert len(unique) >= 3, unique
    context = browser.new_context()
    page = context.new_page()
    for path, word in unique[:: max(1, len(unique) // 3)][:3]:
        results, status = search(page, server, word)
        fiche = fiche_pages[path]
        assert results and results[0]["href"].endswith(path), (word, path, results[:3])
        assert results[0]["kind"] == f"Fiche · {fiche.id} · priorité\u202f: {fiche.priority.lower()}", results[0]
        assert status.startswith(f"{len(results)} résultat"), status
    context.close()


def test_nonsense_finds_nothing_and_the_page_chrome_finds_no_page(browser, server, indexed_words):
    """A word of the text around every fiche (print link, neighbours, breadcrumb, menu) finds only
    the pages whose own content holds that word (or a form of it), never the fiches it surrounds."""
    indexed, chrome = indexed_words
    fiches = len(chrome)
    common = {}
    for words in chrome.values():
        for word in words:
            common[word] = common.get(word, 0) + 1
    around = sorted(w for w, n in common.items() if n >= fiches // 2 and len(w) >= 7)
    assert len(around) >= 3, around
    context = browser.new_context()
    page = context.new_page()
    results, status = search(page, server, "xyzzyqwvk")
    assert results == [] and status == "Aucun résultat pour «\u202fxyzzyqwvk\u202f».", (results[:3], status)
    spared = 0
    for word in around:
        results, _ = search(page, server, word)
        # French stemming: « suivante » also finds « suivi », « suivre » — the same first four letters.
        holders = {path for path, words in indexed.items() if any(bare(w)[:4] == bare(word)[:4] for w in words)}
        strays = [r["href"] for r in results if r["href"].lstrip("/") not in holders]
        assert strays == [], (word, strays[:5])
        spared += len(chrome) - len(holders & set(chrome))  # fiches the word surrounds but does not find
    assert spared > 0, around  # the test saw a fiche that only the chrome would have found
    context.close()


def test_every_result_can_be_shown_and_the_count_is_announced(browser, server, indexed_words):
    indexed, _ = indexed_words
    query = "numérique"
    expected = sum(1 for words in indexed.values() if any(w.startswith("numériq") for w in words))
    context = browser.new_context()
    page = context.new_page()
    results, status = search(page, server, query)
    assert page.locator("#recherche-statut").get_attribute("aria-live") == "polite"
    total = int(status.split()[0])
    assert total >= expected > 20 and len(results) == 20, (total, expected, len(results))
    more = page.get_by_role("button", name=re.compile(r"^Afficher \d+ résultats? de plus"))
    while more.is_visible():
        before = page.locator("#resultats > li").count()
        more.focus()
        page.keyboard.press("Enter")
        page.wait_for_function(f"document.querySelectorAll('#resultats > li').length > {before}")
        assert page.evaluate(f"document.activeElement.closest('li') === document.querySelectorAll('#resultats > li')[{before}]")
    assert page.locator("#resultats > li").count() == total
    assert page.locator("#recherche-statut").inner_text() == f"{total} résultats affichés sur {total}."
    context.close()


def test_the_header_search_field_reaches_the_search_page_from_any_page(browser, server, guide):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    # A fiche without a commitment: in a fork, an action sheet may carry its fiche's title and come first.
    fiche = next(f for f in reversed(guide.fiches) if guide.organisation.commitment(f.id) is None)
    page.goto(server.url + fiche.page_path.replace(".md", "/"))
    assert not [url for url in requested if "/pagefind/" in url]  # no index before a search
    page.get_by_label("Rechercher dans le guide").fill(fiche.title)
    page.keyboard.press("Enter")
    page.wait_for_function("document.querySelectorAll('#resultats li').length > 0", timeout=10_000)
    assert page.get_by_label("Mots à rechercher").input_value() == fiche.title
    assert page.locator("#resultats a").first.get_attribute("href").endswith(fiche.page_path.replace(".md", "/"))
    context.close()


def test_search_without_javascript_leads_to_the_catalogue(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "recherche/")
    assert not page.locator("#recherche").is_visible()
    assert page.locator("#recherche-sans-js a", has_text="catalogue").get_attribute("href") == "../catalogue/"
    context.close()


def test_no_page_loads_search_files_until_search_is_used(site_reports):
    assert [(r.path, url) for r in site_reports for url in r.urls if "/pagefind/" in url] == []


@pytest.mark.declaration("Cases à cocher du catalogue à côté de leur libellé")
@pytest.mark.parametrize("width", [375, 1280])
def test_every_catalogue_checkbox_sits_on_the_line_of_its_label(browser, server, width):
    """RGAA 11.4: a control and its label side by side, on phones as on desktops."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    page.goto(server.url + "catalogue/")
    page.wait_for_selector("#volet-filtres:not([hidden])")
    page.evaluate("document.getElementById('volet-filtres').open = true")  # closed at first on a phone
    apart = page.evaluate("""() => [...document.querySelectorAll('#filtres input[type=checkbox]')].filter(box => {
        const label = document.querySelector(`label[for="${box.id}"]`);
        const b = box.getBoundingClientRect(), l = label.getBoundingClientRect();
        const words = [...label.childNodes].find(n => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
        const text = document.createRange(); text.selectNodeContents(words);
        const first = text.getClientRects()[0];  // the first line of the label's words
        return !label.contains(box) || b.bottom <= first.top || b.top >= first.bottom || Math.abs(b.right - first.left) > 40;
    }).map(box => box.id)""")
    context.close()
    assert apart == []


def test_on_a_phone_the_filters_fold_away_and_results_start_on_the_first_screen(browser, server, guide):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.goto(server.url + "catalogue/")
    page.wait_for_selector("#volet-filtres:not([hidden])")
    assert page.evaluate("document.getElementById('volet-filtres').open") is False
    first = page.locator("[data-fiche]").first.bounding_box()
    assert first["y"] + first["height"] <= 740, first  # the first fiche is on the first screen
    page.locator("#volet-filtres summary").focus()
    page.keyboard.press("Enter")  # a native disclosure: Enter or Space opens it
    assert page.locator("#f-priorite-prioritaire").is_visible()
    # Each option shows how many fiches have it, and one option sits on each line.
    expected = sum(1 for f in guide.fiches if f.priority == "Prioritaire")
    label = " ".join(page.locator("label[for=f-priorite-prioritaire]").inner_text().split())
    assert label == f"Prioritaire ({expected} {'fiche' if expected == 1 else 'fiches'})", label
    tops = page.eval_on_selector_all("#filtres fieldset:first-of-type label", "ls => ls.map(l => Math.round(l.getBoundingClientRect().top))")
    assert len(set(tops)) == len(tops) == len(guide.themes), tops
    page.goto(server.url + "catalogue/?priorite=prioritaire")  # a shared filter link: the results first, the filters named
    assert page.evaluate("document.getElementById('volet-filtres').open") is False
    assert page.locator("#volet-filtres summary").inner_text() == "Filtrer les fiches (1 filtre actif)"
    first = page.locator("[data-fiche]:not([hidden])").first.bounding_box()
    assert first["y"] + first["height"] <= 740, first
    context.close()


READING = """() => {
  const canvas = document.createElement('canvas').getContext('2d');
  const widest = Math.max(...[...document.querySelectorAll('article p')].filter(p => p.textContent.length > 200).map(p => {
    const style = getComputedStyle(p);
    canvas.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    const average = canvas.measureText(p.textContent).width / p.textContent.length;
    return p.clientWidth / average;
  }));
  const heading = tag => { const h = document.querySelector('article ' + tag); if (!h) return null;
    const s = getComputedStyle(h); return {size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight), colour: s.color}; };
  return {widest, h1: heading('h1'), h2: heading('h2'), h3: heading('h3'), body: getComputedStyle(document.querySelector('article p')).color};
}"""


def test_lines_stay_readable_and_headings_go_down_in_size(browser, server, guide):
    """About 75 characters per line on a wide screen, and h1 > h2 > h3, none lighter than the text."""
    context = browser.new_context(viewport={"width": 1600, "height": 900})
    page = context.new_page()
    for path in (guide.fiches[0].page_path.replace(".md", "/"), "a-propos/", "cadre-legal/"):
        page.goto(server.url + path)
        found = page.evaluate(READING)
        assert 50 <= found["widest"] <= 85, (path, found["widest"])
        sizes = [found[h]["size"] for h in ("h1", "h2", "h3") if found[h]]
        assert sizes == sorted(sizes, reverse=True) and len(set(sizes)) == len(sizes), (path, found)
        assert found["h1"]["weight"] >= found["h2"]["weight"] >= 600 and found["h1"]["colour"] == found["body"], (path, found)
    context.close()


@pytest.mark.pdf
def test_the_matrix_prints_as_a_compact_list_on_two_pages_at_most(browser, server, guide, tmp_path):
    """Printed from the browser, « Par où commencer ? » is blocks naming their priority and
    difficulty (the quick wins keep their thick border), not a table cut over four pages."""
    import pypdf

    context = browser.new_context()
    page = context.new_page()
    page.goto(server.url + "par-ou-commencer/")
    page.emulate_media(media="print")
    assert page.locator("table.matrice").evaluate("t => getComputedStyle(t).display") == "block"
    quick = page.locator("td.gains-rapides")
    assert quick.evaluate("c => parseFloat(getComputedStyle(c).borderTopWidth)") >= 2.5
    assert quick.locator(".case-titre").inner_text().startswith("Prioritaire, facile à mettre en œuvre (gains rapides)")
    target = tmp_path / "matrice.pdf"
    page.pdf(path=str(target), format="A4")
    context.close()
    pages = len(pypdf.PdfReader(str(target)).pages)
    assert pages <= max(2, round(2 * len(guide.fiches) / 59)), pages


def test_a_word_after_an_elision_is_found(browser, server, indexed_words):
    """« l’empreinte », « d’équipements »: the plain word finds every page that writes it elided."""
    indexed, _ = indexed_words
    elided: dict[str, set[str]] = {}
    for path, text in TEXTS.items():
        for word in re.findall(r"\b[ldjmnstc]’([^\W\d_]{6,})", text, flags=re.IGNORECASE):
            elided.setdefault(word.lower(), set()).add(path)
    # A word that some pages write only elided, never on its own.
    alone = {w: {p for p in pages if not re.search(rf"(?<![’\w]){w}\b", TEXTS[p].lower())} for w, pages in elided.items()}
    word, pages = next(((w, p) for w, p in sorted(alone.items()) if p), (None, None))
    assert word, "no page writes a word only after an elision: pick another witness"
    context = browser.new_context()
    page = context.new_page()
    results, _ = search(page, server, word)
    found = {r["href"].lstrip("/") for r in results}
    assert pages <= found, (word, sorted(pages - found))
    curly, _ = search(page, server, f"l’{word}")
    straight, _ = search(page, server, f"l'{word}")
    assert [r["href"] for r in curly] == [r["href"] for r in straight] and curly, word
    context.close()
