"""Safe YAML reading that remembers where every value came from.

PyYAML's safe loader already refuses object construction; on top of it this module
refuses what a fiche never needs and an attacker could use: custom tags, anchors and
aliases (the "billion laughs" bomb), duplicate keys (silently overwritten by YAML),
oversized files and non-UTF-8 bytes. It builds plain Python data from the node
tree itself, so each value keeps the line it was written on.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guide_nr.model.settings import DEFAULT_MAX_BYTES
from guide_nr.text import INVISIBLE_CHARACTERS

_Loader: type[yaml.CSafeLoader] | type[yaml.SafeLoader]
try:  # the C parser is much faster on large guides; same safety (no construction)
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - depends on the PyYAML build
    from yaml import SafeLoader as _Loader


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
    """The file cannot be read as data at all; ``line`` is 1-based when known, ``field`` the
    path of the field where reading stopped (``commitments[0].targets``), when known."""

    def __init__(self, message: str, line: int | None = None, field: str = ""):
        super().__init__(message)
        self.message = message
        self.line = line
        self.field = field


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
    raw = read_source_bytes(path, max_bytes)
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
        message, problem_line = _french_yaml_problem(exc, text)
        raise YamlSourceError(f"YAML invalide : {message}", problem_line) from None
    except yaml.reader.ReaderError as exc:  # a raw control character in the file
        raise YamlSourceError(
            f"caractère invisible U+{exc.character:04X} refusé (caractère de contrôle) : il ne s’affiche pas. Retapez ce passage.",
            text.count("\n", 0, exc.position) + 1,
        ) from None
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


def read_source_bytes(path: Path, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """The bytes of a source file that is what it claims to be: a regular file, not a link.

    A symbolic link could make the build read ``/dev/zero`` (memory), a folder (crash) or
    a file outside the project (leak); the size is capped before reading and while reading."""
    if path.is_symlink() or path.parent.is_symlink():  # a linked folder (organisation/pages → elsewhere) too
        raise YamlSourceError(
            "lien symbolique refusé : les sources du guide sont des fichiers ordinaires du dépôt, dans des dossiers ordinaires. "
            "Remplacez le lien par le fichier ou le dossier lui-même."
        )
    try:
        info = os.stat(path)
    except FileNotFoundError:
        raise
    if not stat.S_ISREG(info.st_mode):
        raise YamlSourceError("ce n’est pas un fichier ordinaire (dossier, périphérique…) : une source du guide est un fichier texte.")
    if info.st_size > max_bytes:
        raise YamlSourceError(_too_big(info.st_size, max_bytes))
    with open(path, "rb") as stream:
        raw = stream.read(max_bytes + 1)
    if len(raw) > max_bytes:  # the file grew after stat
        raise YamlSourceError(_too_big(len(raw), max_bytes))
    return raw


def _too_big(size: int, max_bytes: int) -> str:
    return (f"fichier trop volumineux ({size // 1024} Ko) : la limite est de "
            f"{max_bytes // 1024} Ko par fichier. Une fiche tient largement dans cette taille.")



_YAML_PROBLEMS_FR = {
    "mapping values are not allowed": "deux-points inattendu : mettez la valeur entre guillemets si elle contient « : »",
    "found character '\\t' that cannot start any token": "tabulation interdite : indentez avec des espaces",
    "found a tab character": "tabulation interdite : indentez avec des espaces",
    "could not find expected ':'": "« : » attendu après le nom du champ",
    "found undefined alias": "alias YAML inconnu",
    "found unexpected end of stream": "fin de fichier inattendue (guillemet non refermé ?)",
    "expected <block end>, but found": "indentation incohérente : alignez ce champ sur les autres champs du même niveau",
    "did not find expected key": "ligne inattendue : vérifiez son indentation (alignée sur les champs du même niveau) et ses guillemets",
    "did not find expected '-' indicator": "élément de liste mal aligné : chaque « - » d’une même liste commence à la même colonne",
    "did not find expected ',' or ']'": "crochet « [ » non refermé : terminez la liste par « ] » sur la même ligne, ou écrivez un élément « - » par ligne",
    "did not find expected ',' or '}'": "accolade « { » non refermée : terminez par « } », ou écrivez un champ par ligne",
    "found unknown escape character": "barre oblique inverse « \\ » dans une valeur entre guillemets doubles : doublez-la (« \\\\ ») ou mettez la valeur entre apostrophes",
    "found unacceptable character": "caractère de contrôle invisible interdit : retapez la ligne",
    "special characters are not allowed": "caractère de contrôle invisible interdit : retapez la ligne",
    "found character that cannot start any token": "caractère inattendu en début de valeur (« @ », « ` », « % »…) : mettez la valeur entre guillemets",
    "exceeded maximum nesting depth": "structure imbriquée trop profondément : une fiche n’a besoin que de deux ou trois niveaux",
    "expected alphabetic or numeric character": "ancre ou alias YAML invalide (« & », « * ») : mettez la valeur entre guillemets",
}


def _french_yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """French message for a PyYAML error, and the line where the problem starts.

    PyYAML reports where it gave up, which is often far below the mistake: a quote left
    open on line 4 swallows the following lines until the next quote. The scanner's tokens
    show such a value, so the message names the line where it opens."""
    problem = (exc.problem or "").strip()
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark else None
    if (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark is not None:
        return ("guillemet ouvert ici mais jamais refermé : ajoutez le guillemet fermant à la fin de la valeur, "
                "ou retirez le guillemet ouvrant.", exc.context_mark.line + 1)
    if (exc.context or "").startswith(("while parsing a flow", "while scanning a flow", "while scanning a simple key")) \
            and exc.context_mark is not None:
        line = exc.context_mark.line + 1
        opened = text.splitlines()[exc.context_mark.line] if exc.context_mark.line < len(text.splitlines()) else ""
        for start, end, english in (("[", "]", "did not find expected ',' or ']'"), ("{", "}", "did not find expected ',' or '}'")):
            if opened.count(start) > opened.count(end):
                return _YAML_PROBLEMS_FR[english], line
    quoted = _open_quote_before(text, mark.line if mark else None)
    if quoted is not None:
        quote, first, last = quoted
        return (f"guillemet {quote} ouvert ligne {first} et refermé seulement ligne {last} : une valeur entre guillemets tient sur "
                "une ligne ; refermez-le à la fin de sa valeur (ou utilisez « | » pour un texte de plusieurs lignes).", first)
    for english, french in _YAML_PROBLEMS_FR.items():
        if problem.startswith(english):
            if english == "did not find expected key" and _quoted_then_text(text, mark):
                return ("texte après une valeur entre guillemets : une apostrophe dans une valeur entre apostrophes s’écrit deux "
                        "fois (« L''usage »), ou mettez la valeur entre guillemets doubles (« \"L'usage\" »).", line)
            return french, line
    column = f" (colonne {exc.problem_mark.column + 1})" if exc.problem_mark else ""
    return f"{problem}{column}", line


def _open_quote_before(text: str, error_line: int | None) -> tuple[str, int, int] | None:
    """A quoted value spanning several lines just before the error: ``(quote, first, last)``, 1-based."""
    if error_line is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > error_line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ("'", '"') and token.end_mark.line > token.start_mark.line:
                found = ("« \" »" if token.style == '"' else "« ' »", token.start_mark.line + 1, token.end_mark.line + 1)
    except yaml.YAMLError:
        pass
    # Only a value that runs up to the error explains it; an earlier valid one does not.
    return found if found is not None and found[2] >= error_line else None


def _quoted_then_text(text: str, mark: yaml.Mark | None) -> bool:
    """Whether the error line holds a quoted value followed by more text (``'L'usage``)."""
    if mark is None:
        return False
    lines = text.splitlines()
    if mark.line >= len(lines):
        return False
    return re.match(r"""^\s*(- )?[^:#]*:\s*(['"])[^'"]*\2\S""", lines[mark.line]) is not None


def _field_path(loc: tuple) -> str:
    """``("feedback", 0, "text")`` → ``feedback[0].text`` (as problems name fields)."""
    return "".join(f"[{part}]" if isinstance(part, int) else f".{part}" for part in loc).lstrip(".")


class _Builder:
    """Turns a composed node tree into plain data, refusing unsafe constructs."""

    def __init__(self, document: YamlDocument):
        self.document = document
        self.constructor = yaml.SafeLoader("")  # only used to read scalars (no objects)
        self.seen: set[int] = set()

    def build(self, node: yaml.Node, loc: Path_) -> object:
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
                    raise YamlSourceError(f"nom de champ « {key} » invalide : un texte est attendu (un nom de champ n’est ni un nombre "
                                          "ni une date ; si une liste est attendue ici, écrivez une ligne « - … » par élément).",
                                          key_line, _field_path(loc))
                if key in result:
                    raise YamlSourceError(
                        f"le champ « {key} » apparaît deux fois (la première occurrence serait perdue).",
                        key_line, _field_path(loc + (key,)),
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
        block = getattr(node, "style", None) in ("|", ">")  # only a scalar node has a style
        if block:
            self.document.block_scalars.add(loc)
        invisible = INVISIBLE_CHARACTERS.search(node.value) if isinstance(node.value, str) else None
        if invisible:
            offset = node.value.count("\n", 0, invisible.start()) if block else 0
            raise YamlSourceError(
                f"caractère invisible U+{ord(invisible.group()):04X} refusé (caractère de contrôle ou d’inversion du sens "
                "d’écriture) : il ne s’affiche pas ou change l’ordre du texte. Retapez ce passage.",
                line + offset + (1 if block else 0),
            )
        try:
            return self.constructor.construct_object(node, deep=True)
        except ValueError:
            # Looks like a date or number but is not one (2025-13-01): keep the text, so
            # the model reports it as an invalid value, with its field and line.
            return node.value

    def _first_alias_line(self) -> int | None:
        text = self.document.path.read_text(encoding="utf-8-sig")
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.AliasEvent) and event.start_mark is not None:  # the parser marks every event
                return event.start_mark.line + 1
        return None  # pragma: no cover - a shared node always comes from an alias
