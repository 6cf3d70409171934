"""Check contributed Markdown against the allow-list sanitizer, before anything is built.

The text is rendered with the same Python-Markdown extensions as the site, then passed to
:func:`guide_nr.sanitizer.refusals`: each construct the sanitizer would remove is reported
with the line where it was written, so nothing is ever dropped silently. The published
page goes through the same sanitizer again once assembled (see ``page_safety``).
"""

from __future__ import annotations

import re

import markdown
from selectolax.lexbor import LexborHTMLParser

from guide_nr.safety.sanitizer import FIELD, Policy, line_offset, refusals
from guide_nr.safety.time_limit import TooSlow, time_limit

#: Extensions used to render fiche text; mkdocs.yml enables the same ones.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc"]

_RENDERERS: dict[str, markdown.Markdown] = {}


def _renderer(extensions: list | None, extension_configs: dict | None) -> markdown.Markdown:
    """One Markdown instance per configuration: building the extensions costs more than a fiche."""
    extensions = extensions if extensions is not None else MARKDOWN_EXTENSIONS
    key = repr((extensions, extension_configs))
    if key not in _RENDERERS:
        _RENDERERS[key] = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {})
    return _RENDERERS[key]


#: Seconds one text may take to render for the check; a normal fiche takes milliseconds.
RENDER_SECONDS = 3.0


def render(text: str, extensions: list | None = None, extension_configs: dict | None = None) -> str:
    """``text`` rendered as the site renders it."""
    return _renderer(extensions, extension_configs).reset().convert(text)


#: Characters of one Markdown text (a fiche body is 120 to 300 words: about 2 000).
MAX_CHARACTERS = 20_000
#: Brackets nested deeper than this make Python-Markdown's link parsing quadratic; no text needs it.
MAX_BRACKET_DEPTH = 12


_BRACKETS = re.compile(r"\\.|[\[\]]", re.DOTALL)


def _bracket_depth(text: str) -> tuple[int, int]:
    """Deepest nesting of unescaped ``[`` and the offset where it is reached."""
    depth = deepest = where = 0
    for match in _BRACKETS.finditer(text):
        char = match.group()
        if char == "[":
            depth += 1
            if depth > deepest:
                deepest, where = depth, match.start()
        elif char == "]" and depth:
            depth -= 1
    return deepest, where


def size_problems(text: str, max_characters: int = MAX_CHARACTERS) -> list[tuple[str, int]]:
    """Limits checked before any rendering, so no text can make the check itself slow."""
    if len(text) > max_characters:
        return [(f"texte trop long ({len(text)} caractères) : {max_characters} au plus. Scindez-le, ou placez le détail "
                 "dans une ressource citée.", 0)]
    depth, where = _bracket_depth(text)
    if depth > MAX_BRACKET_DEPTH:
        return [(f"crochets « [ » imbriqués sur {depth} niveaux : {MAX_BRACKET_DEPTH} au plus.", text.count("\n", 0, where))]
    return []


def bounded_render(text: str, extensions: list | None = None, extension_configs: dict | None = None,
                   max_characters: int | None = MAX_CHARACTERS, seconds: float = RENDER_SECONDS) -> tuple[str | None, list[tuple[str, int]]]:
    """``text`` rendered within the limits that keep the check fast: ``(html, [])``, or
    ``(None, [(message, line offset)])`` when the text is too long, too nested or too slow."""
    limits = size_problems(text, max_characters) if max_characters else []
    if limits:
        return None, limits
    try:
        with time_limit(seconds):
            return render(text, extensions, extension_configs), []
    except TooSlow:
        _RENDERERS.clear()  # the interrupted renderer may hold partial state
        return None, [(f"texte trop complexe : son analyse dépasse {seconds:g} s (des milliers de renvois, crochets ou balises "
                       "imbriqués ?). Simplifiez-le.", 0)]


def inspect_rendered(text: str, extensions: list | None = None, extension_configs: dict | None = None,
                     policy: Policy = FIELD, max_characters: int | None = MAX_CHARACTERS) -> tuple[str | None, list[tuple[str, int]]]:
    """The rendered HTML (``None`` past the limits) and ``(message, line offset)`` for each
    construct the sanitizer refuses."""
    html, problems = bounded_render(text, extensions, extension_configs, max_characters)
    if html is None:
        return None, problems
    found: dict[str, int] = {}
    for refusal in refusals(html, policy):
        found.setdefault(refusal.message, line_offset(refusal, text))
    return html, list(found.items())


def inspect_markdown(text: str, extensions: list | None = None, extension_configs: dict | None = None,
                     policy: Policy = FIELD, max_characters: int | None = MAX_CHARACTERS) -> list[tuple[str, int]]:
    """Return ``(message, line offset within text)`` for each construct the sanitizer refuses."""
    return inspect_rendered(text, extensions, extension_configs, policy, max_characters)[1]


def heading_count(html: str) -> int:
    """Level-1 headings of rendered HTML, however the text wrote them (``#``, ``===``, ``<h1>``)."""
    return len(LexborHTMLParser(html).css("h1"))
