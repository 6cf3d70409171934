"""A hostile contributor and a hostile organisation folder, in every plain-text field at once.

The fields under attack are not listed here: they are derived from the models (every text
field that is neither Markdown nor an identifier or vocabulary reference), so a field added
tomorrow is attacked tomorrow. The payloads are appended to the guide's own fiches and to a
copy of the example organisation, which must still build strictly — plain text is shown
literally, never refused — and every output must be inert: the built HTML (guard and parser),
every page in Chromium (no dialog, no handler, no request elsewhere), the search results,
the print page, the PDF, the exports. A local listener stands for the build machine's
network: it must receive nothing during the whole build, PDF included.
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import re
import shutil
import subprocess
import typing
from pathlib import Path

import pypdf
import pytest
import yaml
from pydantic import BaseModel
from selectolax.lexbor import LexborHTMLParser

from conftest import REPO, guide_build, site_paths
from guide_nr.model.charter import Charter
from guide_nr.model.fiche import Fiche
from guide_nr.model.identity import SCOPES, Identity
from guide_nr.model.maturity import Maturity
from guide_nr.model.pilot import Pilot
from guide_nr.model.release import Retired
from guide_nr.model.theme import Theme
from guide_nr.pages.opendata import CSV_FILE, JSON_FILE
from guide_nr.postbuild.inert import inert_faults
from guide_nr.routes import CHARTER_PDF_FILE, PDF_FILE
from support.listener import Listener
from support.static_server import StaticServer

MARK = "window.__pwned=1"
#: Invented payloads: breaking out of <title>, attributes, raw-text elements, comments, JSON,
#: templates, Markdown, CSV; entity-encoded twice; Unicode look-alikes.
PAYLOADS = [
    f"</title><script>{MARK}</script>",
    f"\"><img src=x onerror=\"{MARK}\">",
    f"' onmouseover='{MARK}' data-x='",
    f"<svg/onload={MARK}>",
    f"</textarea></style></noscript><script>{MARK}</script>",
    f"&lt;script&gt;{MARK}&lt;/script&gt;",
    f"&amp;lt;img src=x onerror={MARK}&amp;gt;",
    f"[clic](javascript:{MARK}) *[x]: y",
    f"{{: onclick=\"{MARK}\" }}",
    "{{ config.__class__.__init__.__globals__ }} {% raw %}",
    f"<!--><img src=x onerror={MARK}>-->",
    f"]]></script>\u2028\u2029<script>{MARK}</script>",
    "=HYPERLINK(\"https://exemple.org\";\"x\")",
    f"＜script＞{MARK}＜/script＞",
]
#: Fields that are not free text: identifiers, references to a vocabulary, addresses, colours.
#: They are validated by their own rules; vocabularies (pilots, dimensions) are renamed below.
NOT_FREE_TEXT = {
    (Fiche, "id"), (Fiche, "theme"), (Fiche, "pilots"), (Fiche, "related"), (Theme, "id"), (Pilot, "label"),
    (Retired, "id"), (Retired, "replaced_by"), ("Reference", "url"), ("Commitment", "fiche"), (Charter, "guide_version"),
    (Identity, "logo"), (Identity, "id_prefix"), (Identity, "published_themes"), (Identity, "hidden_themes"),
    (Identity, "hidden_fiches"), (Identity, "primary_color"), ("Score", "dimension"), (Maturity, "dimensions"),
    ("PublicationFields", "email"), ("PublicationFields", "repository"), ("Scope", "value"), ("Commitment", "scope"),
    ("MenuEntry", "page"), ("MenuEntry", "url"),
}
MARKDOWN = {(Fiche, "body"), ("Feedback", "text"), (Theme, "intro"), ("Commitment", "notes"), (Charter, "preamble"), ("Home", "text")}


def _key(model, name):
    return next((k for k in ((model, name), (model.__name__, name)) if k in NOT_FREE_TEXT | MARKDOWN), None)


def _texty(annotation) -> bool:
    return annotation is str or any(_texty(arg) for arg in typing.get_args(annotation))


def _nested(annotation):
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    return next((m for m in map(_nested, typing.get_args(annotation)) if m is not None), None)


def free_text_fields(model: type[BaseModel], seen=None) -> set[tuple[str, str]]:
    """Every (model, field) holding free plain text, nested models included."""
    seen = set() if seen is None else seen
    out = set()
    for name, info in model.model_fields.items():
        nested = _nested(info.annotation)
        if nested is not None and nested not in seen:
            seen.add(nested)
            out |= free_text_fields(nested, seen)
        elif nested is None and _texty(info.annotation) and _key(model, name) is None:
            out.add((model.__name__, name))
    return out


class Attacker:
    """Appends a payload to every free-text value of a document, following its model."""

    def __init__(self):
        self.payloads = itertools.cycle(PAYLOADS)
        self.touched: set[tuple[str, str]] = set()

    def attack(self, data, model: type[BaseModel]):
        if isinstance(data, list):
            return [self.attack(item, model) for item in data]
        if not isinstance(data, dict):
            return data
        out = dict(data)
        for name, value in data.items():
            info = model.model_fields.get(name)
            if info is None:
                continue
            nested = _nested(info.annotation)
            if nested is not None:
                out[name] = self.attack(value, nested)
            elif _key(model, name) is None and _texty(info.annotation):
                self.touched.add((model.__name__, name))
                out[name] = [_with(v, next(self.payloads)) for v in value] if isinstance(value, list) else _with(value, next(self.payloads))
        return out


LINE_MAX = 300  # a one-line field's limit (model/fiche.py): a long official title is shortened to make room for the payload


def _with(value, payload: str) -> str:
    text = f"{value} {payload}"
    if len(str(value)) <= LINE_MAX < len(text):
        text = f"{str(value)[:LINE_MAX - len(payload) - 1]} {payload}"
    return text


def _rename(data, names: dict[str, str]):
    """Every string equal to a vocabulary entry (pilot label, dimension) renamed."""
    if isinstance(data, list):
        return [_rename(v, names) for v in data]
    if isinstance(data, dict):
        return {names.get(k, k) if isinstance(k, str) else k: _rename(v, names) for k, v in data.items()}
    return names.get(data, data) if isinstance(data, str) else data


def _load(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


@pytest.fixture(scope="module")
def attacked(tmp_path_factory):
    """A fork of the guide whose every free-text field carries a payload, built with its PDF."""
    root = tmp_path_factory.mktemp("injection") / "guide"
    root.mkdir()
    for name in ("mkdocs.yml", "docs", "fiches", "macros", "overrides"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info", "_schema.json"))
        else:
            shutil.copy2(source, root / name)
    shutil.copytree(REPO / "exemples" / "organisation-fictive", root / "organisation")
    # Every fiche changes below: without the release register the charter page does not list 59
    # « modified since 1.0 » fiches (a page-weight matter, not a safety one).
    (root / "fiches/_releases.json").unlink()
    (root / "fiches/_journal.yml").unlink()  # it explains changes since a release, and there is none here
    with Listener() as listener:
        attacker = Attacker()
        pilots = _load(root / "fiches/_pilots.yml")
        pilot_names = {p["label"]: f"{p['label']} {PAYLOADS[i % len(PAYLOADS)]}" for i, p in enumerate(pilots)}
        maturity = _load(root / "organisation/maturity.yml")
        dimension_names = {d: f"{d} {PAYLOADS[(i + 3) % len(PAYLOADS)]}" for i, d in enumerate(maturity["dimensions"])}

        _dump(root / "fiches/_pilots.yml", _rename(attacker.attack(pilots, Pilot), pilot_names))
        _dump(root / "fiches/_themes.yml", attacker.attack(_load(root / "fiches/_themes.yml"), Theme))
        _dump(root / "organisation/themes.yml", attacker.attack(_load(root / "organisation/themes.yml"), Theme))
        for path in sorted((root / "fiches").glob("[a-z]*.yml")) + sorted((root / "organisation/fiches").glob("*.yml")):
            data = _rename(attacker.attack(_load(path), Fiche), pilot_names)
            if path.stem == "a.2":  # cells a spreadsheet would evaluate
                data["title"] = "=HYPERLINK(\"https://exemple.org\";\"clic\") " + data["title"]
                data["summary"] = "@SUM(1+1) " + data["summary"]
            if path.stem == "a.1":  # an address of the build machine: a link, never fetched
                data["references"] = [*data.get("references", []), {"title": "Ressource interne", "url": f"{listener.url}/ressource.css"}]
                data["body"] += ("\n\nDu code `<script>" + MARK + "</script>`, du texte &lt;script&gt; échappé et un "
                                 "[titre piégé](https://exemple.org \"a&quot; onmouseover=&quot;" + MARK + "\").\n")
            _dump(path, data)
        _dump(root / "fiches/_retired.yml", attacker.attack([{"id": "a.90", "title": "Ancienne fiche", "reason": "fusionnée",
                                                              "replaced_by": "a.1", "date": "2024-01-15"}], Retired))
        # Fields the example leaves out, so that every text field of the models carries a payload.
        identity = _load(root / "organisation/organisation.yml")
        scope_names = {value: f"{value} {PAYLOADS[(i + 5) % len(PAYLOADS)]}" for i, value in enumerate(SCOPES)}
        identity["scopes"] = [{"value": value, "label": label} for value, label in SCOPES.items()]
        identity["home"] = {"title": "Accueil de l’organisation", **identity.get("home", {})}
        identity["menu"] = [*identity.get("menu", []), {"title": "Site de l’organisation", "url": "https://exemple.org/"}]
        _dump(root / "organisation/organisation.yml", _rename(attacker.attack(identity, Identity), scope_names))
        charter = _load(root / "organisation/charter.yml")
        charter["title"] = "Charte numérique responsable"
        measured = next(t for c in charter["commitments"] for t in c.get("targets", []) if t.get("values"))
        measured["values"][0]["note"] = "mesure de l’année"
        charter = _rename(_rename(attacker.attack(charter, Charter), pilot_names), scope_names)
        charter["version"] = charter["revisions"][-1]["version"]  # the version in force names one of the revisions
        charter["organisation"] = _load(root / "organisation/organisation.yml")["name"]  # one name for the organisation
        _dump(root / "organisation/charter.yml", charter)
        _dump(root / "organisation/maturity.yml", _rename(attacker.attack(maturity, Maturity), dimension_names))
        result = guide_build(root, env={"GUIDE_ORGANISATION": "organisation"}, pdf=True)
    return root, root / "site", result, listener, attacker


def _flat(text: str) -> str:
    return " ".join(text.replace(".", " ").split())  # Pagefind adds « . » between blocks


def test_every_free_text_field_of_every_model_is_attacked(attacked):
    _, _, _, _, attacker = attacked
    expected = set()
    for model in (Fiche, Theme, Pilot, Retired, Identity, Charter, Maturity):
        expected |= free_text_fields(model)
    assert {("Fiche", "title"), ("Identity", "name"), ("Action", "owner"), ("Score", "comment")} <= expected
    assert expected - attacker.touched == set(), "champs de texte sans charge : ajoutez-les aux données de l’exemple"


def test_the_build_succeeds_shows_the_text_and_fetches_nothing(attacked):
    _, site, result, listener, _ = attacked
    assert result.returncode == 0, result.stderr[-3000:]
    assert listener.requests == []
    assert (site / PDF_FILE).is_file()


def test_every_built_document_is_inert(attacked):
    root, site, *_ = attacked
    theme = [root / "overrides", Path(__import__("material").__file__).parent / "templates"]
    assert inert_faults(site, theme) == []
    for document in site.rglob("*.html"):
        tree = LexborHTMLParser(document.read_text(encoding="utf-8"))
        for node in tree.root.traverse(include_text=False):
            for name, value in node.attributes.items():
                assert MARK not in name and not (MARK in (value or "") and name.lower().startswith("on")), document


def test_plain_text_is_shown_literally_in_title_header_and_meta(attacked):
    root, site, *_ = attacked
    fiche = _load(root / "fiches/a.1.yml")
    page = LexborHTMLParser((site / "fiches/a.1/index.html").read_text(encoding="utf-8"))
    assert page.css_first("title").text().startswith(f"a.1 {fiche['title']}")
    assert page.css_first("h1").text() == fiche["title"]
    assert page.css_first("meta[name=description]").attributes["content"] == fiche["summary"]
    identity = _load(root / "organisation/organisation.yml")
    assert page.css_first(".entete__nom").text(strip=True) == identity["site_name"]
    assert page.css_first("title").text().endswith(f" - {identity['site_name']}")


def test_every_page_is_inert_in_chromium(attacked, browser):
    _, site, *_ = attacked
    with StaticServer(site) as server:
        context = browser.new_context()
        context.add_init_script("for (const f of ['alert', 'confirm', 'prompt', 'print']) window[f] = () => { window.__pwned = 1; };")
        page = context.new_page()
        outside, dialogs = [], []
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith(server.url) else (outside.append(r.request.url), r.abort()))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        for path in site_paths(site):
            page.goto(server.url + path, wait_until="load")
            page.evaluate("""() => { for (const el of document.querySelectorAll('body *'))
                for (const type of ['mouseover', 'focus', 'click', 'load', 'error']) el.dispatchEvent(new Event(type)); }""")
            assert page.evaluate("window.__pwned") is None, path
        # search results show titles and excerpts taken from the attacked text
        page.goto(server.url + "recherche/", wait_until="load")
        for query in ("onerror", "script", "pwned"):
            page.fill("#q", query)
            page.press("#q", "Enter")
            page.wait_for_function("document.querySelectorAll('#resultats li').length > 0", timeout=15_000)
            page.wait_for_timeout(200)
            assert page.evaluate("window.__pwned") is None, query
            assert page.evaluate("document.querySelectorAll('#resultats img, #resultats script, #resultats svg, #resultats [onerror]').length") == 0
            # what a reader sees in a result is the page's own text, character for character
            for href, title, excerpt in page.evaluate("""() => [...document.querySelectorAll('#resultats li')].map(li =>
                    [li.querySelector('a').getAttribute('href'), li.querySelector('a').textContent, li.querySelector('p:not(.resultat-type)').textContent])"""):
                built = LexborHTMLParser((site / href.split("#")[0].lstrip("/") / "index.html").read_text(encoding="utf-8"))
                assert " ".join(title.split()) == " ".join(built.css_first("h1").text().split()), href
                for ignored in built.css("article [data-pagefind-ignore]"):  # not indexed: not in excerpts
                    ignored.decompose()
                body = _flat(built.css_first("article").text())
                assert all(_flat(part) in body for part in excerpt.split("…") if part.strip()), (href, excerpt)
        context.close()
    assert dialogs == [] and outside == []


@pytest.mark.pdf
def test_pdf_shows_the_text_and_carries_nothing_active(attacked, tmp_path):
    root, site, *_ = attacked
    pdf = site / PDF_FILE
    reader = pypdf.PdfReader(pdf)
    identity = _load(root / "organisation/organisation.yml")
    assert reader.metadata.title.startswith(identity["site_name"])
    charter = pypdf.PdfReader(site / CHARTER_PDF_FILE)
    assert charter.metadata.author == identity["name"]
    for raw in (pdf.read_bytes(), (site / CHARTER_PDF_FILE).read_bytes()):
        for key in (b"/JavaScript", b"/JS ", b"/Launch", b"/EmbeddedFile", b"/SubmitForm"):
            assert key not in raw
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    fiche = _load(root / "fiches/a.1.yml")
    assert " ".join(fiche["title"].split()[:4]) in " ".join(text.split())


def test_exports_keep_the_exact_text_and_csv_cells_are_not_formulas(attacked):
    root, site, *_ = attacked
    fiche = _load(root / "fiches/a.1.yml")
    data = json.loads((site / JSON_FILE).read_text(encoding="utf-8"))
    assert next(f for f in data["fiches"] if f["id"] == "a.1")["title"] == fiche["title"]
    rows = list(csv.DictReader(io.StringIO((site / CSV_FILE).read_text(encoding="utf-8-sig")), delimiter=";"))
    row = next(r for r in rows if r["id"] == "a.2")
    assert row["title"].startswith("'=HYPERLINK(") and row["summary"].startswith("'@SUM(")
    assert [cell for r in rows for cell in r.values() if cell[:1] in ("=", "+", "-", "@", "\t", "\r")] == []


def test_charter_exports_keep_the_exact_text_and_are_inert(attacked, browser):
    """The fork's charter data: the JSON reads back as the attacked model, text exact; no CSV
    cell is a formula (only numbers start with « - »); opened in Chromium, the JSON runs nothing."""
    from guide_nr import routes
    from guide_nr.sources.project import load_project

    root, site, *_ = attacked
    guide = load_project(root).load()
    data = json.loads((site / routes.CHARTER_JSON_FILE).read_text(encoding="utf-8"))
    assert Charter.model_validate(data["charter"]) == guide.organisation.charter
    assert Maturity.model_validate(data["maturity"]) == guide.organisation.maturity
    cells = []
    for path in (routes.COMMITMENTS_CSV_FILE, routes.ACTIONS_CSV_FILE, routes.INDICATORS_CSV_FILE, routes.BUDGETS_CSV_FILE, routes.MATURITY_CSV_FILE):
        text = (site / path).read_bytes().decode("utf-8")
        cells += [cell for row in csv.DictReader(io.StringIO(text[1:], newline=""), delimiter=";") for cell in row.values()]
    assert any(MARK in cell for cell in cells)
    assert [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r") and not re.fullmatch(r"-?\d+(\.\d+)?(e-?\d+)?", c)] == []
    with StaticServer(site) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + routes.CHARTER_JSON_FILE, wait_until="load")
        assert page.evaluate("window.__pwned") is None and page.evaluate("document.scripts.length") == 0
        assert MARK in page.evaluate("document.body.textContent")  # shown as text
        context.close()


def test_a_form_may_only_send_its_fields_inside_the_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text(
        '<!doctype html><html lang="fr"><title>t</title><form action="recherche/"></form><form action="/recherche/">'
        '</form><form action="https://tiers.example/"></form><form action="//tiers.example/x"></form>'
        '<form action="../../ailleurs/"></form><a action="recherche/">a</a>', encoding="utf-8")
    faults = inert_faults(site, [])
    assert len(faults) == 4, faults
    assert all("index.html : formulaire envoyé hors du site" in fault for fault in faults[:3])


@pytest.mark.parametrize("markup", [
    '<img src="https://tiers.example/pixel.png" alt="">',
    '<img src="x.png" srcset="https://tiers.example/p.png 2x" alt="">',
    '<input type="image" src="https://tiers.example/p.png" alt="x">',
    '<a href="x/" ping="https://tiers.example/">x</a>',
    '<script src="donnees/charte.json"></script>',
    '<link rel="stylesheet" href="donnees/fiches.csv">',
    '<meta name="referrer" content="unsafe-url">',
    # Material's redirect page script, with the reader sent to a javascript: address
    '<script>location.replace(["javascript:alert(document.domain)//"].join(""))</script>',
    '<script>var target=document.getElementById("javascript:alert(1)");target&&target.name&&(target.checked=target.name.startsWith("__tabbed_"))</script>',
])
def test_the_inertness_check_refuses_what_loads_or_runs_from_injected_markup(tmp_path, markup):
    """Found by an adversarial review: markup that an injection could bring, which the check
    must refuse even when it points inside the site or copies a theme script's shape."""
    import material

    site = tmp_path / "site"
    (site / "donnees").mkdir(parents=True)
    for name in ("donnees/charte.json", "donnees/fiches.csv", "x.png"):
        (site / name).write_text("x", encoding="utf-8")
    (site / "index.html").write_text(f'<!doctype html><html lang="fr"><title>t</title>{markup}', encoding="utf-8")
    assert inert_faults(site, [REPO / "overrides", Path(material.__file__).parent / "templates"]) != []
