"""Is an SVG file (an organisation's logo) a picture and nothing else?

The logo is published as a file of the site: opened at its own address, an SVG runs its
scripts with the site's origin, and its links or ``url(…)`` make browsers fetch other
sites. No maintained Python SVG sanitizer exists (nh3/Ammonia is for HTML and drops SVG),
so this small allow-list check refuses the file instead of rewriting it: drawing
elements of the SVG namespace only, no event attribute, no processing instruction, and CSS
(``<style>``, ``style=``, presentation attributes) read by tinycss2 — escapes and comments
decoded as a browser would — with no at-rule, only drawing functions, and references to
the file's own ``#ids`` only. Elements of editors' own namespaces (Inkscape, RDF metadata) are kept:
browsers neither render nor run them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterable
from typing import Any

import tinycss2

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Drawing elements a logo may use (SVG namespace).
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "pattern", "marker", "style", "switch",
})
#: CSS functions a drawing needs; any other (``image-set``, ``element``…) may fetch or run.
CSS_FUNCTIONS = frozenset({"rgb", "rgba", "hsl", "hsla", "url", "translate", "translatex", "translatey", "rotate", "scale",
                           "scalex", "scaley", "skewx", "skewy", "matrix", "calc", "var"})


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _css_fault(tokens: Iterable[Any]) -> str | None:  # tinycss2 nodes (the library has no type stubs)
    """What in CSS tokens (as tinycss2 decodes them: escapes and comments resolved) could fetch
    or run something: an at-rule, a function outside :data:`CSS_FUNCTIONS`, an address that is
    not an ``#id`` of the file."""
    for token in tokens:
        kind = getattr(token, "type", None)
        if kind == "at-keyword" or kind == "at-rule":
            return f"règle « @{token.lower_at_keyword} »"
        if kind == "url" and not token.value.strip().startswith("#"):
            return f"adresse « url({token.value[:40]}) »"
        if kind == "function":
            if token.lower_name not in CSS_FUNCTIONS:
                return f"fonction « {token.lower_name}() »"
            if token.lower_name == "url":
                target = "".join(getattr(t, "value", "") for t in token.arguments if getattr(t, "type", "") in ("string", "ident"))
                if not target.strip().startswith("#"):
                    return f"adresse « url({target[:40]}) »"
        if kind == "error":
            return f"CSS illisible ({token.message})"
        for nested in ("arguments", "content", "prelude", "value"):
            children = getattr(token, nested, None)
            if isinstance(children, list):
                fault = _css_fault(children)
                if fault:
                    return fault
    return None


def _stylesheet_fault(text: str) -> str | None:
    return _css_fault(tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True))


def _value_fault(text: str) -> str | None:
    return _css_fault(tinycss2.parse_component_value_list(text, skip_comments=True))


def svg_problem(data: bytes) -> str | None:
    """French reason why ``data`` is not a plain SVG picture, or ``None``."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return "SVG avec déclaration DOCTYPE ou ENTITY, refusée (entités externes) : exportez le logo en « SVG simple »."
    if re.search(rb"<\?(?!xml[\s?])", data, re.IGNORECASE):
        return "instruction de traitement (« <?… ?> », par exemple une feuille de style XSLT) refusée dans le SVG."
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError as error:
        return f"SVG illisible ({error})."
    if _split(root.tag) != (SVG_NS, "svg"):
        return "ce fichier n’est pas une image SVG (élément racine <svg> de l’espace de noms SVG attendu)."
    for element in root.iter():
        namespace, local = _split(element.tag)
        if namespace in (SVG_NS, XHTML_NS, "") and local not in ALLOWED_ELEMENTS or namespace == XHTML_NS:
            return f"élément <{local}> refusé dans le SVG (script, image externe, animation ou contenu HTML) : un logo est un simple dessin."
        if local == "style":
            if len(element):  # a browser reads a <style> as text: « <style><g/>@import … » is one stylesheet
                return "feuille de style du SVG refusée : elle ne doit contenir que du texte CSS, sans élément."
            fault = _stylesheet_fault("".join(element.itertext()))
            if fault:
                return f"feuille de style du SVG refusée : {fault} (seuls les dessins, couleurs et renvois « #id » sont acceptés)."
        for name, value in element.attrib.items():
            _, attribute = _split(name)
            if attribute.lower().startswith("on"):
                return f"attribut « {attribute} » refusé dans le SVG : les attributs d’événement exécutent du script."
            if attribute == "href" and not value.strip().startswith("#"):
                return f"lien « {value[:60]} » refusé dans le SVG : seuls les renvois internes (« #id ») sont acceptés."
            if attribute in ("d", "points", "viewBox", "id", "class", "version", "x", "y", "width", "height"):
                continue  # geometry and names: no CSS in them
            fault = _value_fault(value) if attribute != "style" else _css_fault(
                tinycss2.parse_declaration_list(value, skip_comments=True, skip_whitespace=True))
            if fault:
                return f"attribut « {attribute} » refusé dans le SVG : {fault}."
    return None
