"""Refuse Markdown that would carry script into the published pages.

The text is rendered with the same Python-Markdown extensions as the site, then the
resulting HTML is inspected: this is what a browser would get, so a ``<script>`` inside
a code span (shown as text) passes while a raw one, an ``on*=`` attribute (also through
``attr_list``) or a ``javascript:`` link is reported. Pure Python-Markdown + the
standard library's HTML parser: no sanitiser library is needed for a refuse-only check.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown

#: Extensions used to render fiche text; mkdocs.yml enables the same ones.
MARKDOWN_EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "fenced_code", "footnotes", "md_in_html", "tables", "toc"]

FORBIDDEN_TAGS = {"script", "iframe", "object", "embed", "applet", "frame", "frameset", "base", "meta", "link", "style", "form"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "data", "poster", "srcset", "background"}
_DANGEROUS_SCHEME = re.compile(r"^(javascript|vbscript|data):", re.IGNORECASE)
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")


@dataclass(frozen=True)
class Finding:
    message: str
    needle: re.Pattern  # where to look for it in the source, to give a line


class _Inspector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.findings: list[Finding] = []

    def handle_starttag(self, tag, attrs):
        self._inspect(tag, attrs)

    def handle_startendtag(self, tag, attrs):
        self._inspect(tag, attrs)

    def _inspect(self, tag, attrs):
        if tag in FORBIDDEN_TAGS:
            self.findings.append(
                Finding(
                    f"balise HTML <{tag}> interdite dans le texte d’une fiche (aucun script ni contenu embarqué n’est accepté).",
                    re.compile(rf"<\s*{tag}\b", re.IGNORECASE),
                )
            )
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(
                    Finding(
                        f"attribut HTML « {name} » interdit : les attributs d’événement (on…) exécutent du script.",
                        re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE),
                    )
                )
            elif name in URL_ATTRIBUTES and value and _DANGEROUS_SCHEME.match(_INVISIBLE.sub("", value)):
                scheme = _DANGEROUS_SCHEME.match(_INVISIBLE.sub("", value)).group(1).lower()
                self.findings.append(
                    Finding(
                        f"lien « {scheme}: » interdit : utilisez une adresse http:// ou https://.",
                        re.compile(rf"{scheme[0]}[\s\x00-\x1f]*{scheme[1:]}", re.IGNORECASE),
                    )
                )


_RENDERERS: dict[str, markdown.Markdown] = {}


def _renderer(extensions, extension_configs) -> markdown.Markdown:
    """One Markdown instance per configuration: building the extensions costs more than a fiche."""
    extensions = extensions if extensions is not None else MARKDOWN_EXTENSIONS
    key = repr((extensions, extension_configs))
    if key not in _RENDERERS:
        _RENDERERS[key] = markdown.Markdown(extensions=extensions, extension_configs=extension_configs or {})
    return _RENDERERS[key]


def inspect_markdown(text: str, extensions: list | None = None, extension_configs: dict | None = None) -> list[tuple[str, int]]:
    """Return ``(message, line offset within text)`` for each unsafe construct found."""
    html = _renderer(extensions, extension_configs).reset().convert(text)
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    results = []
    for finding in inspector.findings:
        match = finding.needle.search(text)
        offset = text.count("\n", 0, match.start()) if match else 0
        results.append((finding.message, offset))
    return results


def has_level_one_heading(text: str) -> int | None:
    """Line offset of a ``# Titre`` heading (the page already has its title), if any."""
    in_fence = False
    for offset, line in enumerate(text.split("\n")):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        elif not in_fence and re.match(r"^#(?!#)\s*\S", line):
            return offset
    return None
