"""JSON Schema of the fiche format, generated from the pydantic model.

Editors (VS Code's YAML extension, IntelliJ…) use it to validate and complete fiches
while typing. Theme ids and pilot labels come from the guide's vocabulary files, so
completion offers exactly what validation accepts.
"""

from __future__ import annotations

import json
import re

from guide_nr.model.fiche import Fiche
from guide_nr.model.guide import Guide
from guide_nr.sources.organisation import own_id_regex


def fiche_json_schema(guide: Guide | None = None) -> dict:
    schema = Fiche.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Fiche du Guide de bonnes pratiques numérique responsable"
    if guide is not None:
        props = schema["properties"]
        props["theme"]["enum"] = [t.id for t in guide.themes] + list(guide.organisation.hidden_themes)  # hidden ones still have files
        props["pilots"]["items"]["enum"] = [p.label for p in guide.pilots]
        if guide.settings.id_pattern:
            # Named groups are spelt differently in Python and ECMA-262 regexes: drop the names.
            props["id"]["pattern"] = "^(?:" + re.sub(r"\(\?P<\w+>", "(", guide.settings.id_pattern) + ")$"
            if guide.organisation.identity is not None and guide.organisation.identity.id_prefix:  # a fork's own fiches
                own = re.sub(r"\(\?P<\w+>", "(", own_id_regex(guide.organisation.identity.id_prefix).pattern)
                props["id"]["pattern"] += "|" + own
    return schema


def fiche_json_schema_text(guide: Guide | None = None) -> str:
    return json.dumps(fiche_json_schema(guide), ensure_ascii=False, indent=2) + "\n"


MODELINE = "# yaml-language-server: $schema=_schema.json"


def refresh_schema_file(guide: Guide) -> bool:
    """Write the editors' schema next to the fiches when it changed; True if written.

    Every fiche starts with ``MODELINE``, so editors validate and complete against it.
    """
    path = guide.settings.schema_path
    text = fiche_json_schema_text(guide)
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
