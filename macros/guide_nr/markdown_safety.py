"""Check contributed Markdown against the allow-list sanitizer, before anything is built.

The text is rendered with the same Python-Markdown extensions as the site, then passed to
:func:`guide_nr.sanitizer.refusals`: each construct the sanitizer would remove is reported
with the line where it was written, so nothing is ever dropped silently. The published
page goes through the same sanitizer again once assembled (see ``page_safety``).
"""

from __future__ import annotations

import re

import markdown

from .sanitizer import DATA, Policy, line_offset, refusals

#: Extensions used to render fiche text; mkdocs.yml enables the same ones.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc"]

_RENDERERS: dict[str, markdown.Markdown] = {}


def _renderer(extensions, extension_configs) -> markdown.Markdown:
    """One Markdown instance per configuration: building the extensions costs more than a fiche."""
    extensions = extensions if extensions is not None else MARKDOWN_EXTENSIONS
    key = repr((extensions, extension_configs))
    if key not in _RENDERERS:
        _RENDERERS[key] = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {})
    return _RENDERERS[key]


def render(text: str, extensions: list | None = None, extension_configs: dict | None = None) -> str:
    """``text`` rendered as the site renders it."""
    return _renderer(extensions, extension_configs).reset().convert(text)


def inspect_markdown(text: str, extensions: list | None = None, extension_configs: dict | None = None,
                     policy: Policy = DATA) -> list[tuple[str, int]]:
    """Return ``(message, line offset within text)`` for each construct the sanitizer refuses."""
    found: dict[str, int] = {}
    for refusal in refusals(render(text, extensions, extension_configs), policy):
        found.setdefault(refusal.message, line_offset(refusal, text))
    return list(found.items())


def has_level_one_heading(text: str) -> int | None:
    """Line offset of a ``# Titre`` heading (the page already has its title), if any."""
    in_fence = False
    for offset, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and re.match(r"^#(?!#)\s*\S", line):
            return offset
    return None
