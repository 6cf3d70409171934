"""Small text helpers shared by the page writers (no dependency on MkDocs)."""

from __future__ import annotations

import datetime as _dt
import html
import re
import unicodedata

_MONTHS = [
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
]

#: Characters nobody sees that can hide or reorder text (« Trojan Source »): C0/C1 controls
#: (tab and line breaks aside), bidirectional embeddings, overrides and isolates, zero-width
#: space, word joiner and invisible operators, byte-order mark, interlinear annotations, tag
#: characters, Hangul filler. The narrow no-break space, the soft hyphen, the zero-width
#: (non-)joiner of emoji and scripts, LRM/RLM and the line/paragraph separators (shown as
#: spaces) stay allowed.
INVISIBLE_CHARACTERS = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\u202a-\u202e\u2060-\u2064\u2066-\u2069"
    "\u3164\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)

# Python-Markdown's backslash-escapable characters (its ESCAPED_CHARS list).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!])")


def slugify(text: str) -> str:
    """ASCII slug for URLs: « Direction du numérique » → ``direction-du-numerique``."""
    decomposed = unicodedata.normalize("NFKD", text)
    ascii_text = decomposed.encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def inline(text: str) -> str:
    """Plain text made safe to place inside a line of Markdown.

    HTML is escaped and Markdown syntax characters are backslash-escaped, so a title
    such as ``<b>*Sobriété*</b>`` is shown exactly as written, never interpreted.
    """
    escaped = html.escape(" ".join(str(text).split()), quote=False)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def french_date(value: _dt.date) -> str:
    """``2023-06-01`` → « 1er juin 2023 »."""
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {_MONTHS[value.month - 1]} {value.year}"


def plain_text(markdown_text: str) -> str:
    """A Markdown snippet as plain text (links keep their label), for meta descriptions."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown_text)
    text = re.sub(r"[*_`#>]+", "", text)
    return " ".join(text.split())


def first_sentence(text: str, limit: int = 200) -> str:
    """The first sentence of ``text``, cut at a word boundary if longer than ``limit``."""
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    sentence = match.group(1) if match else text
    if len(sentence) > limit:
        sentence = sentence[:limit].rsplit(" ", 1)[0] + "…"
    return sentence
