"""Content a public body can sign (issue 16): no known wrong claim, legal texts with their official
address, guide v1's experience cases told, retours d'expérience that are experiences, one register,
and prose of our own. Counts and ids come from the loaded guide and its sources."""

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from guide_nr.sources.project import load_project
from support.originality import copied_runs
from support.typography import prose_of

REPO = Path(__file__).resolve().parent.parent
V1_SOURCE = "version 1 (2023)"

#: Claims found wrong or outdated, and what is right instead.
WRONG_FORMS = {
    # AGEC's article 16 is the repairability index: it is wrong only as the source of the reuse duty.
    r"(?i)article\s+16\s+de\s+la\s+\[?loi\s+AGEC[^.]{0,160}(?:réemploi|réutilis|réform|fonctionnel)"
    r"|(?:réemploi|réutilis|réform|fonctionnel)[^.]{0,160}article\s+16\s+de\s+la\s+\[?loi\s+AGEC":
        "l’orientation vers le réemploi des équipements réformés relève de l’article 16 de la loi REEN",
    r"(?i)loi\s+AGEC\s*\(article\s+16\)[^.]{0,160}(?:réemploi|réutilis|réform|fonctionnel)":
        "l’orientation vers le réemploi des équipements réformés relève de l’article 16 de la loi REEN",
    r"(?i)(?:huit|8)\s+conventions\s+fondamentales": "l’OIT compte dix conventions fondamentales depuis 2022",
    r"(?i)79\s+critères": "le RGESN 2024 compte 78 critères",
    r"(?i)(?:ADEME|Arcep)[^.]{0,80}\b2\s*(?:%\s*)?(?:à|et)\s*4\s*%|\b2\s*(?:%\s*)?(?:à|et)\s*4\s*%[^.]{0,80}(?:ADEME|Arcep)":
        "l’étude ADEME-Arcep (2023) donne 2,5 % de l’empreinte carbone de la France",
    r"(?i)décret\s+n°\s*2009-1751": "décret cité à tort par la version 1 (le plafond de 300 € ne vient pas de ce texte)",
    r"(?i)directive\s+2021/19": "la directive DEEE est la directive 2012/19/UE",
    r"(?i)tous\s+les\s+DEEE\s+sont\s+dangereux|DEEE,\s+déchets\s+dangereux": "tous les DEEE ne sont pas des déchets dangereux",
    r"(?i)montée en compétences technique\b": "montée en compétences techniques",
    r"(?i)stratégies numérique responsable": "stratégies de numérique responsable",
}
#: Growth rates of 2017–2022 that were projections (Cisco VNI, 2018) when first published.
PROJECTION = re.compile(r"(?i)(?:26|10)\s*%\s*par\s+an[^.]{0,60}2017|2017[^.]{0,80}(?:26|10)\s*%\s*par\s+an")

#: Guide v1's « Retour d'expérience » cases, fiche by fiche: what must be told (own words).
V1_CASES = {
    "a.2": [r"Région Bretagne"],
    "a.4": [r"(?i)référents?\s+(?:des\s+)?marchés|RMA", r"MAREVA", r"(?i)SPE|services publics écoresponsables"],
    "b.3": [r"(?i)repair"],
    "c.1": [r"CANEL"],
    "d.1": [r"(?i)webmail|messagerie"],
    "e.5": [r"Electronics Watch"],
    "g.11": [r"(?i)Pas\s+Sage\s+en\s+Seine", r"Angers"],
    "i.2": [r"DNID", r"(?i)la\s*collecte\.tech"],
    "i.6": [r"(?i)mission\s+du\s+développement\s+durable|BSDD|bordereau"],
}
#: General rules of thumb once shown as retours d'expérience: now in the body, with their source.
RULES_OF_THUMB = {
    "durée d’usage portée de 2 à 4 ans (ADEME)": r"2\s*à\s*4\s*ans.*50\s*%",
    "postes éteints après une heure d’inactivité (ADEME)": r"heure.*11\s*%",
    "salles de 21 °C à 23 °C (ecologie.gouv.fr)": r"21\s*°C.*23\s*°C",
}
ADVICE = re.compile(r"(?i)\b(?:recommand\w*|conseill\w*|préconis\w*)\b")
#: Laws, decrees, arrêtés and EU texts (articles of a code are cited by number; their Légifrance
#: addresses carry opaque identifiers and are given where known).
LEGAL_TITLE = re.compile(r"(?i)^(?:loi|décret|arrêté|ordonnance|directive|règlement)\b")
OFFICIAL_HOSTS = ("www.legifrance.gouv.fr", "eur-lex.europa.eu", "data.europa.eu")
#: Numbered legal texts named in prose: French (« loi n° 2021-1485 ») and EU (« directive 2012/19/UE »).
FRENCH_TEXT = re.compile(r"(?i)\b(?:loi|décret|ordonnance)\s+n°\s*(\d{2,4}-\d+)")
EU_TEXT = re.compile(r"(?i)\b(?:directive|règlement(?:\s+délégué)?(?:\s+d’exécution)?)\s+(?:\(UE\)\s+|\(CE\)\s+)?(?:n°\s*)?(\d{4}/\d+)")
#: Second-person forms: the guide speaks neutrally (« l’organisation »), never to « vous ».
SECOND_PERSON = re.compile(r"(?i)(?<![-\w])(?:vous|vos|votre)\b|(?:^|[.!?]\s+|^\s*-\s+)(?!Chez\b)[A-ZÉ][a-zéèêëàâîïôûç]+ez(?:-(?:vous|les|en|y))?\b", re.MULTILINE)


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


def sources() -> list[Path]:
    """Every file whose prose the site publishes: fiches, themes, narrative pages, the example fork."""
    example = REPO / "exemples" / "organisation-fictive"
    return [*sorted((REPO / "fiches").glob("*.yml")), *sorted((REPO / "docs").glob("*.md")),
            *sorted(example.rglob("*.yml")), *sorted(example.rglob("*.md"))]


def prose(path: Path) -> list[tuple[str, str]]:
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        return [("", re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL))]
    return list(prose_of(yaml.safe_load(text)))


def where(path: Path) -> str:
    return path.relative_to(REPO).as_posix()


def test_no_known_wrong_claim_remains_in_the_sources():
    found = [f"{where(path)} {field} : « {m.group(0)} » — {why}"
             for path in sources() for field, text in prose(path)
             for pattern, why in WRONG_FORMS.items() for m in re.finditer(pattern, text)]
    assert found == [], "\n".join(found)


@pytest.mark.parametrize("claim", ["Pour l’État, l’article 16 de la loi AGEC impose d’orienter le matériel fonctionnel vers le réemploi", "les huit conventions fondamentales de l’OIT",
                                   "les 79 critères du RGESN", "selon l’ADEME et l’Arcep, de 2 à 4 % des émissions"])
def test_the_wrong_claim_check_can_fail(claim):
    assert any(re.search(pattern, claim) for pattern in WRONG_FORMS), claim


def test_the_agec_repairability_index_is_not_a_wrong_claim():
    assert not any(re.search(pattern, "L’indice de réparabilité, créé par l’article 16 de la loi AGEC, note les appareils.")
                   for pattern in WRONG_FORMS)


def test_projections_are_said_to_be_projections():
    found = []
    for path in sources():
        for field, text in prose(path):
            for sentence in re.split(r"(?<=[.!?])\s+", text):
                if PROJECTION.search(sentence) and not re.search(r"(?i)projection|projet|prévision|prévoy|prévu|anticip", sentence):
                    found.append(f"{where(path)} {field} : {sentence.strip()[:160]}")
    assert found == [], "\n".join(found)


def test_every_case_of_guide_v1_is_told_with_its_source(guide):
    missing = []
    for fiche_id, patterns in V1_CASES.items():
        told = [item for item in guide.fiche(fiche_id).feedback if item.source and V1_SOURCE in item.source.title]
        text = " ".join(f"{item.organisation} {item.text}" for item in told)
        missing += [f"{fiche_id} : {pattern}" for pattern in patterns if not re.search(pattern, text)]
    assert missing == [], missing


def test_every_retour_d_experience_says_what_it_reports_and_is_not_advice(guide):
    unstated = [f.id for f in guide.upstream_fiches for item in f.feedback if item.nature is None]
    advice = [f"{f.id} ({item.organisation}) : {m.group(0)}" for f in guide.upstream_fiches for item in f.feedback
              for m in [ADVICE.search(item.text)] if m]
    assert unstated == [] and advice == [], (unstated, advice)


@pytest.mark.parametrize("rule", RULES_OF_THUMB)
def test_rules_of_thumb_are_told_in_a_body_not_as_an_experience(guide, rule):
    pattern = re.compile(RULES_OF_THUMB[rule], re.DOTALL)
    assert [f.id for f in guide.upstream_fiches if pattern.search(f.body)], rule
    assert [f.id for f in guide.upstream_fiches for item in f.feedback if pattern.search(item.text)] == [], rule


def official(url: str | None) -> bool:
    return bool(url) and url.split("/")[2] in OFFICIAL_HOSTS


def test_every_law_decree_and_eu_text_in_the_references_has_its_official_address(guide):
    references = [(f.id, r) for f in guide.upstream_fiches for r in f.cited]
    missing = [f"{fiche_id} : {r.title}" for fiche_id, r in references if LEGAL_TITLE.match(r.title) and not official(r.url)]
    assert missing == [], "\n".join(missing)


def addressed_texts(guide) -> set[str]:
    """Numbers of the legal texts the site links to an official address: from fiche references and
    from the links of the narrative pages (the number in the link text, title or address)."""
    pairs = [(r.title, r.url) for f in guide.upstream_fiches for r in f.references]
    for path in sorted((REPO / "docs").glob("*.md")):
        pairs += re.findall(r"\[([^\]]+)\]\((https?://[^)\s]+)\)", path.read_text(encoding="utf-8"))
    numbers = set()
    for text, url in pairs:
        if official(url):
            numbers |= {n for n in FRENCH_TEXT.findall(text) + EU_TEXT.findall(text)}
            numbers |= set(re.findall(r"/(\d{4}-\d+)/", url)) | {f"{y}/{n}" for y, n in re.findall(r"/(?:dir|reg|reg_del|reg_impl)/(\d{4})/(\d+)/", url)}
    return numbers


def test_every_numbered_legal_text_named_in_the_prose_is_linked_somewhere_to_its_official_address(guide):
    addressed = addressed_texts(guide)
    named = {}
    for path in sources():
        for field, text in prose(path):
            for number in FRENCH_TEXT.findall(text) + EU_TEXT.findall(text):
                named.setdefault(number, f"{where(path)} {field}")
    missing = [f"{number} (cité dans {place})" for number, place in sorted(named.items()) if number not in addressed]
    assert missing == [], "\n".join(missing)


def test_the_legal_pages_and_fiches_name_texts_in_their_current_version(guide):
    rgesn = [f"{f.id} : {r.url}" for f in guide.upstream_fiches for r in f.references
             if "RGESN" in r.title and r.url and "referentiel-general-ecoconception/" in r.url and "2024" not in r.title]
    assert rgesn == [], rgesn  # the 2022 page of the RGESN is superseded by the 2024 version


def test_fiches_and_theme_intros_speak_neutrally():
    found = []
    for path in [*sorted((REPO / "fiches").glob("*.yml"))]:
        for field, text in prose(path):
            cleaned = re.sub(r"\[([^\]]*)\]\([^)]*\)|`[^`]*`|«[^»]*»", r"\1", text)
            found += [f"{where(path)} {field} : « {m.group(0).strip()} »" for m in SECOND_PERSON.finditer(cleaned)]
    assert found == [], "\n".join(found)


def test_the_register_check_can_fail():
    for sentence in ["Formez aussi les managers.", "Méfiez-vous des offres.", "- Pensez à éteindre.", "Vos services gagnent."]:
        assert SECOND_PERSON.search(sentence), sentence
    assert not SECOND_PERSON.search("Chez l’organisation, rien. Former les managers. Deux rendez-vous.")


def test_prose_is_our_own():
    found = []
    for path in sources():
        for field, text in prose(path):
            found += [f"{where(path)} {field} : {len(run.split())} mots repris : « {run} »" for run in copied_runs(text)]
    assert found == [], "\n".join(found)


def test_the_originality_check_finds_a_copied_sentence():
    # A run of words from the ministry action plans of 2022 (one of the sources), as a contributor might paste it.
    assert copied_runs("Ils retiennent l’allongement de la durée de vie, la mutualisation ou le réemploi des équipements, en bref.")
    assert not copied_runs("L’organisation garde ses ordinateurs plus longtemps et les partage entre services.")


def test_the_built_pages_show_no_known_wrong_claim(built_site):
    found = []
    for page in sorted(built_site.rglob("*.html")):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").get_text(" ")
        found += [f"{page.relative_to(built_site)} : « {m.group(0)} »" for pattern in WRONG_FORMS for m in re.finditer(pattern, text)]
    assert found == [], "\n".join(found[:20])
