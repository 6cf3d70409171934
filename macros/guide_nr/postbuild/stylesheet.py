"""Post-build stage: one small stylesheet holding only the CSS the built pages use.

mkdocs-material ships 120 KB of CSS (23 KB gzip) for every feature it offers; a fiche page
uses a fraction of it. Like PurgeCSS (a JavaScript tool, which would make Node.js a build
dependency), this keeps a selector only when every class, id, element and attribute name it
requires appears somewhere in the site's HTML — a token test, conservative by design: it may
keep a rule that matches nothing, never drops one that matches. Parsing is tinycss2's (the
CSS parser WeasyPrint uses); the token test is the few lines below.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tinycss2

from guide_nr.postbuild.html import HtmlPage
from guide_nr.routes import SITE_STYLESHEET

_FUNCTIONAL_PSEUDO = re.compile(r"::?[a-zA-Z-]+\(")
_CLASS_OR_ID = re.compile(r"([.#])(-?[_a-zA-Z][\w-]*)")
_ATTRIBUTE = re.compile(r"\[\s*([\w:-]+)")
_ELEMENT = re.compile(r"(?<![\w-])([a-zA-Z][a-zA-Z0-9]*)(?![\w-])")
_PSEUDO = re.compile(r"::?[a-zA-Z-]+")
_ALWAYS = {"html", "body", "*"}


@dataclass
class Tokens:
    """Every element, class, id and attribute name used by a set of HTML pages."""

    elements: set[str] = field(default_factory=set)
    classes: set[str] = field(default_factory=set)
    ids: set[str] = field(default_factory=set)
    attributes: set[str] = field(default_factory=set)

    def add_page(self, page: HtmlPage) -> None:
        for element in page.elements:
            self.elements.add(element.name)
            for name, value in element.attrs.items():
                self.attributes.add(name)
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id" and value:
                    self.ids.add(value)

    def add_html(self, html: str) -> None:
        # A regular expression, not a full parser: tokens only need start tags, and pages
        # made by MkDocs escape « < » in text and attribute values (3 000 pages in 1 s).
        for tag, attributes in START_TAG.findall(html):
            self.elements.add(tag.lower())
            for name, value in ATTRIBUTE_PAIR.findall(attributes):
                name = name.lower()
                self.attributes.add(name)
                value = value.strip("\"'")
                if name == "class":
                    self.classes.update(value.split())
                elif name == "id" and value:
                    self.ids.add(value)


START_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s>/=]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*/?>")
ATTRIBUTE_PAIR = re.compile(r"([^\s>/=]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


def _strip_functional_pseudos(selector: str) -> str:
    """Remove ``:not(…)``, ``:is(…)``… with their arguments: what they require is optional."""
    while True:
        match = _FUNCTIONAL_PSEUDO.search(selector)
        if not match:
            return selector
        depth, index = 1, match.end()
        while index < len(selector) and depth:
            depth += {"(": 1, ")": -1}.get(selector[index], 0)
            index += 1
        selector = selector[: match.start()] + selector[index:]


def selector_is_used(selector: str, tokens: Tokens) -> bool:
    """True unless the selector requires a class, id, element or attribute no page has."""
    core = _strip_functional_pseudos(selector)
    attributes = _ATTRIBUTE.findall(core)
    core = _PSEUDO.sub(" ", re.sub(r"\[[^\]]*\]", " ", core))
    for kind, name in _CLASS_OR_ID.findall(core):
        if name not in (tokens.classes if kind == "." else tokens.ids):
            return False
    if any(name.lower() not in tokens.attributes for name in attributes):
        return False
    elements = _ELEMENT.findall(_CLASS_OR_ID.sub(" ", core))
    return all(name.lower() in tokens.elements or name.lower() in _ALWAYS for name in elements)


def _split_selectors(prelude: list[Any]) -> list[str]:
    text = tinycss2.serialize(prelude).strip()
    parts, depth, current = [], 0, ""
    for char in text:
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append(current.strip())
            current = ""
        else:
            current += char
    parts.append(current.strip())
    return [p for p in parts if p]


def _purge_rules(rules: list[Any], tokens: Tokens) -> str:
    out = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _split_selectors(rule.prelude)
            kept = [s for s in selectors if s.startswith(":root") or selector_is_used(s, tokens)]
            if kept:
                out.append(",".join(kept) + "{" + tinycss2.serialize(rule.content).strip() + "}")
        elif rule.type == "at-rule":
            keyword = rule.lower_at_keyword
            prelude = tinycss2.serialize(rule.prelude).strip()
            if keyword in ("media", "supports", "layer", "container") and rule.content is not None:
                inner = _purge_rules(tinycss2.parse_rule_list(rule.content, skip_comments=True, skip_whitespace=True), tokens)
                if inner:
                    out.append(f"@{keyword} {prelude}{{{inner}}}")
            elif keyword in ("font-face", "keyframes", "page", "property", "counter-style"):
                out.append(tinycss2.serialize([rule]).strip())
            elif rule.content is None:
                out.append(f"@{keyword} {prelude};")
    return "".join(out)


def purge_css(css: str, tokens: Tokens) -> str:
    """``css`` without the rules no page can match."""
    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return _purge_rules(rules, tokens)


def collect_tokens(html_pages: Iterable[str], safelist: Iterable[str] = ()) -> Tokens:
    """Tokens of every page; ``safelist`` adds class names that scripts set at run time."""
    tokens = Tokens()
    for html in html_pages:
        tokens.add_html(html)
    tokens.classes.update(safelist)
    return tokens


#: Material's stylesheet (purged into site.css) and what else it ships that no page loads.
THEME_STYLESHEETS = "assets/stylesheets/main.*.css"
_THEME_LEFTOVERS = ("assets/javascripts", "assets/stylesheets/main.*", "assets/stylesheets/palette.*")


class ThemeChanged(Exception):
    """The theme's files are not where the stylesheet step expects them (French message)."""


def bundle_site_stylesheet(site_dir: Path | str, own_css: list[str], safelist: Iterable[str] = (), extra_text: str = "",
                           tokens: Tokens | None = None) -> int:
    """Write ``site.css`` (purged theme CSS + ``own_css``, kept whole) and drop the theme's leftovers.

    ``tokens``: what the post-build steps noted while reading each page (else the pages are
    read here). Returns the size in bytes of the stylesheet written.
    """
    site_dir = Path(site_dir)
    if tokens is not None:
        tokens = Tokens(set(tokens.elements), set(tokens.classes), set(tokens.ids), set(tokens.attributes))
    else:
        tokens = Tokens()
        for file in site_dir.rglob("*.html"):
            tokens.add_html(file.read_text(encoding="utf-8"))
    tokens.classes.update(safelist)
    theme_css = sorted(site_dir.glob(THEME_STYLESHEETS))
    if not theme_css:
        raise ThemeChanged(f"feuille de style du thème introuvable ({THEME_STYLESHEETS}) : le thème a changé, "
                           "adaptez guide_nr/postbuild/stylesheet.py.")
    missing = [name for name in own_css if not (site_dir / name).is_file()]
    if missing:
        raise ThemeChanged(f"feuille de style du site introuvable après la construction : {', '.join(missing)} (overrides/ n’a pas été copié).")
    parts = [purge_css(p.read_text(encoding="utf-8"), tokens) for p in theme_css]
    parts += [(site_dir / name).read_text(encoding="utf-8") for name in own_css]
    if extra_text:  # e.g. an organisation's colours, last so that they win
        parts.append(extra_text)
    target = site_dir / SITE_STYLESHEET
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(parts), encoding="utf-8")
    for pattern in _THEME_LEFTOVERS:
        for leftover in site_dir.glob(pattern):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()
    for name in own_css:
        (site_dir / name).unlink(missing_ok=True)
    return target.stat().st_size
