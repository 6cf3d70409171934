"""The published JSON Schema comes from the model and accepts exactly what validation accepts."""

import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from guide_nr.model.fiche import Fiche
from guide_nr.sources.project import load_project
from guide_nr.sources.schema import fiche_json_schema

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def schema():
    guide = load_project(REPO).load()
    return fiche_json_schema(guide), guide


def test_schema_properties_are_the_model_fields(schema):
    document, _ = schema
    assert list(document["properties"]) == list(Fiche.model_fields)
    assert set(document["required"]) == {n for n, f in Fiche.model_fields.items() if f.is_required()}
    assert document["additionalProperties"] is False


def test_schema_carries_the_vocabularies(schema):
    document, guide = schema
    assert document["properties"]["theme"]["enum"] == [t.id for t in guide.themes]
    assert document["properties"]["pilots"]["items"]["enum"] == [p.label for p in guide.pilots]


def test_every_fiche_of_the_guide_is_valid_against_the_schema(schema):
    document, guide = schema
    validator = jsonschema.Draft202012Validator(document, format_checker=jsonschema.FormatChecker())
    for path in sorted((REPO / "fiches").glob("[!_]*.yml")):
        data = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        assert list(validator.iter_errors(data)) == [], path.name


def test_schema_rejects_what_validation_rejects(schema):
    document, _ = schema
    data = json.loads(json.dumps(yaml.safe_load((REPO / "fiches" / "a.1.yml").read_text(encoding="utf-8")), default=str))
    for field, value in [("priority", "Recomandée"), ("pilots", ["Direction du numerique"]), ("id", "a1"), ("dificulty", "Facile")]:
        broken = {**data, field: value}
        assert list(jsonschema.Draft202012Validator(document).iter_errors(broken)), field
