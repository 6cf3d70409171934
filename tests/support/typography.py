"""French typography checks for the guide's own prose (not for quoted facts).

Rules: a narrow no-break space (U+202F) or a no-break space (U+00A0) before « : ; ? ! »
and inside « guillemets », a typographic apostrophe in prose, and one spelling per term
(``PREFERRED_FORMS``: « CO₂ », « écoconception », « Code de conduite », « n° 2021-1485 »…). Code, URLs, Markdown link
targets, HTML tags and attribute lists are ignored.

    python tests/support/typography.py FILE…   # prints every problem, exits 1 if any
"""

from __future__ import annotations

import re
import sys

NBSP = "\u202f\u00a0"
_IGNORED = re.compile(
    r"`[^`]*`"                      # code spans
    r"|```.*?```"                   # fenced code
    r"|\]\([^)]*\)"                 # link targets
    r"|<[^>]+>"                     # HTML tags
    r"|\{[^}]*\}"                   # attribute lists, Jinja
    r"|https?://\S+"                # bare URLs
    r"|^\s*(?:-\s+)?[\w-]+:(?=\s|$)",  # a YAML key at line start
    re.DOTALL | re.MULTILINE,
)
_RULES = [
    (re.compile(r"[^\s\u202f\u00a0(\[«*_]([;?!])(?=\s|$|\*|»)"), "espace fine insécable manquante avant « {0} »"),
    (re.compile(r"[^\s\u202f\u00a0(\[«*_:]:(?=\s)"), "espace insécable manquante avant « : »"),
    (re.compile(r" ([:;?!])"), "espace ordinaire avant « {0} » : utilisez une espace fine insécable (U+202F)"),
    (re.compile(r"«(?![\u202f\u00a0])"), "espace insécable manquante après « « »"),
    (re.compile(r"(?<![\u202f\u00a0])»"), "espace insécable manquante avant « » »"),
    (re.compile(r"\w'\w"), "apostrophe droite : utilisez l’apostrophe typographique « ’ »"),
]
#: One spelling per term: the form the guide writes, for each variant met in its sources.
PREFERRED_FORMS = [
    (re.compile(r"\bCO2"), "« CO2 » : écrivez « CO₂ » (et « CO₂e »)"),
    (re.compile(r"(?i)\béco-conc"), "« éco-conception » : écrivez « écoconception » (« écoconçu », « écoconcevoir »)"),
    (re.compile(r"Code de Conduite"), "« Code de Conduite » : écrivez « Code de conduite »"),
    (re.compile(r"\bMednum\b|\bMEDNUM\b"), "« Mednum » : écrivez « La MedNum »"),
    (re.compile(r"n°(?![ \u00a0\u202f]\d)"), "« n° » : suivi d’une espace puis du numéro (« n° 2021-1485 »)"),
    (re.compile(r"compétences technique\b"), "« compétences technique » : écrivez « compétences techniques »"),
    (re.compile(r"(?i)stratégies numérique responsable"), "« stratégies numérique responsable » : écrivez « stratégies de numérique responsable »"),
]


def problems(text: str, rules: list | None = None) -> list[tuple[int, str]]:
    """``(line, message)`` for each typography problem of a piece of prose (``rules``: all by default)."""
    cleaned = _IGNORED.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    found = []
    for pattern, message in (_RULES + PREFERRED_FORMS if rules is None else rules):
        for match in pattern.finditer(cleaned):
            line = cleaned.count("\n", 0, match.start()) + 1
            found.append((line, message.format(*match.groups())))
    return sorted(set(found))


#: Prose fields of the YAML sources; facts (titles, indicators, pilots) are quoted as published.
PROSE_FIELDS = ("summary", "body", "intro", "description", "text")


def prose_of(data, where=""):
    """``(field path, text)`` for every prose field in YAML data."""
    if isinstance(data, dict):
        for key, value in data.items():
            path = f"{where}.{key}" if where else key
            if key in PROSE_FIELDS and isinstance(value, str):
                yield path, value
            else:
                yield from prose_of(value, path)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from prose_of(item, f"{where}[{index}]")


def main(paths: list[str]) -> int:
    import yaml

    count = 0
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
        if path.endswith((".yml", ".yaml")):
            pieces = list(prose_of(yaml.safe_load(text)))
        else:
            pieces = [("", re.sub(r"\A---\n.*?\n---\n", "", text, flags=re.DOTALL))]
        for field, prose in pieces:
            for line, message in problems(prose):
                print(f"{path} {field} (ligne {line} du texte) : {message}")
                count += 1
    return 1 if count else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def fix(text: str) -> str:
    """Apply the rules above to prose (spaces before punctuation, guillemets, apostrophes)."""
    cleaned = _IGNORED.sub(lambda m: re.sub(r"[^\n]", "\0", m.group(0)), text)
    chars = list(text)
    for index in range(len(chars) - 1, -1, -1):
        if cleaned[index] == "\0":
            continue
        char = chars[index]
        before = cleaned[index - 1] if index else ""
        after = cleaned[index + 1] if index + 1 < len(cleaned) else ""
        if char in ":;?!" and before == " ":
            chars[index - 1] = "\u202f"
        elif char == "«" and after == " ":
            chars[index + 1] = "\u202f"
        elif char == "»" and before == " ":
            chars[index - 1] = "\u202f"
        elif char == "'" and before.isalpha() and after.isalpha():
            chars[index] = "’"
    return "".join(chars)
