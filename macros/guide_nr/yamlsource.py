"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader already refuses object construction; on top of it this module
refuses what a fiche never needs and an attacker could use: custom tags, anchors and
aliases (the "billion laughs" bomb), duplicate keys (silently overwritten by YAML),
oversized files and non-UTF-8 bytes. It builds plain Python data from the node
tree itself, so each value keeps the line it was written on.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:  # the C parser is much faster on large guides; same safety (no construction)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader

DEFAULT_MAX_BYTES = 256 * 1024

Path_ = tuple  # a location key: ("feedback", 0, "text")

_STANDARD_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}


class YamlSourceError(Exception):
    """The file cannot be read as data at all; ``line`` is 1-based when known."""

    def __init__(self, message: str, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.line = line


@dataclass
class YamlDocument:
    """Plain data read from one file, with the line of every key and value."""

    path: Path
    data: object
    key_lines: dict[Path_, int] = field(default_factory=dict)
    value_lines: dict[Path_, int] = field(default_factory=dict)
    block_scalars: set[Path_] = field(default_factory=set)

    def line_of(self, loc: Path_) -> int | None:
        """Line of the key (or list item) at ``loc``, falling back to its nearest parent."""
        loc = tuple(loc)
        while loc:
            if loc in self.key_lines:
                return self.key_lines[loc]
            loc = loc[:-1]
        return self.value_lines.get((), 1)

    def text_start_line(self, loc: Path_) -> int | None:
        """Line on which the text of a string value starts (after ``|`` or ``>``)."""
        loc = tuple(loc)
        if loc not in self.value_lines:
            return self.line_of(loc)
        return self.value_lines[loc] + (1 if loc in self.block_scalars else 0)


def read_yaml(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> YamlDocument:
    """Read one YAML document; raise :class:`YamlSourceError` with a French message."""
    size = path.stat().st_size
    if size > max_bytes:
        raise YamlSourceError(
            f"fichier trop volumineux ({size // 1024} Ko) : la limite est de "
            f"{max_bytes // 1024} Ko par fichier. Une fiche tient largement dans cette taille."
        )
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlSourceError(
            f"le fichier n’est pas encodé en UTF-8 (octet 0x{raw[exc.start]:02x} invalide). "
            "Enregistrez-le en UTF-8 depuis votre éditeur.",
            line,
        ) from None
    try:
        nodes = list(yaml.compose_all(text, Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlSourceError(f"YAML invalide : {_french_yaml_problem(exc)}", line) from None
    except yaml.YAMLError as exc:  # pragma: no cover - unmarked errors are rare
        raise YamlSourceError(f"YAML invalide : {exc}") from None
    if len(nodes) > 1:
        raise YamlSourceError(
            "le fichier contient plusieurs documents YAML (séparateur « --- ») : un seul est attendu.",
            nodes[1].start_mark.line + 1,
        )
    document = YamlDocument(path=path, data=None)
    if not nodes or nodes[0] is None:
        raise YamlSourceError("le fichier est vide.", 1)
    document.data = _Builder(document).build(nodes[0], ())
    return document


_YAML_PROBLEMS_FR = {
    "mapping values are not allowed": "deux-points inattendu : mettez la valeur entre guillemets si elle contient « : »",
    "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
    "could not find expected ':'": "« : » attendu après le nom du champ",
    "found undefined alias": "alias YAML inconnu",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non refermé ?)",
    "expected <block end>, but found": "indentation incohérente",
}


def _french_yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    problem = (exc.problem or "").strip()
    for english, french in _YAML_PROBLEMS_FR.items():
        if problem.startswith(english):
            return french
    column = f" (colonne {exc.problem_mark.column + 1})" if exc.problem_mark else ""
    return f"{problem}{column}"


class _Builder:
    """Turns a composed node tree into plain data, refusing unsafe constructs."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.constructor = yaml.SafeLoader("")  # only used to read scalars (no objects)
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Path_):
        line = node.start_mark.line + 1
        if id(node) in self.seen:
            raise YamlSourceError(
                "les ancres et alias YAML (« & » et « * ») ne sont pas acceptés : écrivez chaque valeur en entier.",
                self._first_alias_line(),
            )
        self.seen.add(id(node))
        if node.tag not in _STANDARD_TAGS:
            raise YamlSourceError(
                f"étiquette YAML « {node.tag} » refusée : seules les valeurs simples "
                "(texte, nombre, date, liste, dictionnaire) sont acceptées.",
                line,
            )
        self.document.value_lines[loc] = line
        if isinstance(node, yaml.MappingNode):
            result: dict = {}
            for key_node, value_node in node.value:
                key = self.build(key_node, loc + ("<clé>",))
                key_line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    raise YamlSourceError(f"nom de champ « {key} » invalide : un texte est attendu.", key_line)
                if key in result:
                    raise YamlSourceError(
                        f"le champ « {key} » apparaît deux fois (la première occurrence serait perdue).",
                        key_line,
                    )
                self.document.key_lines[loc + (key,)] = key_line
                result[key] = self.build(value_node, loc + (key,))
            self.document.value_lines.pop(loc + ("<clé>",), None)
            return result
        if isinstance(node, yaml.SequenceNode):
            items = []
            for index, item in enumerate(node.value):
                self.document.key_lines[loc + (index,)] = item.start_mark.line + 1
                items.append(self.build(item, loc + (index,)))
            return items
        if getattr(node, "style", None) in ("|", ">"):
            self.document.block_scalars.add(loc)
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:
            # Looks like a date or number but is not one (2025-13-01): keep the text, so
            # the model reports it as an invalid value, with its field and line.
            return node.value

    def _first_alias_line(self) -> int | None:
        text = self.document.path.read_text(encoding="utf-8-sig")
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent):
                return event.start_mark.line + 1
        return None  # pragma: no cover - a shared node always comes from an alias
