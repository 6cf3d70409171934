"""The published JSON Schema comes from the model and accepts exactly what validation accepts."""

import json
import re
import typing
from pathlib import Path

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from guide_nr.model.charter import Charter
from guide_nr.model.fiche import Fiche
from guide_nr.model.identity import Identity
from guide_nr.model.maturity import Maturity
from guide_nr.sources.project import load_project
from guide_nr.sources.schema import ORGANISATION_SCHEMA_FILES, fiche_json_schema, organisation_json_schemas

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
    hidden = list(guide.organisation.hidden_themes)  # a fork's hidden themes: their fiche files still name them
    assert document["properties"]["theme"]["enum"] == [t.id for t in guide.themes] + hidden
    assert document["properties"]["pilots"]["items"]["enum"] == [p.label for p in guide.pilot_vocabulary]  # hidden fiches name theirs too


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


# -- the schemas of an organisation's files (fiches/_schema-*.json, for editors) ------------

ORGANISATIONS = {"exemple": "exemples/organisation-fictive", "hopital": "tests/data/organisation-hopital",
                 "ancienne": "tests/data/organisation-fictive-574765b"}
#: Words of an English sentence: a description the model left in English, or none at all.
ENGLISH = re.compile(r"\b(the|of|and|should|must|which|with|is|are|when|if)\b", re.IGNORECASE)
QUOTED = re.compile(r"«[^»]*»|\([^)]*\)")  # field names and examples, quoted or in parentheses


@pytest.fixture(scope="module", params=sorted(ORGANISATIONS))
def organisation(request):
    """(folder, guide loaded with it, its files' schemas with that guide's vocabulary)."""
    folder = REPO / ORGANISATIONS[request.param]
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("GUIDE_ORGANISATION", str(folder))
        guide = load_project(REPO).load()
    return folder, guide, organisation_json_schemas(guide)


def _as_json(path: Path):
    """A YAML file as an editor's YAML extension hands it to the schema (dates as text)."""
    return json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))


def test_every_file_of_each_organisation_is_valid_against_its_schema(organisation):
    folder, guide, schemas = organisation
    assert set(schemas) == set(ORGANISATION_SCHEMA_FILES)
    for name, schema in schemas.items():
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
        assert [e.message for e in validator.iter_errors(_as_json(folder / name))] == [], name
    fiche = jsonschema.Draft202012Validator(fiche_json_schema(guide), format_checker=jsonschema.FormatChecker())
    for path in sorted((folder / "fiches").glob("*.yml")):  # its own fiches, against the fiche schema
        assert [e.message for e in fiche.iter_errors(_as_json(path))] == [], path.name


def test_the_schemas_refuse_what_validation_refuses(organisation):
    folder, guide, schemas = organisation
    charter = _as_json(folder / "charter.yml")
    validator = jsonschema.Draft202012Validator(schemas["charter.yml"], format_checker=jsonschema.FormatChecker())
    first = charter["commitments"][0]
    for broken in ({**first, "statut": "en cours"}, {**first, "status": "en cour"}, {**first, "fiche": "zz.9"},
                   {**first, "scope": ["nulle part"]}, {**first, "actions": [{"title": "Sans dates", "owner": "DGS"}]}):
        assert list(validator.iter_errors({**charter, "commitments": [broken]})), broken
    maturity = _as_json(folder / "maturity.yml")
    maturity["assessments"][0]["scores"][0]["score"] = 6
    assert list(jsonschema.Draft202012Validator(schemas["maturity.yml"]).iter_errors(maturity))
    identity = _as_json(folder / "organisation.yml")
    assert list(jsonschema.Draft202012Validator(schemas["organisation.yml"]).iter_errors({**identity, "primary_color": "vert"}))


def _properties(schema: dict):
    """(model, property, its schema) for every property of a schema and of its definitions."""
    for owner in [schema, *schema.get("$defs", {}).values()]:
        for name, spec in owner.get("properties", {}).items():
            yield owner.get("title", ""), name, spec


def test_every_property_of_the_organisation_schemas_has_a_french_description(organisation):
    _, _, schemas = organisation
    for file, schema in schemas.items():
        described = [(model, name, spec.get("description", "")) for model, name, spec in _properties(schema)]
        assert len(described) >= 5 and [(file, model, name) for model, name, text in described if not text.strip()] == []
        assert [(file, model, name, text) for model, name, text in described if ENGLISH.search(QUOTED.sub("", text))] == []


@pytest.mark.parametrize("key", sorted(k for k, v in ORGANISATIONS.items() if not v.endswith("574765b")))  # written before the schemas
def test_each_organisation_file_names_its_schema_for_editors(key):
    folder = REPO / ORGANISATIONS[key]
    for name, schema_file in ORGANISATION_SCHEMA_FILES.items():
        first = (folder / name).read_text(encoding="utf-8").splitlines()[0]
        found = re.fullmatch(r"# yaml-language-server: \$schema=((?:\.\./)+)fiches/(_schema-[a-z]+\.json)", first)
        assert found and found.group(2) == schema_file, (name, first)
        # The path is written for where the folder is used: organisation/ of a fork, or where it lies in the tests.
        used_at = REPO / "organisation" if folder.parent.name == "exemples" else folder
        assert (used_at / found.group(1)).resolve() == REPO.resolve(), (name, first)


# -- the README's tables of the organisation's fields ---------------------------------------


def _nested(annotation) -> tuple[type[BaseModel] | None, bool]:
    """The model inside a field's annotation (``Action`` in ``list[Action]``), and whether it is a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, False
    for arg in typing.get_args(annotation):
        model, listed = _nested(arg)
        if model is not None:
            return model, listed or typing.get_origin(annotation) is list
    return None, False


def _model_tables(model: type[BaseModel], file: str, path: str = "") -> dict[tuple[str, str], list[tuple[str, bool]]]:
    """Every level of a file, from its model: (file, path) → [(field, required)]."""
    tables = {(file, path): [(name, info.is_required()) for name, info in model.model_fields.items()]}
    for name, info in model.model_fields.items():
        nested, listed = _nested(info.annotation)
        if nested is not None:
            tables |= _model_tables(nested, file, f"{path}.{name}".lstrip(".") + ("[]" if listed else ""))
    return tables


def _readme_tables() -> dict[tuple[str, str], list[tuple[str, bool]]]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("### Les champs de `organisation.yml`", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    tables = {}
    for block in re.split(r"\n(?=\*\*`)", section)[1:]:
        heading = re.match(r"\*\*`([a-z]+\.yml)`(?: › `([^`]+)`)?\*\*", block)
        assert heading, block[:80]
        rows = re.findall(r"^\| `([a-z_]+)` \| [^|]+ \| (oui|non) \| .+ \|$", block, re.M)
        assert rows and len(rows) == block.count("\n| `"), block[:80]
        tables[(heading.group(1), heading.group(2) or "")] = [(name, required == "oui") for name, required in rows]
    return tables


def test_the_readme_tables_list_exactly_the_fields_of_the_models():
    expected = {}
    for model, file in ((Identity, "organisation.yml"), (Charter, "charter.yml"), (Maturity, "maturity.yml")):
        expected |= _model_tables(model, file)
    assert {("charter.yml", "commitments[].actions[]"), ("charter.yml", "commitments[].targets[]"), ("charter.yml", "commitments[].budgets[]"),
            ("charter.yml", "adoption"), ("charter.yml", "signatories[]"), ("charter.yml", "revisions[]")} <= set(expected)
    assert _readme_tables() == expected
