"""« Composer ma charte »: a charter drafted in the browser, printed, exported to a fork, imported
back and shared by a link, with nothing sent anywhere (issue 17).

Counts and ids come from the loaded guide; the browser tests drive the built site in Chromium.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import re
import shutil
import subprocess
import zlib
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import GUIDE, REPO
from guide_nr import routes
from guide_nr.model.charter import STATUSES
from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES
from guide_nr.pages.composer import MESSAGES, composer_page
from guide_nr.postbuild.ecodesign import ecoindex, grade
from guide_nr.sources.project import load_project
from guide_nr.text import INVISIBLE_CHARACTERS, slugify
from support.browser import AXE, FOCUS_WALK, FOCUSED_STYLE, GREY_CHECK, WCAG_TAGS, focus_problems

PAGE = routes.page_url(routes.COMPOSER_PAGE)
SCRIPT = REPO / "overrides" / "assets" / "scripts" / "composeur.js"
FOLDERS = {"exemple": REPO / "exemples" / "organisation-fictive", "hopital": REPO / "tests" / "data" / "organisation-hopital"}
#: The focused element as FOCUSED_STYLE describes it, with its id (one call per key press).
FOCUSED_WITH_ID = FOCUSED_STYLE.replace("return !e || e === document.body ? null : describe(e);",
                                        "return !e || e === document.body ? null : {...describe(e), id: e.id};")
STORED = "() => { const k = Object.keys(localStorage).find(k => k.startsWith('guide-nr-charte:')); return k ? JSON.parse(localStorage.getItem(k)) : null; }"


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


def ids_on(markdown: str) -> list[str]:
    return [li["data-fiche"] for li in BeautifulSoup(markdown, "html.parser").select("li[data-fiche]")]


def share_link(state: dict) -> str:
    """The fragment the composer makes: deflate-raw of the JSON draft, base64url, after « #brouillon=1 »."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = packer.compress(json.dumps(state).encode()) + packer.flush()
    return "#brouillon=1" + base64.urlsafe_b64encode(raw).decode().rstrip("=")


def blank(**values) -> dict:
    return {"s": STATUSES[0], "p": "", "t": "", "d": "", "n": "", "r": "", **values}


@pytest.fixture
def context(browser):
    context = browser.new_context(accept_downloads=True, locale="fr-FR")
    yield context
    context.close()


def open_composer(context, server, suffix: str = ""):
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("dialog", lambda dialog: errors.append(f"boîte de dialogue : {dialog.message}"))
    page.goto(server.url + PAGE + suffix)
    page.wait_for_function("document.querySelector('.compte').textContent !== ''")
    page.errors = errors  # type: ignore[attr-defined]
    return page


def field(page, name: str, fiche_id: str):
    return page.locator(f"#{name}-{fiche_id.replace('.', chr(92) + '.')}")


def download(page, action: str) -> str:
    with page.expect_download() as info:
        page.locator(f"[data-action={action}]").click()
    return Path(info.value.path()).read_text(encoding="utf-8")


# -- the page, from the model ------------------------------------------------------------------


def test_the_checklist_lists_every_published_fiche_by_theme(guide):
    page = composer_page(guide)
    assert ids_on(page.markdown) == [f.id for t in guide.themes for f in guide.fiches_of(t.id)]
    soup = BeautifulSoup(page.markdown, "html.parser")
    assert [s.h2.get_text() for s in soup.select("section.liste-charte")] == [t.title for t in guide.themes if guide.fiches_of(t.id)]
    for item in soup.select("li[data-fiche]"):
        fiche = guide.fiche(item["data-fiche"])
        assert fiche.title in item.get_text() and fiche.priority in item.get_text() and all(p in item.get_text() for p in fiche.pilots)
    tool = soup.select_one("#composeur")
    assert tool["data-version"] == guide.settings.version and tool["data-statuts"].split("|") == list(STATUSES)
    assert [o.get_text() for o in soup.select("[data-modele] select option")] == list(STATUSES)


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_in_a_fork_the_composer_offers_its_published_fiches(name, monkeypatch):
    monkeypatch.setenv("GUIDE_ORGANISATION", str(FOLDERS[name]))
    fork = load_project(REPO).load()
    ids = ids_on(composer_page(fork).markdown)
    assert sorted(ids) == sorted(f.id for f in fork.fiches)
    assert not set(ids) & set(fork.organisation.identity.hidden_fiches)
    assert any(fork.organisation.is_own(i) for i in ids)  # its own fiches are offered too


def test_every_message_of_the_script_is_in_the_page():
    """The script holds no French text: each key it names, directly or through fail(…) and
    say(…), is one of the page's messages (a key of a count also has its singular)."""
    source = SCRIPT.read_text(encoding="utf-8")
    keys = {k for group in re.findall(r"""\bt\("([\w-]*\w)"|M\["([\w-]+)"\]|M\.(\w+)""", source) for k in group if k}
    keys |= {f"{k}1" for k in re.findall(r'\btn\("([\w-]+)"', source)} | set(re.findall(r'\btn\("([\w-]+)"', source))
    keys |= {f"yaml-{k}" for k in re.findall(r'\bfail\(\w+, "([\w-]+)"\)', source)}
    keys |= {f"schema-{k}" for k in re.findall(r'\bsay\(\w+, "([\w-]+)"', source)}
    keys |= {f"type-{kind}" for kind in ("string", "number", "integer", "boolean", "array", "object", "null")}
    keys |= {f"par-{g}" for g in ("theme", "priorite", "difficulte")}
    assert keys - set(MESSAGES) == set()
    page = composer_page(load_project(REPO).load()).markdown
    assert all(f"v-{slugify(v)}|{v}" in page for v in (*PRIORITIES, *DIFFICULTIES))
    code = re.sub(r"//.*|/\*.*?\*/", "", source)
    assert not re.search(r'"[^"]*[àâçéèêëîïôûùÀÉ][^"]*"', code)  # no French text left in the code


#: Notes invented to break the fork's Markdown check, and notes it accepts.
NOTES = ["<script>x</script>", "![image](a.png)", "ligne\n# Titre", "[lien](javascript:alert(1))", "&#x202E;abc", "&#8203;x",
         "Titre\n=====", "a\n\nb\n=", "#titre", "> # x", "- # x", "1. # x", "[x](//evil.example)", "[x](  //a.example)",
         "[x](/\\evil.example)", "[x]: //evil.example\n\n[x]", "[x][r]\n\n[r]: javascript:alert(1)", "[x](java&#115;cript:alert(1))",
         "## t {: onclick=alert(1) }", "[" * 14 + "x" + "]" * 14, "    # commande shell\n\nSuite du texte.", "[x](data:text/html,a)",
         "<iframe src=x>", "[x](vbscript:y)", "<style>p{}</style>", "x\n\n<svg onload=a>", "![](x)", "Titre\n---",
         "<https://x.fr> et <mailto:a@b.fr>", "a < b et c > d", "## Sous-titre", "[lien](https://example.org/)", "C# et F#",
         "[voir](../fiches/a.1/)", "50 % des postes", "Note <à> garder & telle quelle", "le #1 n’est pas un titre", "{{ 7*7 }} {% raw %}",
         "Revoir en 2028 🌱", "a - b", "Liste :\n- un\n- deux", "**gras** et _italique_", "| a | b |\n|---|---|\n| 1 | 2 |",
         "Note[^1]\n\n[^1]: source", "!!! note\n    x",
         # a second hostile round
         '[lien](https://e.org){ onclick="alert(1)" }', "## Titre { onclick=alert(1) }", "Texte\n{ #x onmouseover=alert(1) }",
         "[clic][x]\n\n> [x]: javascript:alert(1)", "[clic][x]\n\n- [x]: javascript:alert(1)", '[a](https://e.org "t" onclick=x)',
         "<moi@e.org>", "[clic][x]\n\n[x]: ../page/", "texte\n---"]


@pytest.mark.parametrize("note", NOTES)
def test_the_notes_check_catches_whatever_the_fork_refuses(note):
    """The pattern the composer runs before exporting (as JavaScript: ASCII classes) flags every
    note the fork's Markdown check refuses, once the fork has trimmed it as it reads YAML."""
    from guide_nr.pages.composer import REFUSED_NOTES
    from guide_nr.safety.markdown import inspect_markdown

    extensions = ["abbr", "admonition", "attr_list", "def_list", "footnotes", "md_in_html", "tables"]
    refused = bool(inspect_markdown(note.strip(), extensions))
    flagged = bool(re.search(REFUSED_NOTES, note.strip(), re.I | re.M | re.ASCII))
    assert flagged or not refused, f"le fork refuse cette note, le composeur la laisse passer : {note!r}"


def test_the_published_schema_uses_only_what_the_script_validates(guide):
    """validate() knows the keywords pydantic writes today, and optional fields as [schema, null]."""
    from guide_nr.sources.schema import organisation_json_schemas

    schema = organisation_json_schemas(guide)["charter.yml"]
    known = {"$defs", "$ref", "$schema", "additionalProperties", "anyOf", "default", "description", "enum", "format", "items",
             "maximum", "minItems", "minLength", "minimum", "properties", "required", "title", "type"}
    seen: set[str] = set()

    def walk(node, in_map=False):
        if isinstance(node, dict):
            if not in_map:
                seen.update(node)
                if "anyOf" in node:
                    assert len(node["anyOf"]) == 2 and node["anyOf"][1] == {"type": "null"}, node
            for key, value in node.items():
                walk(value, in_map=key in ("properties", "$defs") and not in_map)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema)
    assert seen - known == set()


# -- weight -----------------------------------------------------------------------------------


def _measure(built_site: Path) -> dict:
    report = json.loads((built_site / routes.STATEMENT_DATA).read_text(encoding="utf-8"))
    return {p["path"]: p for p in report["pages"]}


def test_the_page_is_light_and_its_script_small_and_deferred(built_site):
    pages = _measure(built_site)
    composer = pages[routes.built_page(routes.COMPOSER_PAGE)]
    scripts = [r for r in composer["resources"] if r.endswith(".js")]
    assert len(scripts) == 1 and "composeur" in scripts[0]
    script = len(gzip.compress((built_site / scripts[0]).read_bytes(), compresslevel=6, mtime=0))
    assert script <= 6_000, f"script du composeur : {script} octets compressés pour 6 000 au plus"
    without = composer["bytes"] - script
    assert without <= 30_000, f"page sans son script : {without} octets pour 30 000 au plus"
    assert grade(ecoindex(composer["dom"], composer["requests"] - 1, without)) == "A"
    assert composer["dom"] <= 350 and composer["dom"] <= pages[routes.built_page(routes.CATALOGUE_PAGE)]["dom"]
    html = (built_site / routes.built_page(routes.COMPOSER_PAGE)).read_text(encoding="utf-8")
    tag = re.search(r"<script[^>]*composeur[^>]*>", html).group(0)
    assert " defer" in tag  # runs once the page is parsed and usable, never blocks it
    others = [p for p in pages.values() if any("composeur" in r for r in p["resources"]) and p is not composer]
    assert others == []  # loaded on this page only


def test_home_catalogue_and_every_fiche_link_to_the_composer(built_site, guide):
    def hrefs(path: str) -> list[str]:
        return [a.get("href", "") for a in BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser").select("article a")]

    assert any(h.rstrip("/").endswith(PAGE.rstrip("/")) for h in hrefs("index.html"))
    assert any(PAGE.rstrip("/") in h for h in hrefs(routes.built_page(routes.CATALOGUE_PAGE)))
    for fiche in guide.fiches:
        assert any(h.endswith(f"{PAGE}?fiche={fiche.id}") for h in hrefs(routes.built_page(fiche.page_path))), fiche.id


# -- composing in the browser -----------------------------------------------------------------


@pytest.mark.declaration("« Composer ma charte » : une charte de 10 engagements composée au clavier seul, focus visible à chaque arrêt")
def test_a_ten_commitment_charter_composed_with_the_keyboard_only(context, server, guide):
    page = open_composer(context, server)
    chosen = [f.id for t in guide.themes for f in guide.fiches_of(t.id)][:10]
    stops: list[dict] = []

    def tab_to(element_id: str, limit: int = 400) -> None:
        for _ in range(limit):
            page.keyboard.press("Tab")
            state = page.evaluate(FOCUSED_WITH_ID)
            stops.append(state)
            if state and state["id"] == element_id:
                return
        raise AssertionError(f"{element_id} jamais atteint au clavier")

    tab_to("c-organisation")
    page.keyboard.type("Mairie de Clavier")
    for number, fiche_id in enumerate(chosen, 1):
        tab_to(f"c-{fiche_id}")
        page.keyboard.press("Space")
        assert page.locator(".compte").inner_text().endswith(f"{number} fiche{'s' if number > 1 else ''} retenue{'s' if number > 1 else ''}.")
        tab_to(f"s-{fiche_id}")
        page.keyboard.press("ArrowDown")  # « planifiée »
        tab_to(f"p-{fiche_id}")
        page.keyboard.type(f"Pilote {number}")
        tab_to(f"d-{fiche_id}")
        if number == 1:  # the order of the date's fields follows the browser's language: « 01 02 2027 » tells it
            page.keyboard.type("01022027")
            month_first = field(page, "d", fiche_id).input_value() == "2027-01-02"
            dates = {fiche_id: field(page, "d", fiche_id).input_value()}
        else:
            page.keyboard.type("06302027" if month_first else "30062027")
            dates[fiche_id] = "2027-06-30"
        tab_to(f"t-{fiche_id}")
        page.keyboard.type("Première cible")
        page.keyboard.press("Enter")
        page.keyboard.type("Seconde cible")
        tab_to(f"n-{fiche_id}")
        page.keyboard.type("Note <à> garder & telle quelle")
    state = page.evaluate(STORED)
    assert state["o"] == "Mairie de Clavier" and list(state["c"]) == chosen
    for number, fiche_id in enumerate(chosen, 1):
        assert state["c"][fiche_id] == blank(s=STATUSES[1], p=f"Pilote {number}", d=dates[fiche_id], t="Première cible\nSeconde cible",
                                             n="Note <à> garder & telle quelle")
    # Removing one and undoing it, still by keyboard: the undo button says what it undoes.
    tab_to(f"c-{chosen[0]}", limit=2000)
    page.keyboard.press("Space")
    assert "retirée. 9 fiches retenues." in page.locator(".compte").inner_text()
    for _ in range(800):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.dataset.action") == "annuler":
            break
    assert chosen[0] in page.evaluate("document.activeElement.textContent")
    page.keyboard.press("Enter")
    assert page.evaluate(STORED) == state and "10 fiches retenues" in page.locator(".compte").inner_text()
    problems = focus_problems(PAGE, [s for s in stops if s])
    assert problems == [] and page.errors == []


def test_quick_wins_a_theme_and_the_catalogue_filter_add_the_right_fiches(context, server, guide):
    page = open_composer(context, server)
    page.locator("[data-action=gains]").click()
    quick = [f.id for f in guide.select(priority=PRIORITIES[0], difficulty=DIFFICULTIES[0])]
    assert sorted(page.evaluate(STORED)["c"]) == sorted(quick)
    assert f"{len(quick)} fiches ajoutées (gains rapides)" in page.locator(".compte").inner_text()
    summary = page.locator(".resume").inner_text()
    assert f"{PRIORITIES[0]} ({len(quick)})" in summary and f"{DIFFICULTIES[0]} ({len(quick)})" in summary
    page.locator("[data-action=vider]").click()
    assert page.evaluate(STORED) is None  # an empty draft leaves nothing behind
    theme = guide.themes[1]
    page.get_by_role("button", name=re.compile(rf"du thème «\s*{re.escape(theme.title)}\s*»")).click()
    assert sorted(page.evaluate(STORED)["c"]) == sorted(f.id for f in guide.fiches_of(theme.id))
    # From the catalogue: its current filter, carried by the « Ajouter à ma charte » link.
    page.locator("[data-action=vider]").click()
    catalogue = context.new_page()
    catalogue.goto(server.url + "catalogue/?priorite=recommandee&difficulte=facile")
    expected = [f.id for f in guide.select(priority=PRIORITIES[1], difficulty=DIFFICULTIES[0])]
    link = catalogue.locator("#vers-composeur")
    assert link.inner_text() == f"Ajouter à ma charte les {len(expected)} fiches affichées"
    link.click()
    catalogue.wait_for_function("document.querySelector('.compte') && document.querySelector('.compte').textContent.includes('catalogue')")
    assert sorted(catalogue.evaluate(STORED)["c"]) == sorted(expected)
    assert catalogue.url.endswith(PAGE)  # the query is dropped: a reload adds nothing twice
    fiche = guide.fiches[-1]
    page.goto(server.url + f"{routes.page_url(fiche.page_path)}")
    page.get_by_role("link", name="Ajouter à ma charte").click()
    page.wait_for_function(f"document.activeElement && document.activeElement.id === 'c-{fiche.id}'")
    assert fiche.id in page.evaluate(STORED)["c"]


# -- safety -----------------------------------------------------------------------------------

PAYLOADS = ['<img src=x onerror="window.pwned=1">', "</textarea><script>window.pwned=1</script>", "{{ 7*7 }} {% raw %}",
            '"><svg onload=window.pwned=1>', "javascript:window.pwned=1", "\u202eevil\u200b"]


def _injected(page) -> dict:
    return page.evaluate("""() => ({pwned: !!window.pwned,
      markup: document.querySelectorAll('main img, main svg:not(.md-icon svg), main script, main iframe, main [onerror], main [onload]').length})""")


def test_a_shared_link_cannot_inject_markup_or_script(context, server, guide):
    first = guide.fiches[0].id
    state = {"v": guide.settings.version, "o": PAYLOADS[0], "c": {
        first: {"s": PAYLOADS[1], "p": PAYLOADS[3], "t": PAYLOADS[2], "d": "2027-13-45", "n": PAYLOADS[0], "r": 5},
        "__proto__": blank(), "constructor": blank(), "<b>x</b>": blank(), "toString": "x"}}
    before = _injected(open_composer(context, server))
    page = open_composer(context.browser.new_context(), server, share_link(state))
    page.wait_for_function("document.querySelector('.compte').textContent.includes('1 fiche')")
    assert _injected(page) == before and page.errors == []
    assert page.locator("#c-organisation").input_value() == PAYLOADS[0]
    assert field(page, "s", first).input_value() == STATUSES[0]  # an unknown status falls back to the first
    assert field(page, "d", first).input_value() == ""
    assert field(page, "n", first).input_value() == PAYLOADS[0]
    notice = page.locator(".versions").inner_text()
    assert "constructor" in notice and "<b>x</b>" in notice  # named as text, dropped from the draft
    assert list(page.evaluate(STORED)["c"]) == [first]
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    assert PAYLOADS[0] in page.locator(".charte-imprimee").text_content() and _injected(page) == before


def test_a_broken_or_oversized_link_is_refused_in_french(context, server, guide):
    page = open_composer(context, server, "#brouillon=1%%%")
    assert "lien de partage est incomplet ou abîmé" in page.locator(".erreurs").inner_text()
    bomb = zlib.compressobj(9, zlib.DEFLATED, -15)
    raw = bomb.compress(b'{"o":"' + b"a" * 50_000_000) + bomb.flush()  # 50 MB once inflated, 50 KB in the link
    page = open_composer(context, server, "#brouillon=1" + base64.urlsafe_b64encode(raw).decode().rstrip("="))
    page.wait_for_function("document.querySelector('.erreurs').textContent !== ''")
    assert "abîmé" in page.locator(".erreurs").inner_text() and page.errors == []


def test_typed_text_loses_every_character_the_fork_refuses(context, server):
    """Each character guide_nr.text.INVISIBLE_CHARACTERS refuses, typed into a field, is dropped;
    letters, line breaks, tabs and emoji stay."""
    refused = [c for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and INVISIBLE_CHARACTERS.match(chr(c))]
    page = open_composer(context, server)
    kept = page.evaluate("""(codes) => { const field = document.getElementById('c-organisation'), out = [];
      for (const c of codes) { field.value = 'a' + String.fromCodePoint(c) + 'b'; field.dispatchEvent(new Event('input'));
        const key = Object.keys(localStorage).find(k => k.startsWith('guide-nr-charte:'));
        if (JSON.parse(localStorage.getItem(key)).o !== 'ab') out.push(c); } return out; }""", refused + [0xFFFE, 0xFFFF])
    assert kept == []
    page.locator("#c-organisation").fill("é€\t🌱 « x »")
    assert page.evaluate(STORED)["o"] == "é€\t🌱 « x »"


# -- outputs: export to a fork, import back, share ---------------------------------------------

ROUND_TRIP = {
    "o": "Centre « Éphémère » : #1 de l’Exemple — 'oui' & \"non\"",
    "values": [
        blank(s=STATUSES[1], p="yes", d="2027-01-31", t="null\n1.0\n- x: y", n="Deux lignes :\nle #1 n’est pas un titre\n{{ 7*7 }} {% raw %}"),
        blank(s=STATUSES[2], p="  Service « Numérique »  ", t="50 % des postes réemployés", n="Lien [vers le guide](https://example.org/)"),
        blank(s=STATUSES[3], d="2026-01-01"),
        blank(s=STATUSES[4], r="Aucune salle serveur : rien à faire ici.", n="Revoir en 2028 🌱"),
    ],
}


def _compose(page, guide) -> list[str]:
    ids = [f.id for f in guide.fiches][3:3 + len(ROUND_TRIP["values"])]
    page.locator("#c-organisation").fill(ROUND_TRIP["o"])
    for fiche_id, values in zip(ids, ROUND_TRIP["values"], strict=True):
        field(page, "c", fiche_id).click()
        field(page, "s", fiche_id).select_option(values["s"])
        for name in "ptdnr":
            if values[name] and field(page, name, fiche_id).is_visible():
                field(page, name, fiche_id).fill(values[name])
    return ids


def _fork(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "fork"
    root.mkdir()
    for name in ("mkdocs.yml", "docs", "fiches", "macros", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        else:
            shutil.copy2(source, root / name)
    (root / "organisation").mkdir()
    for name, text in files.items():
        (root / "organisation" / name).write_text(text, encoding="utf-8")
    return root


@pytest.mark.declaration("« Composer ma charte » : export accepté tel quel par un fork, réimport et lien de partage à l’identique")
def test_export_is_accepted_by_a_fork_and_comes_back_the_same(browser, context, server, guide, tmp_path):
    page = open_composer(context, server)
    ids = _compose(page, guide)
    state = page.evaluate(STORED)
    files = {"charter.yml": download(page, "charter"), "organisation.yml": download(page, "organisation")}
    for name, text in files.items():
        assert text.startswith(f"# yaml-language-server: $schema=../fiches/_schema-{name[:-4]}.json\n")
    root = _fork(tmp_path, files)
    check = subprocess.run([*GUIDE, "--projet", str(root), "check"], cwd=root, capture_output=True, text=True, timeout=120,
                           env={**os.environ, "GUIDE_ORGANISATION": ""})
    assert check.returncode == 0, check.stdout + check.stderr
    fork = load_project(root).load()
    charter = fork.organisation.charter
    assert charter.organisation == fork.organisation.identity.name == ROUND_TRIP["o"]
    assert charter.guide_version == guide.settings.version and [c.fiche for c in charter.commitments] == ids
    for commitment, values in zip(charter.commitments, ROUND_TRIP["values"], strict=True):
        assert commitment.status == values["s"]
        if commitment.retained:
            assert (commitment.pilot or "") == values["p"].strip() and (commitment.notes or "") == values["n"]
            assert (commitment.deadline.isoformat() if commitment.deadline else "") == values["d"]
            assert commitment.expected_results == [line for line in values["t"].split("\n") if line]
        else:
            assert commitment.reason == values["r"] and commitment.pilot is None
    # Imported back into an empty browser: the same draft (pilot spaces trimmed as the fork does).
    fresh = browser.new_context(accept_downloads=True)
    other = open_composer(fresh, server)
    other.locator("#c-import").set_input_files(root / "organisation" / "charter.yml")
    other.wait_for_function("document.querySelector('.compte').textContent.includes('importé')")
    expected = json.loads(json.dumps(state))
    expected["c"][ids[1]]["p"] = ROUND_TRIP["values"][1]["p"].strip()
    for fiche_id in ids:
        if expected["c"][fiche_id]["s"] == STATUSES[4]:
            expected["c"][fiche_id].update(p="", d="", t="")
    assert other.evaluate(STORED) == expected
    # The share link, opened in a fresh browser, restores the draft exactly.
    page.locator("[data-action=partager]").click()
    page.wait_for_function("document.getElementById('c-lien').value !== ''")
    link = page.locator("#c-lien").input_value()
    assert link.startswith(server.url + PAGE + "#brouillon=")
    third = browser.new_context()
    shared = open_composer(third, server, link[len(server.url + PAGE):])
    shared.wait_for_function("document.querySelector('.compte').textContent.includes('lien de partage')")
    assert shared.evaluate(STORED) == state and shared.url == server.url + PAGE  # the fragment is dropped once read
    fresh.close()
    third.close()


def test_export_says_what_a_fork_would_refuse(context, server, guide):
    page = open_composer(context, server)
    assert download_refused(page) == ["Donnez le nom de l’organisation.", "Retenez au moins une fiche."]
    fiche_id = guide.fiches[0].id
    page.locator("#c-organisation").fill("Mairie")
    field(page, "c", fiche_id).click()
    field(page, "s", fiche_id).select_option(STATUSES[4])
    assert len(download_refused(page)) == 1  # the reason of a practice not retained
    field(page, "r", fiche_id).fill("Hors de notre périmètre.")
    for note in ("<script>x</script>", "![image](a.png)", "ligne\n# Titre", "[lien](javascript:alert(1))", "<!-- c -->"):
        field(page, "n", fiche_id).fill(note)
        refused = download_refused(page)
        assert len(refused) == 1 and fiche_id in refused[0] and "Markdown" in refused[0], note
    for note in ("a < b et c > d", "## Sous-titre", "[lien](https://example.org/) et <https://example.org/>", "C# et F#"):
        field(page, "n", fiche_id).fill(note)
        assert download_refused(page) == [], note


def download_refused(page) -> list[str]:
    page.locator("[data-action=charter]").click()
    return page.locator(".erreurs li").all_inner_texts()


INVALID_FILES = {
    "statut.yml": ("guide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: fait\n", "commitments[0].status"),
    "champ.yml": ("guide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: planifiée\n    couleur: rouge\n", "couleur"),
    "version.yml": ("guide_version: 1.1\ncommitments:\n  - fiche: a.1\n    status: planifiée\n", "guide_version"),
    "date.yml": ("guide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: planifiée\n    deadline: 2027-02-30\n", "deadline"),
    "inconnue.yml": ("guide_version: '1.0'\ncommitments:\n  - fiche: zz.9\n    status: planifiée\n", "commitments[0].fiche"),
    "double.yml": ("guide_version: '1.0'\ncommitments:\n  - fiche: a.1\n    status: planifiée\n  - fiche: a.1\n    status: en cours\n", "déjà un engagement"),
    "ancre.yml": ("guide_version: &v '1.0'\ncommitments: []\n", "ligne 1"),
    "pas-yaml.yml": ("\x00\x01PK\x03\x04", ""),
}


def test_an_imported_file_is_validated_and_size_capped(context, server, tmp_path):
    page = open_composer(context, server)
    for name, (text, expected) in INVALID_FILES.items():
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.locator("#c-import").set_input_files(path)
        page.wait_for_function(f"document.querySelector('.erreurs').textContent.includes({json.dumps(name)})")
        message = page.locator(".erreurs").inner_text()
        assert expected in message, (name, message)
        assert page.evaluate(STORED) is None  # nothing imported
    big = tmp_path / "gros.yml"
    big.write_text("# " + "x" * 250_000 + "\n", encoding="utf-8")
    page.locator("#c-import").set_input_files(big)
    assert "pour 200 Ko au plus" in page.locator(".erreurs").inner_text() and page.errors == []


class _HumanDumper(yaml.SafeDumper):
    """YAML as people write it: a text of several lines after « | » (the composer reads no
    quoted text spread over several lines, and says so)."""


_HumanDumper.add_representer(str, lambda dumper, text: dumper.represent_scalar("tag:yaml.org,2002:str", text, style="|" if "\n" in text else None))


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_a_fork_charter_imports_with_what_the_composer_keeps(name, context, server, guide, tmp_path):
    """A real charter.yml (the example's, the hospital's), its own fiches left out: the fields the
    composer has come in, the others are named."""
    data = yaml.safe_load((FOLDERS[name] / "charter.yml").read_text(encoding="utf-8"))
    data["commitments"] = [c for c in data["commitments"] if guide.has_fiche(c["fiche"])]
    for item in data["commitments"]:
        item.pop("scope", None)  # the hospital's own scopes: the common guide's schema does not know them
    path = tmp_path / "charter.yml"
    text = yaml.dump(data, Dumper=_HumanDumper, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{text}...\n" if name == "hopital" else text, encoding="utf-8")  # a document's start and end marks
    page = open_composer(context, server)
    page.locator("#c-import").set_input_files(path)
    page.wait_for_function("document.querySelector('.compte').textContent.includes('importé')")
    state = page.evaluate(STORED)
    assert sorted(state["c"]) == sorted(c["fiche"] for c in data["commitments"])
    for item in data["commitments"]:
        kept = state["c"][item["fiche"]]
        assert kept["s"] == item["status"] and kept["p"] == item.get("pilot", "") and kept["n"] == (item.get("notes") or "").strip()
        assert kept["d"] == (str(item["deadline"]) if item.get("deadline") else "")
    if any("actions" in c for c in data["commitments"]):
        assert "actions" in page.locator(".erreurs").inner_text()


def test_a_draft_from_an_older_version_names_the_commitments_to_review(context, server, guide, built_site):
    changes = json.loads((built_site / routes.CHANGES_FILE).read_text(encoding="utf-8"))["changes"]
    released = [c for c in changes if c["version"] != "en préparation"]
    if len(released) < 2:
        pytest.skip("une seule version publiée : rien à revoir")
    older, newer = released[1]["version"], released[0]
    changed = [f.id for f in guide.fiches if f.id in newer["modified"]][:2]
    same = [f.id for f in guide.fiches if f.id not in newer["modified"]][:1]
    state = {"v": older, "o": "Mairie", "c": {i: blank() for i in changed + same}}
    page = open_composer(context, server, share_link(state))
    page.wait_for_function("document.querySelector('.versions').textContent.includes('version')")
    notice = page.locator(".versions").inner_text()
    assert f"version {older}" in notice and all(i in notice for i in changed) and not any(i in notice for i in same)
    page.get_by_role("button", name=re.compile("Engagements revus")).click()
    assert page.evaluate(STORED)["v"] == guide.settings.version
    assert not any(i in page.locator(".versions").inner_text() for i in changed)


def test_composing_works_offline_once_loaded(context, server, guide):
    page = open_composer(context, server)
    context.set_offline(True)
    page.locator("#c-organisation").fill("Hors ligne")
    field(page, "c", guide.fiches[0].id).click()
    assert "fiche:" in download(page, "charter")
    page.locator("[data-action=partager]").click()
    page.wait_for_function("document.getElementById('c-lien').value.includes('#brouillon=')")
    context.set_offline(False)


# -- accessibility and print ------------------------------------------------------------------


@pytest.mark.declaration("« Composer ma charte » : aucune violation axe à 375 et 1 280 pixels, brouillon ouvert")
@pytest.mark.parametrize("width", [320, 375, 1280])
def test_axe_focus_and_no_sideways_scroll_with_a_draft(browser, server, guide, width):
    context = browser.new_context(viewport={"width": width, "height": 900})
    state = {"v": "0.9", "o": "Mairie", "c": {f.id: blank(s=STATUSES[i % len(STATUSES)], r="raison") for i, f in enumerate(guide.fiches[:10])}}
    page = open_composer(context, server, share_link(state))
    page.wait_for_function("document.querySelector('.versions').textContent !== ''")
    page.locator("[data-action=partager]").click()
    page.evaluate(AXE.read_text(encoding="utf-8"))
    violations = page.evaluate("""async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
      .violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)""", WCAG_TAGS)
    assert violations == []
    assert focus_problems(f"{PAGE} ({width} px)", page.evaluate(FOCUS_WALK)) == []
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    context.close()


def test_the_draft_prints_in_grey_with_its_adoption_block(context, server, guide):
    page = open_composer(context, server)
    ids = _compose(page, guide)
    page.emulate_media(media="print")
    page.evaluate("dispatchEvent(new Event('beforeprint'))")
    page.wait_for_timeout(300)  # the theme's colour transitions end
    printed = page.locator(".charte-imprimee")
    text = printed.inner_text()
    assert printed.is_visible() and not page.locator(".liste-charte").first.is_visible()
    assert ROUND_TRIP["o"] in text and f"version {guide.settings.version}" in text and "Adoptée le" in text
    assert text.count("Nom, fonction et signature") == 2 and printed.locator("section").count() == len(ids) + 1
    for fiche_id in ids:
        assert f"{server.url}fiches/{fiche_id}/" in text
    assert page.evaluate(GREY_CHECK) == []


def test_without_javascript_the_page_is_a_checklist_to_print(browser, server, guide):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.emulate_media(media="print")
    page.goto(server.url + PAGE)
    assert not page.locator("#composeur").is_visible() and not page.locator(".charte-imprimee").is_visible()
    assert page.eval_on_selector_all("li[data-fiche]", "items => items.filter(i => i.offsetParent).length") == len(guide.fiches)
    cells = page.evaluate("""() => [...document.querySelectorAll('li[data-fiche]')].map(li => {
      const after = getComputedStyle(li, '::after'), before = getComputedStyle(li, '::before');
      return parseFloat(after.width) > 100 && after.borderTopStyle === 'solid' && before.borderLeftStyle === 'solid'; })""")
    assert cells == [True] * len(guide.fiches)  # three empty cells on every line
    assert page.evaluate(GREY_CHECK) == []
    context.close()


def test_what_a_link_or_a_file_holds_cannot_bend_the_exports(context, server, guide, tmp_path):
    """Found by a hostile reviewer: a version that is not a release (with a line break to add a
    line to the YAML), an impossible date, a line long enough to stall a pattern, nesting deep
    enough to overflow, a link too long to be read back."""
    first = guide.fiches[0].id
    state = {"v": "1\npublished_themes: [a] #", "o": "Ville", "c": {first: blank(d="2025-02-30")}}
    page = open_composer(context, server, share_link(state))
    page.wait_for_function("document.querySelector('.compte').textContent.includes('lien de partage')")
    assert "published_themes" in page.locator(".versions").inner_text()  # named as text, not kept
    assert page.evaluate(STORED)["v"] == guide.settings.version and page.evaluate(STORED)["c"][first]["d"] == ""
    for name in ("charter", "organisation"):
        text = download(page, name)
        assert "published_themes" not in text and yaml.safe_load(text)
    for name, text, expected in (("longue.yml", "notes: a" + " " * 190_000 + "b\n", "5 000 caractères"),
                                 ("profonde.yml", "- " * 2_400 + "a\n", "document"),
                                 ("crochets.yml", "a: " + "[" * 2_000 + "\n", "ligne 1"),
                                 ("exemple.yml", (FOLDERS["exemple"] / "charter.yml").read_text(encoding="utf-8"), "fiche")):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        page.locator("#c-import").set_input_files(path)
        page.wait_for_function(f"document.querySelector('.erreurs').textContent.includes({json.dumps(name)})", timeout=5000)
        message = page.locator(".erreurs").inner_text()
        assert expected in message and not re.search(r"[Ee]rror|[Ss]tack|undefined", message), message
    # The example fails only on its own fiches, unknown to the common guide: its YAML is read whole.
    assert all(".fiche" in line for line in page.locator(".erreurs li").all_inner_texts()), page.locator(".erreurs").inner_text()
    # A draft too long for a link (imported from a file): the composer does not make a link it would refuse.
    long_notes = tmp_path / "longues.yml"
    long_notes.write_text(yaml.safe_dump({"organisation": "Mairie", "guide_version": guide.settings.version, "commitments": [
        {"fiche": f.id, "status": STATUSES[0], "notes": os.urandom(900).hex() + " \u00a0é🌱"} for f in guide.fiches[:40]]}, width=10**6),
        encoding="utf-8")  # as PyYAML writes by default: « \xE9 », « \_ », « \U0001F331 »
    page.locator("#c-import").set_input_files(long_notes)
    page.wait_for_function("document.querySelector('.compte').textContent.includes('importé')")
    assert page.evaluate(STORED)["c"][first]["n"].endswith(" \u00a0é🌱")
    page.locator("[data-action=partager]").click()
    page.wait_for_function("document.querySelector('.erreurs').textContent.includes('trop long')")
    assert page.errors == []


def test_two_tabs_share_one_draft(context, server, guide):
    one, two = open_composer(context, server), open_composer(context, server)
    field(one, "c", guide.fiches[0].id).click()
    two.wait_for_function(f"document.getElementById('c-{guide.fiches[0].id}').getAttribute('aria-pressed') === 'true'")
    field(two, "c", guide.fiches[1].id).click()
    one.wait_for_function(f"document.getElementById('c-{guide.fiches[1].id}').getAttribute('aria-pressed') === 'true'")
    field(one, "p", guide.fiches[0].id).fill("DSI")
    assert sorted(two.evaluate(STORED)["c"]) == sorted(f.id for f in guide.fiches[:2])
