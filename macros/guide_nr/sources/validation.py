"""Turn pydantic's errors into French messages a contributor can act on.

Each error gets the field path (``feedback[0].source.url``), the line from the YAML
source, what is wrong, what is allowed and, for near misses, a "vouliez-vous dire".
"""

from __future__ import annotations

import re
import typing
from collections.abc import Iterator

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from guide_nr.model.fiche import SAFE_ID_PATTERN
from guide_nr.problems import allowed_list, did_you_mean
from guide_nr.sources.yamlsource import YamlDocument

_TYPE_NAMES = {
    "string_type": "un texte",
    "int_type": "un nombre entier",
    "int_parsing": "un nombre entier",
    "int_from_float": "un nombre entier",
    "list_type": "une liste (une ligne « - valeur » par élément)",
    "dict_type": "un ensemble de champs (« nom: valeur »)",
    "model_type": "un ensemble de champs (« nom: valeur »)",
    "model_attributes_type": "un ensemble de champs (« nom: valeur »)",
    "date_type": "une date au format AAAA-MM-JJ",
    "date_parsing": "une date au format AAAA-MM-JJ",
    "date_from_datetime_parsing": "une date au format AAAA-MM-JJ",
    "date_from_datetime_inexact": "une date sans heure, au format AAAA-MM-JJ",
    "bool_type": "true (vrai) ou false (faux)",
}


#: What is expected, by family of pydantic error types, for the errors not worded above:
#: a contributor never reads pydantic's English.
_FALLBACK = {
    "string": "un texte est attendu", "int": "un nombre entier est attendu", "float": "un nombre est attendu",
    "decimal": "un nombre est attendu", "bool": "true (vrai) ou false (faux) est attendu", "date": "une date AAAA-MM-JJ est attendue",
    "datetime": "une date AAAA-MM-JJ est attendue", "list": "une liste est attendue", "dict": "un ensemble de champs est attendu",
    "model": "un ensemble de champs est attendu", "literal": "une des valeurs permises est attendue", "enum": "une des valeurs permises est attendue",
    "greater": "valeur trop petite", "less": "valeur trop grande", "too": "nombre d’éléments hors limites", "url": "une adresse https:// est attendue",
    "union": "la forme de cette valeur ne correspond à aucune forme permise",
}


def field_path(loc: tuple) -> str:
    """``("feedback", 0, "text")`` → ``feedback[0].text``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out


def _model_at(model: type[BaseModel], loc: tuple) -> type[BaseModel] | None:
    """The model class that owns the last element of ``loc``."""
    current = model
    for part in loc[:-1]:
        if isinstance(part, int):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return None
        nested = _inner_model(info.annotation)
        if nested is None:
            return None
        current = nested
    return current


def _inner_model(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _inner_model(arg)
        if found is not None:
            return found
    return None


def _literal_values(model: type[BaseModel], loc: tuple) -> list[str]:
    owner = _model_at(model, loc)
    name = next((p for p in reversed(loc) if isinstance(p, str)), None)
    if owner is None or name not in owner.model_fields:
        return []
    return _literals(owner.model_fields[name].annotation)


def _literals(annotation: object) -> list[str]:
    """The values of a ``Literal``, also inside ``Literal[…] | None``."""
    if typing.get_origin(annotation) is typing.Literal:
        return [str(v) for v in typing.get_args(annotation)]
    return [value for arg in typing.get_args(annotation) for value in _literals(arg)]


def _shown(value: object) -> str:
    """A value as the contributor wrote it: text in quotes, but never Python's notation of a
    list or a mapping."""
    if value is None:
        return "vide"
    if isinstance(value, dict):
        return "(un ensemble de champs « nom: valeur »)"
    if isinstance(value, (list, tuple)):
        return "(une liste)"
    return f"« {value} »"


def translate(error: ErrorDetails, model: type[BaseModel]) -> str:
    """French message for one pydantic error dict."""
    kind = error["type"]
    loc = tuple(error["loc"])
    value = error.get("input")
    ctx = error.get("ctx", {})
    if kind == "missing":
        return "obligatoire, mais absent."
    if kind == "extra_forbidden":
        owner = _model_at(model, loc)
        allowed = list(owner.model_fields) if owner else []
        hint = did_you_mean(loc[-1], allowed)
        return f"champ inconnu.{hint} Champs possibles ici : {', '.join(allowed)}."
    if kind == "literal_error":
        allowed = _literal_values(model, loc)
        return f"valeur « {value} » non autorisée.{did_you_mean(value, allowed)} Valeurs possibles : {allowed_list(allowed)}."
    if kind == "too_short":
        if isinstance(value, str):
            return "ne doit pas être vide."
        return "la liste ne doit pas être vide : indiquez au moins un élément."
    if kind == "too_long":
        return f"liste trop longue ({ctx.get('actual_length')} éléments) : {ctx.get('max_length')} au plus."
    if kind == "string_too_short":
        least = ctx.get("min_length", 1)
        return "ne doit pas être vide." if least <= 1 or not value else f"texte trop court ({len(value)} caractère{'s' if len(value) > 1 else ''}) : {least} au moins, une phrase qui explique."
    if kind == "string_too_long":
        return f"texte trop long ({len(value)} caractères) : {ctx.get('max_length')} au plus."
    if kind == "string_pattern_mismatch" and str(ctx.get("pattern", "")).startswith("^#[0-9a-fA-F]{6}"):
        return f"couleur « {value} » invalide : six chiffres hexadécimaux après « # » sont attendus, par exemple « #1b5e20 »."
    if kind == "string_pattern_mismatch":
        name = next((p for p in reversed(loc) if isinstance(p, str)), "")
        if name == "url":
            return url_problem(str(value))
        if ctx.get("pattern") == SAFE_ID_PATTERN:
            return (f"identifiant « {value} » invalide : lettres minuscules sans accent, chiffres, points et tirets seulement "
                    "(il devient un nom de fichier et une adresse de page), par exemple « a.1 ».")
        if "\n" in str(value):
            return "doit tenir sur une seule ligne."
        return f"valeur « {value} » invalide."
    if kind == "finite_number":
        return f"valeur « {value} » invalide : un nombre ordinaire est attendu (ni .nan, ni .inf)."
    if kind == "greater_than_equal":
        return f"valeur {value} hors limites : {ctx.get('ge')} au moins."
    if kind == "less_than_equal":
        return f"valeur {value} hors limites : {ctx.get('le')} au plus."
    if kind in ("float_parsing", "float_type", "int_parsing") and isinstance(value, str) and re.fullmatch(r"-?[\d\s\u202f\u00a0]+([.,]\d+)?", value.strip()):
        written = re.sub(r"[\s\u202f\u00a0]", "", value).replace(",", ".")
        return f"valeur « {value} » invalide : un nombre s’écrit avec un point décimal et sans espace (« {written} »)."
    if kind in ("float_parsing", "float_type"):
        return f"valeur « {value} » invalide : un nombre est attendu (par exemple 12 ou 3.5)."
    if kind == "string_type" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return f"valeur {value} invalide : un texte est attendu ; mettez-la entre guillemets (« \"{value}\" »)."
    if kind in ("date_from_datetime_parsing", "date_parsing") and isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        return f"date « {value} » impossible : ce jour n’existe pas dans le calendrier."
    if kind == "value_error":  # our validators' own French messages
        return str(error["msg"]).removeprefix("Value error, ") + "."
    if kind in ("int_parsing", "int_type") and isinstance(value, str) and loc and loc[-1] == "[key]":
        return f"clé « {value} » invalide : une année en chiffres est attendue (par exemple 2025)."
    if kind in _TYPE_NAMES and isinstance(value, (dict, list)):
        found = "un ensemble de champs (« nom: valeur ») trouvé" if isinstance(value, dict) else "une liste trouvée"
        expected = _TYPE_NAMES[kind]
        return f"{found}, alors qu’{expected} est attendu{'e' if expected.startswith('une') else ''}."
    if kind in _TYPE_NAMES:
        shown = _shown(value)
        return f"valeur {shown} invalide : {_TYPE_NAMES[kind]} est attendu{'e' if _TYPE_NAMES[kind].startswith('une') else ''}."
    shown = _shown(value)
    return f"valeur {shown} invalide ici ({_FALLBACK.get(kind.split('_')[0], 'voir le format attendu dans README.md')})."


def model_errors(exc: ValidationError, model: type[BaseModel], document: YamlDocument, prefix: tuple = ()) -> Iterator[tuple[int | None, str, str]]:
    """Yield ``(line, field path, French message)`` for each error of ``exc``."""
    for error in exc.errors(include_url=False):
        loc = tuple(error["loc"])
        yield document.line_of(prefix + loc), field_path(loc), translate(error, model)


_URL_ALLOWED = re.compile(r"[A-Za-z0-9\-._~:/?#@!$&'()*+,;=%\[\]]|[^\x00-\x7f\s]")


def url_problem(value: str) -> str:
    """Why a web address is refused, in words a contributor can act on."""
    shown = value if len(value) <= 80 else value[:77] + "…"
    if not re.match(r"^https?://", value, re.IGNORECASE):
        return f"adresse « {shown} » invalide : une adresse web commençant par http:// ou https:// est attendue."
    if not value.startswith(("http://", "https://")):
        return f"adresse « {shown} » invalide : écrivez « http:// » ou « https:// » en minuscules."
    bad = sorted({c for c in value if not _URL_ALLOWED.fullmatch(c)})
    if bad:
        names = ", ".join("espace" if c == " " else f"« {c} »" if c.isprintable() else f"U+{ord(c):04X}" for c in bad)
        return (f"adresse « {shown} » invalide : caractère(s) {names} interdit(s) dans une adresse "
                "(encodez-les, par exemple %20 pour une espace, ou copiez l’adresse depuis la barre du navigateur).")
    if re.search(r"%(?![0-9A-Fa-f]{2})", value):
        return f"adresse « {shown} » invalide : « % » doit être suivi de deux chiffres hexadécimaux (%20…)."
    start = re.match(r"^https?://([^/?#]*)", value)
    assert start is not None  # value starts with http:// or https:// (checked above)
    host = start.group(1)
    if "@" in host:
        return f"adresse « {shown} » invalide : pas d’identifiant ni de mot de passe (« …@ ») dans une adresse publiée."
    return f"adresse « {shown} » invalide : le nom de domaine « {host} » est invalide (lettres, chiffres, points, tirets, et « :port »)."
