"""Post-build check: every published HTML document is inert apart from the site's own scripts.

The sanitizer and the escaping make data safe where it enters a page; this check reads
what was actually written — every ``.html`` file of the site, theme chrome included,
parsed by a browser-grade parser (Lexbor) — and refuses to publish a document holding:

- an element outside the site's vocabulary (sanitizer's page policy + the theme's chrome);
- an event attribute (``on…``), a ``style`` attribute, ``srcdoc``, ``http-equiv``;
- an address with another scheme than ``http``, ``https``, ``mailto`` or a relative one;
- a stylesheet, icon or script from outside the site;
- an inline script that is not one of the theme's own (read from its templates);
- an id used twice (a text repeating one of the page's ids would capture its links).

It is the same property the injection tests assert, checked on every build.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from selectolax.lexbor import LexborHTMLParser

from guide_nr.safety.sanitizer import PAGE, URL_ATTRIBUTES, URL_SCHEMES

#: Elements of the theme's page chrome, around the page content.
CHROME_TAGS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "header", "footer", "main", "nav",
                         "article", "img", "path", "span", "div", "a", "label", "input", "button", "form", "svg"})
DOCUMENT_TAGS = PAGE.tags | CHROME_TAGS
LINK_RELATIONS = frozenset({"stylesheet", "icon", "prev", "next", "canonical", "alternate", "license", "sitemap"})
FORBIDDEN_ATTRIBUTES = frozenset({"style", "srcdoc", "http-equiv", "formaction", "ping", "srcset", "background", "poster"})
#: Attributes that load what they name: only a file of the site.
LOADING_ATTRIBUTES = frozenset({"src", "data"})
#: What a script and a stylesheet of the site are (a data file is neither).
LOADED_SUFFIXES = {"script": (".js",), "stylesheet": (".css",), "icon": (".svg", ".png", ".ico")}
META_NAMES = frozenset({"viewport", "description", "generator", "author", "theme-color", "color-scheme", "robots"})
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'')
_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.DOTALL)


def _normalised(script: str) -> str:
    """Script text with its string literals emptied and spacing removed, for comparison."""
    return re.sub(r"\s+", "", _JINJA.sub('""', _STRING.sub('""', script)))


#: Material's templates whose inline scripts the site's pages use. The others (a redirect page
#: that sends the reader to an address held in a string, analytics, consent…) are left out: a
#: script copying their shape with other strings would otherwise pass the comparison.
MATERIAL_SCRIPTS = ("partials/javascripts/base.html", "partials/javascripts/content.html")
#: What a string of the theme's own scripts holds: ids, relative paths, keys (no scheme, no markup).
_SAFE_STRING = re.compile(r"^[\w .#/?=&%,;\[\]-]*$")


def _safe_strings(script: str) -> bool:
    return all(_SAFE_STRING.match(literal[1:-1]) and "javascript" not in literal.lower() for literal in _STRING.findall(script))


@lru_cache(maxsize=4)
def theme_scripts(templates: Path) -> frozenset[str]:
    """The inline scripts the theme's templates write, normalised (Material's: only those the site uses)."""
    found = set()
    material = (templates / "partials" / "javascripts").is_dir() and (templates / "redirect.html").is_file()
    files = [templates / name for name in MATERIAL_SCRIPTS] if material else list(templates.rglob("*.html"))
    for template in files:
        for body in re.findall(r"<script>(.*?)</script>", template.read_text(encoding="utf-8"), re.DOTALL):
            found.add(_normalised(body))
    return frozenset(found)


def _safe_address(value: str) -> bool:
    value = re.sub(r"[\x00-\x20]", "", value)
    if not value or value.startswith(("#", "/", "./", "../", "?")):
        return True
    scheme = urlsplit(value).scheme.lower()
    return scheme == "" or scheme in URL_SCHEMES


def _inside_site(value: str, document: Path, site: Path) -> bool:
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or not parts.path:
        return False
    base = site if parts.path.startswith("/") else document.parent
    target = (base / parts.path.lstrip("/")).resolve()
    return target.is_relative_to(site.resolve())


def document_faults(document: Path, site: Path, allowed_scripts: frozenset[str], text: str | None = None) -> list[str]:
    """What makes one built HTML document not inert (empty when it is); ``text``: its content if already read."""
    name = document.relative_to(site).as_posix()
    tree = LexborHTMLParser(text if text is not None else document.read_text(encoding="utf-8"))
    faults: list[str] = []
    ids: set[str] = set()
    if tree.root is None:
        return [f"{name} : document vide"]
    for node in tree.root.traverse(include_text=False):
        tag = node.tag or ""
        if tag.startswith("-"):
            continue
        identifier = node.attributes.get("id")
        if identifier is not None and identifier in ids:
            faults.append(f"{name} : identifiant « {identifier} » en double (un texte reprend un identifiant de la page : "
                          f"retirez son « {{#{identifier}}} » ou renommez-le)")
        elif identifier is not None:
            ids.add(identifier)
        if tag not in DOCUMENT_TAGS:
            faults.append(f"{name} : élément <{tag}> hors du vocabulaire du site")
        if tag == "input" and (node.attributes.get("type") or "").lower() == "image":
            faults.append(f"{name} : champ <input type=\"image\"> (il charge une image)")
        if tag == "meta" and node.attributes.get("name") is not None and (node.attributes.get("name") or "").lower() not in META_NAMES:
            faults.append(f"{name} : <meta name=\"{(node.attributes.get('name') or '')[:30]}\"> hors des noms admis")
        for attribute, value in node.attributes.items():
            value = value or ""
            lower = attribute.lower()
            if lower.startswith("on") or lower in FORBIDDEN_ATTRIBUTES:
                faults.append(f"{name} : attribut « {attribute} » sur <{tag}>")
            elif lower == "action" and not (tag == "form" and _inside_site(value, document, site)):
                faults.append(f"{name} : formulaire envoyé hors du site « {value[:60]} » (attribut action de <{tag}>)")
            elif lower in URL_ATTRIBUTES and not _safe_address(value):
                faults.append(f"{name} : adresse « {value[:60]} » (attribut {attribute} de <{tag}>)")
            elif lower in LOADING_ATTRIBUTES and tag != "script" and not _inside_site(value, document, site):
                faults.append(f"{name} : ressource extérieure au site « {value[:60]} » (attribut {attribute} de <{tag}>)")
        if tag == "script":
            source = node.attributes.get("src")
            if source is not None and not (_inside_site(source, document, site) and urlsplit(source).path.endswith(LOADED_SUFFIXES["script"])):
                faults.append(f"{name} : script extérieur au site ou qui n’est pas un script « {source[:60]} »")
            elif source is None and (_normalised(node.text(deep=True)) not in allowed_scripts or not _safe_strings(node.text(deep=True))):
                faults.append(f"{name} : script en ligne qui ne vient pas du thème « {node.text(deep=True)[:60]} »")
        elif tag == "link":
            relations = set((node.attributes.get("rel") or "").lower().split())
            if not relations or not relations <= LINK_RELATIONS:
                faults.append(f"{name} : <link rel=\"{' '.join(sorted(relations))}\"> hors des relations admises")
            elif relations & {"stylesheet", "icon"}:
                href = node.attributes.get("href") or ""
                kinds = [LOADED_SUFFIXES[r] for r in ("stylesheet", "icon") if r in relations]
                if not _inside_site(href, document, site) or not any(urlsplit(href).path.endswith(k) for k in kinds):
                    faults.append(f"{name} : ressource extérieure au site ou d’un autre type « {href[:60]} »")
    return faults


def allowed_scripts(theme_templates: list[Path]) -> frozenset[str]:
    """The inline scripts of the theme's templates (the only ones a page may hold)."""
    return frozenset().union(*(theme_scripts(folder) for folder in theme_templates if folder.is_dir()))


def inert_faults(site: Path, theme_templates: list[Path], pages: Iterable[tuple[str, str]] | None = None) -> list[str]:
    """Every fault of every HTML document of the built site (``pages``: (path, text) already read)."""
    allowed = allowed_scripts(theme_templates)
    faults: list[str] = []
    if pages is None:
        pages = [(file.relative_to(site).as_posix(), file.read_text(encoding="utf-8")) for file in sorted(site.rglob("*.html"))]
    for path, text in pages:
        faults += document_faults(site / path, site, allowed, text)
    return faults
