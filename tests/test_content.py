"""The published content: the 59 practices of guide v1, their facts, prose and real cases."""

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from guide_nr.model.fiche import FEEDBACK_NATURES
from guide_nr.sources.project import load_project
from support.typography import problems as typography_problems
from support.typography import prose_of

REPO = Path(__file__).resolve().parent.parent
FACTS = json.loads((Path(__file__).parent / "data" / "guide-v1-facts.json").read_text(encoding="utf-8"))
FACT_FIELDS = ("id", "theme", "title", "priority", "difficulty", "pilots", "indicators")
NARRATIVE_PAGES = ["a-propos/", "cadre-legal/", "glossaire/", "ressources/", "licence/", "ecoconception/", "accessibilite/"]
GLOSSARY_ANCHORS = [
    "acv", "agec", "code-de-conduite", "cue", "deee", "ecoconception", "eco-organisme", "ecolabel", "effet-rebond",
    "ess", "indice-reparabilite", "location-fonctionnelle", "obsolescence", "pue", "reconditionnement", "reemploi",
    "reen", "reutilisation", "rgesn", "sobriete-numerique", "tco", "wue",
]


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


def test_the_59_practices_of_guide_v1_are_published(guide):
    """In the common guide, all of them in order (new fiches may be added); a fork publishes them
    all but those it hides, and keeps every one in its sources."""
    published = [f.id for f in guide.fiches]
    v1 = [f["id"] for f in FACTS["fiches"]]
    hidden = set(guide.organisation.hidden)
    assert [i for i in published if i in v1] == [i for i in v1 if i not in hidden]
    assert [f.id for f in guide.upstream_fiches if f.id in v1] == v1


def test_themes_match_the_facts(guide):
    """The common guide's themes, in order; a fork may hide some and add its own."""
    ids = {t["id"] for t in FACTS["themes"]}
    hidden = set(guide.organisation.hidden_themes)
    assert [(t.id, t.title) for t in guide.themes if t.id in ids] == [(t["id"], t["title"]) for t in FACTS["themes"] if t["id"] not in hidden]


def test_pilot_vocabulary_is_the_facts_vocabulary(guide):
    facts_pilots = {p for f in FACTS["fiches"] for p in f["pilots"]}
    assert facts_pilots <= {p.label for p in guide.pilot_vocabulary}  # a fork may add its own (and hide some fiches' pilots)
    if guide.organisation.identity is None:
        assert {p.label for p in guide.pilots} == facts_pilots


def test_every_fiche_fact_equals_the_reference(guide):
    facts = {f["id"]: f for f in FACTS["fiches"]}
    mismatches = []
    for fiche in (f for f in guide.upstream_fiches if f.id in facts):
        for name in FACT_FIELDS:
            if getattr(fiche, name) != facts[fiche.id][name]:
                mismatches.append((fiche.id, name, getattr(fiche, name), facts[fiche.id][name]))
        if fiche.updated.isoformat() != facts[fiche.id]["date"]:
            mismatches.append((fiche.id, "updated", fiche.updated.isoformat(), facts[fiche.id]["date"]))
    assert mismatches == []


def words(markdown: str) -> int:
    text = re.sub(r"\]\([^)]*\)", "]", markdown)
    return len(re.findall(r"\w+(?:[’'-]\w+)*", text))


def test_every_body_is_a_substantial_text(guide):
    outside = {f.id: words(f.body) for f in guide.upstream_fiches if not 120 <= words(f.body) <= 300}  # the common guide's
    assert outside == {}, "corps hors de 120 à 300 mots"


def test_every_summary_is_one_sentence(guide):
    bad = [f.id for f in guide.upstream_fiches if not f.summary.endswith(".") or re.search(r"[.!?]\s+\S", f.summary[:-1])]
    assert bad == []


def test_every_fiche_leads_to_related_fiches(guide):
    assert [f.id for f in guide.upstream_fiches if not f.related] == []


def feedback_texts(guide):
    for fiche in guide.upstream_fiches:
        for item in fiche.feedback:
            source = item.source.title + " " + (item.source.url or "") if item.source else ""
            yield fiche.id, f"{item.organisation} | {item.text} | {source} | {item.year or ''}"


DOCUMENTED_CASES = {
    "PHP compilé en C++ (Facebook, via GreenIT)": r"Facebook.*greenit\.fr",
    "stratégie de l’agglomération Pays basque (antic Pays basque)": r"(?i)agglomération Pays basque",
    "stratégie de la Ville de Bayonne (antic Pays basque)": r"Ville de Bayonne",
    "plans d’action ministériels 2022": r"Ministères.*2022",
}


@pytest.mark.parametrize("case", DOCUMENTED_CASES)
def test_documented_real_cases_are_attached_to_fiches(guide, case):
    pattern = re.compile(DOCUMENTED_CASES[case], re.DOTALL)
    assert [fiche_id for fiche_id, text in feedback_texts(guide) if pattern.search(text)], case


def test_every_feedback_names_its_source(guide):
    assert [f.id for f in guide.upstream_fiches for item in f.feedback if item.source is None] == []


def test_prose_follows_french_typography():
    found = []
    example = REPO / "exemples" / "organisation-fictive"
    for path in [*sorted((REPO / "fiches").glob("*.yml")), *sorted(example.rglob("*.yml"))]:
        for field, text in prose_of(yaml.safe_load(path.read_text(encoding="utf-8"))):
            found += [f"{path.name} {field} ligne {line} : {message}" for line, message in typography_problems(text)]
    for path in [*sorted((REPO / "docs").glob("*.md")), *sorted(example.rglob("*.md"))]:
        body = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
        found += [f"docs/{path.name} ligne {line} : {message}" for line, message in typography_problems(body)]
    assert found == [], "\n".join(found)


def test_narrative_pages_are_reachable_from_the_home_page(built_site):
    home = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    links = {a["href"] for a in home.find_all("a", href=True)}
    assert [page for page in NARRATIVE_PAGES if page not in links] == []


def test_glossary_has_the_anchors_fiches_link_to(built_site):
    glossary = BeautifulSoup((built_site / "glossaire" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert [anchor for anchor in GLOSSARY_ANCHORS if glossary.find(id=anchor) is None] == []


def test_every_fiche_page_shows_its_feedback(built_site, guide):
    missing = []
    for fiche in guide.fiches:
        page = BeautifulSoup((built_site / "fiches" / fiche.id / "index.html").read_text(encoding="utf-8"), "html.parser")
        shown = page.find(id="retours-experience") is not None
        if shown != bool(fiche.feedback):
            missing.append(fiche.id)
        # each retour d'expérience says what it reports, next to its source
        shown_natures = [label for p in page.select("p.source") for label in FEEDBACK_NATURES.values() if p.get_text().startswith(label)]
        if shown_natures != [FEEDBACK_NATURES[item.nature] for item in fiche.feedback if item.nature]:
            missing.append(f"{fiche.id} (nature)")
    assert missing == []


def test_no_fiche_text_changed_since_the_last_release_without_a_later_revision_date(guide):
    """The date a reader sees (« texte révisé le … ») is never older than the text: a fiche
    changed since the last release in fiches/_releases.json must carry a later `revised` date."""
    from guide_nr.model.release import stale_revision_dates

    stale = [f"{fiche.id} : modifiée depuis la version {release.version} ({release.date}), révisée le {fiche.revision}"
             for fiche, release in stale_revision_dates(guide.upstream_fiches or guide.fiches, guide.releases)]
    assert stale == [], "\n".join(stale)


def test_the_revision_check_catches_a_changed_text_and_accepts_a_new_date(guide):
    import datetime

    from guide_nr.model.release import stale_revision_dates

    assert guide.releases, "no release recorded: the check has nothing to compare with"
    released = datetime.date.fromisoformat(guide.releases[-1].date)
    fiche = next(f for f in guide.fiches if guide.releases[-1].fiches.get(f.id))
    edited = fiche.model_copy(update={"body": fiche.body + "\nUne phrase de plus.\n"})
    assert [f.id for f, _ in stale_revision_dates([edited], guide.releases)] == ([fiche.id] if fiche.revision < released else [])
    dated = edited.model_copy(update={"revised": released + datetime.timedelta(days=1)})
    assert stale_revision_dates([dated], guide.releases) == []
    assert stale_revision_dates([fiche], guide.releases) == []  # unchanged: nothing to say


def test_every_built_page_shows_french_typography(built_site, guide):
    """The build sets French typography on what readers see (postbuild/typography.py), whatever
    the sources hold: the checker of the sources finds nothing in the text of any built page."""
    from selectolax.lexbor import LexborHTMLParser

    from guide_nr.postbuild.typography import french_text, typeset_page
    from support.typography import _RULES, PREFERRED_FORMS

    # Titles and indicators are guide v1's facts, quoted as published (« Code de Conduite »): the
    # preferred spellings apply to everything else.
    facts = sorted({french_text(t) for f in guide.fiches for t in [f.title, *f.indicators]}, key=len, reverse=True)
    found = []
    for file in sorted(built_site.rglob("*.html")):
        source = file.read_text(encoding="utf-8")
        if typeset_page(source) != source:  # set once and for all: no double space inside « », nothing left to do
            found.append(f"{file.relative_to(built_site)} : la typographie n’est pas stable (une seconde passe change la page)")
        tree = LexborHTMLParser(source)
        for node in tree.css("script, style, code, pre, svg"):
            node.decompose()
        title = tree.css_first("title")
        text = (title.text() if title else "") + "\n" + (tree.body.text(separator="\n") if tree.body else "")
        lines = text.split("\n")
        prose = text
        for fact in facts:
            prose = prose.replace(fact, " ")
        found += [f"{file.relative_to(built_site)} : {message} — « {lines[line - 1].strip()[:60]} »" for line, message in typography_problems(text, _RULES)]
        found += [f"{file.relative_to(built_site)} : {message}" for line, message in typography_problems(prose, PREFERRED_FORMS)]
    assert found == [], "\n".join(found[:40])
    # The sources stay as written: a title typed with a straight apostrophe is shown with a curly one.
    typed = [f for f in guide.fiches if "'" in f.title]
    assert typed, "no title with a straight apostrophe left in the sources: pick another witness"
    page = BeautifulSoup((built_site / typed[0].page_path.replace(".md", "/index.html")).read_text(encoding="utf-8"), "html.parser")
    assert page.select_one("article h1").get_text() == typed[0].title.replace("'", "’")


def test_ordinals_are_in_superscript_and_capitals_keep_their_accent():
    from guide_nr.postbuild.typography import typeset_page

    page = typeset_page('<!doctype html><html lang="fr"><title>Evaluer l\'effet : 1er bilan</title><body><h1>Evaluer l\'effet</h1>'
                        '<p>Le 1er juin, la 2e fois, au XXIe siècle ; « Energy » reste anglais, Evaluation aussi.</p>'
                        '<p><code>a : b, l\'x</code> <a href="x?a=1&amp;b=2" title="l\'a : b">Note: voir?</a></p></body></html>')
    assert "<title>Évaluer l’effet\u202f: 1er bilan</title>" in page  # no markup inside <title>
    assert "<h1>Évaluer l’effet</h1>" in page
    assert "Le 1<sup>er</sup> juin, la 2<sup>e</sup> fois, au XXI<sup>e</sup> siècle\u202f; «\u202fEnergy\u202f» reste anglais, Evaluation aussi." in page
    assert "<code>a : b, l'x</code>" in page and 'href="x?a=1&amp;b=2" title="l\'a : b"' in page
    assert ">Note\u202f: voir\u202f?</a>" in page
    assert typeset_page('<body><p>La loi n° 2021-1485, le n°\u00a012.</p></body>') == '<body><p>La loi n°\u00a02021-1485, le n°\u00a012.</p></body>'

