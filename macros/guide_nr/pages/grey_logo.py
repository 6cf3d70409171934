"""A fork's logo for paper: the same drawing in greys, on a grey tile.

Printed documents are greyscale by construction, and WeasyPrint ignores CSS filters, so the
cover of an annual report cannot grey the logo at print time: the pages stage writes a grey
copy beside it. The logo was drawn for the site's header, on the organisation's colour
(``primary_color``, at least 4.5:1 against white): the copy sits on that colour's grey, so a
white logo stays visible on a white page.

- SVG (already checked by ``safety.svg``): every colour of a colour attribute, of a ``style``
  attribute and of a ``<style>`` sheet, as tinycss2 reads it, becomes the grey of the same
  luminance; the drawing is nested in a new ``<svg>`` with the tile behind it.
- PNG: converted by Pillow (greys with alpha) and laid on the tile.
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ElementTree

import tinycss2
import tinycss2.color3

SVG_NS = "http://www.w3.org/2000/svg"
#: Attributes and CSS properties that hold a colour.
COLOUR_NAMES = frozenset({"fill", "stroke", "stop-color", "flood-color", "lighting-color", "color"})
#: Material's primary colour, the header's when the organisation sets none.
DEFAULT_BACKGROUND = "#4051b5"
PADDING = 0.125  # of the drawing's size, on each side of it


def grey_of(red: float, green: float, blue: float) -> int:
    """The grey (0–255) of the same luminance as a colour given in 0–1 channels (Rec. 709 weights)."""
    return max(0, min(255, round(255 * (0.2126 * red + 0.7152 * green + 0.0722 * blue))))


def _grey_value(text: str) -> str | None:
    """``text`` as a grey if it is one colour (``None`` otherwise: ``none``, ``url(#g)``, ``currentColor``)."""
    colour = tinycss2.color3.parse_color(text.strip())
    if colour is None or isinstance(colour, str):
        return None
    level = grey_of(colour.red, colour.green, colour.blue)
    if colour.alpha < 1:
        return f"rgba({level},{level},{level},{colour.alpha:g})"
    return f"#{level:02x}{level:02x}{level:02x}"


def background_grey(colour: str | None) -> str:
    value = _grey_value(colour or DEFAULT_BACKGROUND)
    assert value is not None
    return value


def _grey_declarations(text: str) -> str:
    """A ``style`` attribute or a rule's body with its colours in greys."""
    out = []
    for item in tinycss2.parse_blocks_contents(text, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name in COLOUR_NAMES:
            grey = _grey_value(tinycss2.serialize(item.value))
            value = grey if grey is not None else tinycss2.serialize(item.value).strip()
            out.append(f"{item.name}:{value}{' !important' if item.important else ''}")
        elif item.type == "declaration":
            out.append(f"{item.name}:{tinycss2.serialize(item.value).strip()}{' !important' if item.important else ''}")
    return ";".join(out)


def _grey_stylesheet(text: str) -> str:
    out = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type == "qualified-rule":
            out.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{_grey_declarations(tinycss2.serialize(rule.content))}}}")
    return "\n".join(out)


def _size(root: ElementTree.Element) -> tuple[float, float, float, float]:
    """The drawing's box: its viewBox, else its width and height, else 100 × 100."""
    numbers = [float(n) for n in re.findall(r"-?[\d.]+(?:e-?\d+)?", root.get("viewBox", ""))]
    if len(numbers) == 4 and numbers[2] > 0 and numbers[3] > 0:
        return numbers[0], numbers[1], numbers[2], numbers[3]
    try:
        return 0, 0, float(re.sub(r"px$", "", root.get("width", ""))), float(re.sub(r"px$", "", root.get("height", "")))
    except ValueError:
        return 0, 0, 100, 100


def grey_svg(data: bytes, background: str) -> bytes:
    """An SVG logo in greys, nested in a tile of ``background``."""
    ElementTree.register_namespace("", SVG_NS)
    ElementTree.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ElementTree.fromstring(data)
    for element in root.iter():
        for name, value in list(element.attrib.items()):
            local = name.rsplit("}", 1)[-1]
            if local in COLOUR_NAMES:
                grey = _grey_value(value)
                if grey is not None:
                    element.set(name, grey)
            elif local == "style":
                element.set(name, _grey_declarations(value))
        if element.tag == f"{{{SVG_NS}}}style":
            element.text = _grey_stylesheet(element.text or "")
    x, y, width, height = _size(root)
    pad_x, pad_y = width * PADDING, height * PADDING
    root.attrib.pop("width", None)
    root.attrib.pop("height", None)
    root.set("viewBox", f"{x:g} {y:g} {width:g} {height:g}")
    root.set("x", f"{pad_x:g}")
    root.set("y", f"{pad_y:g}")
    root.set("width", f"{width:g}")
    root.set("height", f"{height:g}")
    tile = ElementTree.Element(f"{{{SVG_NS}}}svg", {"viewBox": f"0 0 {width + 2 * pad_x:g} {height + 2 * pad_y:g}"})
    ElementTree.SubElement(tile, f"{{{SVG_NS}}}rect", {"width": "100%", "height": "100%", "fill": background})
    tile.append(root)
    return ElementTree.tostring(tile, encoding="utf-8", xml_declaration=False)


def grey_png(data: bytes, background: str) -> bytes:
    """A PNG logo in greys, laid on a tile of ``background`` (Pillow comes with WeasyPrint)."""
    from PIL import Image

    level = int(background[1:3], 16)
    with Image.open(io.BytesIO(data)) as source:
        drawing = source.convert("LA").convert("RGBA")  # greys, composited with their alpha
    pad_x, pad_y = round(drawing.width * PADDING), round(drawing.height * PADDING)
    tile = Image.new("RGBA", (drawing.width + 2 * pad_x, drawing.height + 2 * pad_y), (level, level, level, 255))
    tile.alpha_composite(drawing, (pad_x, pad_y))
    out = io.BytesIO()
    tile.convert("L").save(out, format="PNG")
    return out.getvalue()


def grey_logo(data: bytes, suffix: str, colour: str | None) -> bytes:
    """The logo of ``suffix`` (``.svg`` or ``.png``) in greys, on the grey of ``colour``."""
    background = background_grey(colour)
    return grey_svg(data, background) if suffix.lower() == ".svg" else grey_png(data, background)
