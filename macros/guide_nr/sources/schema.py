"""JSON Schema of the fiche format, generated from the pydantic model.

Editors (VS Code's YAML extension, IntelliJ…) use it to validate and complete fiches
while typing. Theme ids and pilot labels come from the guide's vocabulary files, so
completion offers exactly what validation accepts.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from guide_nr.model.charter import Charter
from guide_nr.model.fiche import Fiche
from guide_nr.model.guide import Guide
from guide_nr.model.identity import Identity
from guide_nr.model.maturity import Maturity
from guide_nr.sources.organisation import own_id_regex


def fiche_json_schema(guide: Guide | None = None) -> dict:
    schema = Fiche.model_json_schema()
    _without_english_titles(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Fiche du Guide de bonnes pratiques numérique responsable"
    if guide is not None:
        props = schema["properties"]
        props["theme"]["enum"] = [t.id for t in guide.themes] + list(guide.organisation.hidden_themes)  # hidden ones still have files
        props["pilots"]["items"]["enum"] = [p.label for p in guide.pilot_vocabulary or guide.pilots]
        if guide.settings.id_pattern:
            # Named groups are spelt differently in Python and ECMA-262 regexes: drop the names.
            props["id"]["pattern"] = "^(?:" + re.sub(r"\(\?P<\w+>", "(", guide.settings.id_pattern) + ")$"
            if guide.organisation.identity is not None and guide.organisation.identity.id_prefix:  # a fork's own fiches
                own = re.sub(r"\(\?P<\w+>", "(", own_id_regex(guide.organisation.identity.id_prefix).pattern)
                props["id"]["pattern"] += "|" + own
    return schema


def fiche_json_schema_text(guide: Guide | None = None) -> str:
    return json.dumps(fiche_json_schema(guide), ensure_ascii=False, indent=2) + "\n"


def _find(schema: dict, name: str) -> dict:
    """A model's schema inside ``schema`` (itself or one of its ``$defs``)."""
    return schema if schema.get("title") == name else schema["$defs"][name]


def _without_english_titles(node: object) -> None:
    """Drop the titles pydantic derives from Python names (« Status », « Human Means »): editors
    show them next to the French descriptions. Models keep theirs (``_find`` reads them)."""
    if isinstance(node, dict):
        for key in ("properties", "patternProperties"):
            for value in (node.get(key) or {}).values():
                if isinstance(value, dict):
                    value.pop("title", None)
        for value in node.values():
            _without_english_titles(value)
    elif isinstance(node, list):
        for value in node:
            _without_english_titles(value)


def organisation_json_schemas(guide: Guide | None = None) -> dict[str, dict]:
    """The schemas of an organisation's files, by file name (``charter.yml``…), with the
    guide's vocabulary: fiche ids a charter may commit to, scope values, dimensions' fiches."""
    out = {}
    for name, model, title in (("organisation.yml", Identity, "Organisation (fork du guide) : organisation.yml"),
                               ("charter.yml", Charter, "Charte numérique responsable d’une organisation : charter.yml"),
                               ("maturity.yml", Maturity, "Auto-évaluations de maturité d’une organisation : maturity.yml")):
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = title
        _without_english_titles(schema)
        out[name] = schema
    if guide is not None:
        published = [f.id for f in guide.fiches]
        _find(out["charter.yml"], "Commitment")["properties"]["fiche"]["enum"] = published
        _find(out["charter.yml"], "Commitment")["properties"]["scope"]["items"]["enum"] = list(guide.organisation.scopes)
        out["maturity.yml"]["properties"]["dimensions"]["additionalProperties"]["items"]["enum"] = published
        themes = [t.id for t in guide.themes] + list(guide.organisation.hidden_themes)
        for key in ("published_themes", "hidden_themes"):
            out["organisation.yml"]["properties"][key]["items"]["enum"] = themes
        out["organisation.yml"]["properties"]["hidden_fiches"]["items"]["enum"] = [f.id for f in guide.upstream_fiches]
    return out


#: The organisation schemas' file names, next to the fiche schema (for editors) and in the
#: published site (``routes.ORGANISATION_SCHEMAS``).
ORGANISATION_SCHEMA_FILES = {"organisation.yml": "_schema-organisation.json", "charter.yml": "_schema-charter.json",
                             "maturity.yml": "_schema-maturity.json"}


def _text(schema: dict) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def organisation_json_schema_texts(guide: Guide | None = None) -> dict[str, str]:
    return {name: _text(schema) for name, schema in organisation_json_schemas(guide).items()}


MODELINE = "# yaml-language-server: $schema=_schema.json"


def refresh_schema_file(guide: Guide) -> bool:
    """Write the editors' schema next to the fiches when it changed; True if written.

    Every fiche starts with ``MODELINE``, so editors validate and complete against it; the
    files of an organisation's folder name theirs (``_schema-charter.json``…) the same way.
    """
    path = guide.settings.schema_path
    written = _refresh(path, fiche_json_schema_text(guide))
    for name, text in organisation_json_schema_texts(guide).items():
        written = _refresh(path.with_name(ORGANISATION_SCHEMA_FILES[name]), text) or written
    return written


def _refresh(path: Path, text: str) -> bool:
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except OSError:
        pass
    try:
        path.write_text(text, encoding="utf-8")
    except OSError:
        return False  # a read-only checkout still builds
    return True
