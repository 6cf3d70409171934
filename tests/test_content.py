"""The published content agrees with the facts of guide v1 (tests/data/guide-v1-facts.json)."""

import json
from pathlib import Path

import pytest

from guide_nr.project import load_project

REPO = Path(__file__).resolve().parent.parent
FACTS = json.loads((Path(__file__).parent / "data" / "guide-v1-facts.json").read_text(encoding="utf-8"))
FACT_FIELDS = ("id", "theme", "title", "priority", "difficulty", "pilots", "indicators")


@pytest.fixture(scope="module")
def guide():
    return load_project(REPO).load()


def test_themes_match_the_facts(guide):
    assert [(t.id, t.title) for t in guide.themes] == [(t["id"], t["title"]) for t in FACTS["themes"]]


def test_pilot_vocabulary_is_the_facts_vocabulary(guide):
    facts_pilots = {p for f in FACTS["fiches"] for p in f["pilots"]}
    assert {p.label for p in guide.pilots} == facts_pilots
    assert len(guide.pilots) == 11


def test_every_fiche_fact_equals_the_reference(guide):
    facts = {f["id"]: f for f in FACTS["fiches"]}
    assert guide.fiches, "no fiche published"
    for fiche in guide.fiches:
        assert fiche.id in facts, fiche.id
        for name in FACT_FIELDS:
            assert getattr(fiche, name) == facts[fiche.id][name], (fiche.id, name)
        assert fiche.updated.isoformat() == facts[fiche.id]["date"]
