"""Quality gates on every page of the built guide, in a real browser (Debian's Chromium).

Budgets, third parties, errors, accessibility (axe-core, keyboard), no-JavaScript reading,
HTML validity (W3C Nu checker), links (LinkChecker) and print media.
"""

import json
import subprocess

import pytest

from conftest import site_paths
from guide_nr.postbuild.ecodesign import BUDGETS, PageMeasure, ecoindex, grade, measure_page, page_type
from support.browser import AXE, AXE_RUN, CHROME_VISIBLE, FOCUS_WALK, FOCUSED_STYLE, GREY_CHECK, VNU, WCAG_TAGS, focus_problems, load_pages, tab_walk
from support.links import broken_anchors, linkcheck


def file_of(path: str) -> str:
    return path + "index.html" if path.endswith("/") or path == "" else path


def table(rows, header):
    lines = [" | ".join(header), " | ".join("---" for _ in header)]
    lines += [" | ".join(str(cell) for cell in row) for row in rows]
    return "\n".join(lines)


def test_page_reports_count_every_file_and_catch_third_parties_errors_and_violations(browser, tmp_path):
    from support.static_server import StaticServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "style.css").write_text("body { color: #000; }", encoding="utf-8")
    head = '<!doctype html><html lang="fr"><title>t</title><link rel="stylesheet" href="style.css"><main><h1>t</h1>'
    (site / "index.html").write_text(head + '<script>localStorage.setItem("k", "v"); document.cookie = "c=1"</script></main></html>', encoding="utf-8")
    (site / "b.html").write_text(head + '<img src="https://tiers.example/pixel.png"><script>console.error("boum");'
                                 ' if (localStorage.length || document.cookie) console.error("reste")</script></main></html>', encoding="utf-8")
    with StaticServer(site) as local:
        first, second = load_pages(browser, local.url, ["", "b.html"], AXE.read_text(encoding="utf-8"))
    for report in (first, second):  # the shared stylesheet is fetched again: each load is cold
        assert [u for u in report.urls if u.endswith("/style.css")] and report.requests == 2 and report.bytes > 0, report
    assert first.third_party == first.console_errors == first.axe == [] and first.stored > 0  # a key and a cookie left
    assert second.third_party == ["https://tiers.example/pixel.png"]
    assert "boum" in second.console_errors and "reste" not in second.console_errors, second.console_errors
    assert [v.split()[0] for v in second.axe] == ["image-alt"]


def test_every_page_is_checked(built_site, site_reports):
    assert len(site_reports) == len(list(built_site.rglob("*.html"))) >= 10


@pytest.mark.declaration("Aucune requête vers un autre site, aucun cookie ni stockage dans le navigateur, sur chaque page")
def test_no_request_to_a_third_party_and_nothing_stored(site_reports):
    offenders = {r.path: r.third_party for r in site_reports if r.third_party}
    assert offenders == {}, f"requêtes bloquées vers des tiers : {offenders}"
    stored = {r.path: r.stored for r in site_reports if r.stored}
    assert stored == {}, f"pages qui laissent des cookies ou des données dans le navigateur : {stored}"


def test_no_console_or_http_error(site_reports):
    offenders = {r.path: r.console_errors + r.http_errors for r in site_reports if r.console_errors or r.http_errors}
    assert offenders == {}


@pytest.mark.declaration("Règles WCAG 2.1 de niveaux A et AA vérifiables par axe-core, sur chaque page")
def test_no_axe_violation_wcag_a_aa(site_reports):
    offenders = {r.path: r.axe for r in site_reports if r.axe}
    assert offenders == {}, "\n".join(f"{path} : {v}" for path, violations in offenders.items() for v in violations)


def test_every_page_within_its_budget(site_reports):
    rows, failures = [], 0
    for report in site_reports:
        score = ecoindex(report.dom, report.requests, report.bytes)
        # The browser's figures, judged by the same rule as the build's own measures.
        measure = PageMeasure(report.path, page_type(file_of(report.path)), report.requests, report.bytes,
                              report.dom, score, grade(score), [], [])
        faults = measure.over_budget()
        failures += bool(faults)
        rows.append((report.path or "/", measure.type, report.requests, report.bytes, report.dom, score, measure.grade, " ; ".join(faults) or "ok"))
    assert failures == 0, "\n" + table(rows, ("page", "type", "requêtes", "octets", "DOM", "EcoIndex", "note", "dépassement"))


HEADER_BYTES = 250  # per response, counted by the browser and not by the offline measure


def test_offline_figures_agree_with_the_browser(built_site, site_reports):
    rows, failures = [], 0
    for report in site_reports:
        offline = measure_page(built_site, file_of(report.path))
        gaps = {
            "requêtes": abs(offline.requests - report.requests) / report.requests,
            # the browser also counts each response's headers (about 216 bytes here): a small page, such
            # as a short annual report to print, would otherwise differ by more than 10 %
            "octets": max(abs(offline.bytes - report.bytes) - HEADER_BYTES * report.requests, 0) / report.bytes,
            "DOM": abs(offline.dom - report.dom) / report.dom,
        }
        if offline.type == "composeur":  # its script adds a button per fiche: the page as sent is measured offline
            gaps["DOM"] = 0 if offline.dom <= report.dom <= BUDGETS["composeur"].dom else 1
        bad = [name for name, gap in gaps.items() if gap > 0.10]
        failures += bool(bad)
        rows.append((report.path or "/", f"{offline.requests}/{report.requests}", f"{offline.bytes}/{report.bytes}", f"{offline.dom}/{report.dom}", ", ".join(bad) or "ok"))
    assert failures == 0, "\n" + table(rows, ("page", "requêtes hors ligne/navigateur", "octets", "DOM", "écart > 10 %"))


@pytest.mark.declaration("Contenu principal lisible sans JavaScript, sur chaque page")
def test_main_content_renders_without_javascript(built_site, server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    empty = []
    for path in site_paths(built_site):
        page.goto(server.url + path)
        heading = page.locator("article h1").first
        text = page.locator("article").first.inner_text() if page.locator("article").count() else ""
        if not heading.is_visible() or len(text.strip()) < 40:
            empty.append(path)
    context.close()
    assert empty == []


#: One page per template: on these, real Tab presses walk every stop, and the walk in the
#: page's script must find the same stops in the same order.
TAB_PAGES = {"": "accueil", "fiches/a.1/": "fiche", "themes/a/": "thème", "catalogue/": "catalogue",
             "a-propos/": "page rédigée", "404.html": "page 404"}


def _first_stop(page, path: str) -> tuple[dict | None, str | None]:
    """The first Tab stop of a loaded page, and what is wrong with it: it must be the visible skip link."""
    page.keyboard.press("Tab")
    first = page.evaluate(FOCUSED_STYLE)
    if not first or not first["skip"] or not first["visible"]:
        return first, f"{path} : le premier arrêt de tabulation n’est pas un lien d’évitement visible ({first})"
    return first, None


@pytest.mark.declaration("Lien d’évitement en premier, puis focus visible sur chaque lien et contrôle atteint au clavier, sur chaque page")
def test_skip_link_then_visible_focus_on_every_link_and_control(built_site, server, browser):
    paths = site_paths(built_site)
    assert set(TAB_PAGES) <= set(paths)
    context = browser.new_context()
    page = context.new_page()
    problems = []
    for path in paths:
        page.goto(server.url + path)
        first, problem = _first_stop(page, path)
        if problem:
            problems.append(problem)
            continue
        page.keyboard.press("Enter")
        after = page.evaluate(FOCUSED_STYLE)
        if not after or not after["inMain"]:
            problems.append(f"{path} : après le lien d’évitement, le focus n’est pas dans le contenu ({after})")
        # Every stop of the Tab key, focused in turn by the page's script (the keyboard is in use).
        stops = page.evaluate(FOCUS_WALK)
        problems += focus_problems(path, stops)
        if stops and stops[0]["index"] != first["index"]:
            problems.append(f"{path} : le parcours ne commence pas par le lien d’évitement ({stops[0]})")
        if path in TAB_PAGES:
            page.goto(server.url + path)
            pressed = tab_walk(page)
            problems += focus_problems(path, pressed)
            if [s["index"] for s in pressed] != [s["index"] for s in stops]:
                problems.append(f"{path} ({TAB_PAGES[path]}) : la touche Tab ne suit pas l’ordre calculé\n"
                                f"  Tab : {[(s['tag'], s['text']) for s in pressed]}\n  calcul : {[(s['tag'], s['text']) for s in stops]}")
    context.close()
    assert problems == [], "\n".join(problems)


#: Widths where Material's layout changes: phone, large phone, tablet, small laptop, just under
#: the 1220 px at which the navigation leaves its drawer.
NARROW_WIDTHS = (320, 375, 768, 1024, 1219)


@pytest.mark.declaration("Focus visible à chaque arrêt de tabulation, à 320, 375, 768, 1 024 et 1 219 pixels de large")
def test_every_focus_stop_is_visible_at_every_width(built_site, server, browser):
    """Below 1220 px the menu is a drawer off screen: closed, none of its links may take the focus."""
    paths = [*TAB_PAGES, "par-ou-commencer/", "recherche/"]
    problems = []
    for width in NARROW_WIDTHS:
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in paths:
            page.goto(server.url + path)
            problems += [f"{width} px, {problem}" for problem in [_first_stop(page, path)[1]] if problem]
            problems += [f"{width} px, {problem}" for problem in focus_problems(path, page.evaluate(FOCUS_WALK))]
        context.close()
    assert problems == [], "\n".join(problems)


MENU_STATE = """() => { const b = document.getElementById('bouton-menu'), f = document.activeElement;
  return {expanded: b.getAttribute('aria-expanded'), name: b.innerText.trim() || b.getAttribute('aria-label'),
          shown: b.checkVisibility(), open: document.getElementById('__drawer').checked,
          focus: f.id || f.textContent.trim(), focusInMenu: !!f.closest('#navigation')} }"""


@pytest.mark.declaration("Menu des petits écrans ouvert et fermé au clavier")
def test_the_menu_button_opens_and_closes_the_drawer_by_keyboard_below_1220_px(server, browser):
    for width in (320, 768, 1219):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        page.goto(server.url + "fiches/a.1/")
        menu_link = page.locator(".md-sidebar--primary a.md-nav__link").first
        assert not menu_link.evaluate("e => e.checkVisibility({visibilityProperty: true})")
        page.keyboard.press("Tab")  # the skip link, then the menu button
        page.keyboard.press("Tab")
        state = page.evaluate(MENU_STATE)
        assert state == {"expanded": "false", "name": "Menu", "shown": True, "open": False, "focus": "bouton-menu", "focusInMenu": False}, (width, state)
        page.keyboard.press("Enter")
        state = page.evaluate(MENU_STATE)
        assert state["expanded"] == "true" and state["open"] and state["focusInMenu"], (width, state)
        page.wait_for_timeout(300)  # the drawer slides in
        assert page.evaluate(FOCUSED_STYLE)["visible"], width
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))  # the open drawer passes axe too
        assert page.evaluate(AXE_RUN, WCAG_TAGS) == [], width
        assert page.locator("#navigation [aria-current]").inner_text() == "Thèmes"  # a fiche is in the themes
        page.keyboard.press("Escape")
        state = page.evaluate(MENU_STATE)
        assert (state["expanded"], state["open"], state["focus"]) == ("false", False, "bouton-menu"), (width, state)
        page.keyboard.press(" ")  # Space opens too; the close button closes and gives focus back
        page.locator("#fermer-menu").click()
        assert page.evaluate(MENU_STATE)["focus"] == "bouton-menu"
        page.keyboard.press("Enter")
        for _ in range(page.locator("#navigation a[href], #navigation button:visible").count()):
            page.keyboard.press("Tab")  # walking out of the menu closes it
        state = page.evaluate(MENU_STATE)
        assert not state["open"] and state["expanded"] == "false" and not state["focusInMenu"], (width, state)
        context.close()


def test_the_menu_opens_without_javascript_and_is_a_sidebar_on_wide_screens(server, browser):
    context = browser.new_context(viewport={"width": 375, "height": 800}, java_script_enabled=False)
    page = context.new_page()
    page.goto(server.url + "fiches/a.1/")
    assert not page.locator("#bouton-menu").is_visible()
    page.locator("label.md-header__button[for=__drawer]").click()  # Material's label: mouse and touch
    page.wait_for_timeout(300)
    assert page.locator(".md-sidebar--primary a.md-nav__link").first.evaluate("e => e.checkVisibility({visibilityProperty: true})")
    context.close()
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(server.url + "fiches/a.1/")
    assert not page.locator("#bouton-menu").is_visible() and not page.locator("#fermer-menu").is_visible()
    assert page.locator(".md-sidebar--primary a.md-nav__link").first.is_visible()
    context.close()


REFLOW = """() => ({width: document.documentElement.scrollWidth,
  tables: [...document.querySelectorAll('article table:not(.matrice)')].map(t => {
    const region = t.parentElement;
    const ok = region.matches('.tableau-defilant[role=region][tabindex="0"]') && region.getAttribute('aria-label').trim().length > 3;
    return {ok, name: region.getAttribute('aria-label'), overflows: region.scrollWidth > region.clientWidth};
  })})"""


@pytest.mark.declaration("Aucun défilement horizontal à 320 pixels de large ; tableaux larges atteints et défilés au clavier")
def test_no_page_pans_sideways_at_320_px_and_every_table_scrolls_by_keyboard(built_site, server, browser):
    """WCAG 1.4.10 reflow; a table wider than the screen scrolls in a named region the keyboard reaches."""
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    problems, scrolling = [], []
    for path in site_paths(built_site):
        page.goto(server.url + path)
        found = page.evaluate(REFLOW)
        if found["width"] > 320:
            problems.append(f"{path} : la page défile de côté ({found['width']} px pour 320)")
        problems += [f"{path} : tableau hors d’une zone nommée et focalisable" for table in found["tables"] if not table["ok"]]
        scrolling += [path for table in found["tables"] if table["overflows"]]
    assert problems == [], "\n".join(problems)
    assert scrolling, "aucun tableau ne déborde à 320 px : le défilement au clavier n’est pas éprouvé"
    page.goto(server.url + scrolling[0])
    page.keyboard.press("Tab")  # the keyboard is in use
    page.evaluate("[...document.querySelectorAll('.tableau-defilant')].find(r => r.scrollWidth > r.clientWidth).focus()")
    assert page.evaluate(FOCUSED_STYLE)["visible"]
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(300)
    assert page.evaluate("document.activeElement.scrollLeft") > 0
    context.close()


TEXT_SPACING = """() => {
  const style = document.createElement('style');
  style.textContent = '* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }'
    + ' p { margin-bottom: 2em !important; }';
  document.head.append(style);
  const clipped = [...document.querySelectorAll('body *')].filter(e => {
    if (!e.checkVisibility({visibilityProperty: true}) || e.clientWidth <= 1 || !(e.innerText || '').trim()) return false;
    const s = getComputedStyle(e);
    const hides = v => v === 'hidden' || v === 'clip';
    return (hides(s.overflowX) && e.scrollWidth > e.clientWidth + 1) || (hides(s.overflowY) && e.scrollHeight > e.clientHeight + 1);
  }).map(e => `${e.tagName}.${[...e.classList].join('.')} « ${e.innerText.trim().slice(0, 30)} »`);
  return {clipped, width: document.documentElement.scrollWidth};
}"""


@pytest.mark.declaration("Aucun texte coupé ni masqué quand l’espacement du texte est augmenté (WCAG 1.4.12), à 320 et 1 280 pixels")
def test_no_text_is_clipped_with_wcag_text_spacing(server, browser):
    problems = []
    for width in (320, 1280):
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for path in [*TAB_PAGES, "par-ou-commencer/", "recherche/", "accessibilite/"]:
            page.goto(server.url + path)
            found = page.evaluate(TEXT_SPACING)
            problems += [f"{width} px, {path} : texte coupé {what}" for what in found["clipped"]]
            if found["width"] > width:
                problems.append(f"{width} px, {path} : la page défile de côté ({found['width']} px)")
        context.close()
    assert problems == [], "\n".join(problems)


def test_the_text_spacing_check_catches_clipped_text(browser):
    context = browser.new_context(viewport={"width": 320, "height": 600})
    page = context.new_page()
    page.set_content('<!doctype html><html lang="fr"><title>t</title><p style="height: 1.3em; overflow: hidden">Un texte qui tient '
                     'sur une ligne</p><p style="white-space: nowrap; overflow: hidden; width: 12em">Assez long pour déborder de sa boîte</p>'
                     '<p>Un texte libre de tout débordement.</p>')
    found = page.evaluate(TEXT_SPACING)
    context.close()
    assert [c.split("«")[1].strip()[:10] for c in found["clipped"]] == ["Un texte q", "Assez long"], found


FOCUS_CASES = """<!doctype html><html lang="fr"><title>Cas</title>
<style>:focus-visible { outline: 3px solid #000; } .defile { overflow: auto; height: 2em; } .cache { outline: none; }</style>
<a href="#a">lien</a> <a href="#b" tabindex="2">deuxième d’ordre</a> <a href="#c" tabindex="1">premier d’ordre</a>
<a>sans adresse</a> <span tabindex="0">span focalisable</span> <span tabindex="-1">hors tabulation</span>
<button disabled>désactivé</button> <fieldset disabled><input aria-label="dans un groupe désactivé"></fieldset>
<a href="#d" style="display:none">non affiché</a> <a href="#e" style="visibility:hidden">caché</a>
<div inert><a href="#f">inerte</a></div> <details><summary>résumé</summary><a href="#g">replié</a></details>
<input type="radio" name="r" aria-label="r1"> <input type="radio" name="r" aria-label="r2" checked> <input type="radio" name="r" aria-label="r3">
<input type="hidden"> <select aria-label="liste"><option>1</option></select> <textarea aria-label="texte"></textarea>
<div class="defile"><p>défilement</p><p>sans</p><p>élément</p><p>focalisable</p></div>
<div class="defile"><p>défilement</p><p>avec un <a href="#h">lien</a></p><p>dedans</p></div>
<a href="#i" style="position: absolute; left: -9999px">hors écran</a> <a href="#j" class="cache">focus masqué</a>"""


def test_the_focus_walk_follows_the_tab_key_and_catches_an_invisible_focus(browser):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(FOCUS_CASES)
    pressed = tab_walk(page)
    stops = page.evaluate(FOCUS_WALK)
    context.close()
    assert [(s["tag"], s["text"][:10]) for s in stops] == [
        ("A", "premier d’"), ("A", "deuxième d"), ("A", "lien"), ("SPAN", "span focal"), ("SUMMARY", "résumé"), ("INPUT", "r2"),
        ("SELECT", "1"), ("TEXTAREA", "texte"), ("DIV", "défilement"), ("A", "lien"), ("A", "hors écran"), ("A", "focus masq")]
    assert [s["index"] for s in pressed] == [s["index"] for s in stops]
    expected = ["cas : focus invisible sur A « hors écran »", "cas : focus invisible sur A « focus masqué »"]
    assert focus_problems("cas", pressed) == focus_problems("cas", stops) == expected


SINGLE_KEYS = "npsf/.?hjktg"
#: Runs before the page's scripts: at each key, before the page sees it, the address and focus the previous key left.
KEY_LOG = """window.__keys = [];
addEventListener('keydown', e => __keys.push([e.key, location.href, document.activeElement === document.body]), true);"""


def keys_that_act(page, url: str) -> list[str]:
    """The single keys that change the address or move the focus, each pressed after the others on a fresh load.

    One call presses the twelve keys (the context runs KEY_LOG); only when something moved
    are they pressed again one by one, reloading after each key that acted, to name them.
    """
    page.goto(url)
    start = page.url
    page.keyboard.type(SINGLE_KEYS)  # one press per key, as page.keyboard.press
    log, last_url, last_body = page.evaluate("[window.__keys, location.href, document.activeElement === document.body]")
    if [key for key, _, _ in log] == list(SINGLE_KEYS) and all(u == start and body for _, u, body in [*log, (None, last_url, last_body)]):
        return []
    acted = []
    page.goto(url)
    for key in SINGLE_KEYS:
        before = page.url
        page.keyboard.press(key)
        focused = page.evaluate("document.activeElement === document.body")
        if page.url != before or not focused:
            acted.append(f"la touche « {key} » a agi ({page.url})")
            page.goto(url)
    return acted


@pytest.mark.declaration("Aucun raccourci clavier d’une seule touche, sur chaque page")
def test_no_single_key_shortcut(built_site, server, browser):
    context = browser.new_context()
    context.add_init_script(KEY_LOG)
    page = context.new_page()
    changed = [f"{path} : {what}" for path in site_paths(built_site) for what in keys_that_act(page, server.url + path)]
    context.close()
    assert changed == []


def test_a_key_that_moves_focus_or_changes_the_address_is_caught(browser, tmp_path):
    from support.static_server import StaticServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("""<!doctype html><html lang="fr"><title>t</title><input aria-label="q">
<script>addEventListener('keydown', e => {
  if (e.key === 'n') history.pushState({}, '', '?suivante');          // put back by the next key
  if (e.key === 'p') history.replaceState({}, '', location.pathname);
  if (e.key === 's') { e.preventDefault(); document.querySelector('input').focus(); }
  if (e.key === 'g') location.hash = 'ailleurs';
});</script></html>""", encoding="utf-8")
    (site / "calme.html").write_text('<!doctype html><html lang="fr"><title>t</title><p>rien</p></html>', encoding="utf-8")
    context = browser.new_context()
    context.add_init_script(KEY_LOG)
    page = context.new_page()
    with StaticServer(site) as local:
        assert keys_that_act(page, local.url + "calme.html") == []
        acted = keys_that_act(page, local.url)
    context.close()
    assert [what.split("»")[0] for what in acted] == ["la touche « n ", "la touche « s ", "la touche « g "], acted


@pytest.mark.declaration("Code HTML valide pour le validateur Nu du W3C, sur chaque page")
def test_html_is_valid_for_the_w3c_checker(built_site):
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--skip-non-html", str(built_site)],
        capture_output=True, text=True, timeout=600,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m['url'].split(str(built_site))[-1]}:{m.get('lastLine')} : {m['message']}" for m in messages if m["type"] == "error"]
    assert errors == [], "\n".join(errors)
    assert result.returncode == 0


def test_link_checks_catch_broken_links_and_anchors(tmp_path):
    from support.static_server import StaticServer

    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="fr"><title>t</title><a href="b.html">b</a> <a href="absente.html">x</a> '
        '<a href="b.html#ici">ancre</a> <a href="b.html#nulle-part">ancre cassée</a> <a href="#haut">haut</a></html>',
        encoding="utf-8",
    )
    (site / "b.html").write_text('<!doctype html><html lang="fr"><title>b</title><h1 id="ici">b</h1></html>', encoding="utf-8")
    with StaticServer(site) as local:
        _, broken = linkcheck(local.url, tmp_path)
    assert len(broken) == 1 and "absente.html" in broken[0] and "404" in broken[0], broken
    assert broken_anchors(site) == ["index.html → b.html#nulle-part", "index.html → #haut"]


@pytest.mark.declaration("Aucun lien interne ni ancre cassés")
def test_no_broken_internal_link_or_anchor(built_site, server, tmp_path):
    checked, broken = linkcheck(server.url, tmp_path)
    assert broken == [], "\n".join(broken)
    assert len(checked) >= len(site_paths(built_site))
    assert broken_anchors(built_site) == []


def test_fiche_pages_print_in_grey_without_chrome(built_site, server, browser):
    context = browser.new_context()
    page = context.new_page()
    page.emulate_media(media="print")
    problems = {}
    fiches = [p for p in site_paths(built_site) if p.startswith("fiches/")]
    assert fiches
    for path in fiches:
        page.goto(server.url + path)
        chrome, colours = page.evaluate(CHROME_VISIBLE), page.evaluate(GREY_CHECK)
        if chrome or colours:
            problems[path] = {"chrome": chrome, "couleurs": colours[:10]}
        if not page.locator("article h1").is_visible():
            problems.setdefault(path, {})["titre"] = "absent"
    context.close()
    assert problems == {}
