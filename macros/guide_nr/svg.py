"""Is an SVG file (an organisation's logo) a picture and nothing else?

The logo is published as a file of the site: opened at its own address, an SVG runs its
scripts with the site's origin, and its links or ``url(…)`` make browsers fetch other
sites. No maintained Python SVG sanitizer exists (nh3/Ammonia is for HTML and drops SVG),
so this small allow-list check refuses the file instead of rewriting it: drawing
elements of the SVG namespace only, no event attribute, and references to the file's own
``#ids`` only. Elements of editors' own namespaces (Inkscape, RDF metadata) are kept:
browsers neither render nor run them.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

SVG_NS = "http://www.w3.org/2000/svg"
XHTML_NS = "http://www.w3.org/1999/xhtml"

#: Drawing elements a logo may use (SVG namespace).
ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "symbol", "use", "title", "desc", "metadata", "path", "rect", "circle", "ellipse", "line",
    "polyline", "polygon", "text", "tspan", "textPath", "linearGradient", "radialGradient", "stop", "clipPath", "mask",
    "pattern", "marker", "style", "switch",
})
_LOCAL_REFERENCE = re.compile(r"url\(\s*(['\"]?)#[^)'\"]*\1\s*\)", re.IGNORECASE)


def _split(name: str) -> tuple[str, str]:
    if name.startswith("{"):
        namespace, _, local = name[1:].partition("}")
        return namespace, local
    return "", name


def _outside_references(text: str) -> bool:
    """CSS or attribute text that imports or points at anything but an ``#id`` of the file."""
    if re.search(r"@import|javascript:|expression\s*\(", text, re.IGNORECASE):
        return True
    return "url(" in _LOCAL_REFERENCE.sub("", text.lower())


def svg_problem(data: bytes) -> str | None:
    """French reason why ``data`` is not a plain SVG picture, or ``None``."""
    if re.search(rb"<!(DOCTYPE|ENTITY)", data, re.IGNORECASE):
        return "SVG avec déclaration DOCTYPE ou ENTITY, refusée (entités externes) : exportez le logo en « SVG simple »."
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
        if local == "style" and _outside_references(element.text or ""):
            return "feuille de style du SVG refusée : elle importe ou appelle une ressource extérieure (@import, url(…))."
        for name, value in element.attrib.items():
            _, attribute = _split(name)
            if attribute.lower().startswith("on"):
                return f"attribut « {attribute} » refusé dans le SVG : les attributs d’événement exécutent du script."
            if attribute == "href" and not value.strip().startswith("#"):
                return f"lien « {value[:60]} » refusé dans le SVG : seuls les renvois internes (« #id ») sont acceptés."
            if _outside_references(value):
                return f"attribut « {attribute} » refusé dans le SVG : il appelle une ressource extérieure."
    return None
