"""The published content: the 59 practices of guide v1, their facts, prose and real cases."""

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

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
    published = [f.id for f in guide.fiches]
    v1 = [f["id"] for f in FACTS["fiches"]]
    assert [i for i in published if i in v1] == v1  # all of them, in order; new fiches may be added


def test_themes_match_the_facts(guide):
    assert [(t.id, t.title) for t in guide.themes] == [(t["id"], t["title"]) for t in FACTS["themes"]]


def test_pilot_vocabulary_is_the_facts_vocabulary(guide):
    facts_pilots = {p for f in FACTS["fiches"] for p in f["pilots"]}
    assert {p.label for p in guide.pilots} == facts_pilots
    assert len(guide.pilots) == 11


def test_every_fiche_fact_equals_the_reference(guide):
    facts = {f["id"]: f for f in FACTS["fiches"]}
    mismatches = []
    for fiche in (f for f in guide.fiches if f.id in facts):
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
    outside = {f.id: words(f.body) for f in guide.fiches if not 120 <= words(f.body) <= 300}
    assert outside == {}, "corps hors de 120 à 300 mots"


def test_every_summary_is_one_sentence(guide):
    bad = [f.id for f in guide.fiches if not f.summary.endswith(".") or re.search(r"[.!?]\s+\S", f.summary[:-1])]
    assert bad == []


def test_every_fiche_leads_to_related_fiches(guide):
    assert [f.id for f in guide.fiches if not f.related] == []


def feedback_texts(guide):
    for fiche in guide.fiches:
        for item in fiche.feedback:
            source = item.source.title + " " + (item.source.url or "") if item.source else ""
            yield fiche.id, f"{item.organisation} | {item.text} | {source} | {item.year or ''}"


DOCUMENTED_CASES = {
    "durée de vie de 2 à 4 ans (ADEME)": r"ADEME.*2\s*à\s*4\s*ans.*50\s*%",
    "ordinateurs en veille coupés après une heure (ADEME)": r"ADEME.*heure.*11\s*%",
    "salles de 21 °C à 23 °C (ecologie.gouv.fr)": r"21\s*°C.*23\s*°C.*ecologie\.gouv\.fr",
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
    assert [f.id for f in guide.fiches for item in f.feedback if item.source is None] == []


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
    assert missing == []
