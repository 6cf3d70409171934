"""The built pages, read once and rewritten once, with a real HTML tokenizer.

After the site generator has written the pages, every post-build step works on the same
in-memory :class:`SitePages`: each HTML file is read and tokenized once (Python's
``html.parser``, the HTML tokenizer of the standard library: it knows tags, attributes,
comments, ``<script>``/``<style>`` raw text and character references, and gives the source
position of each tag). Steps locate elements through the tokens and record **edits**
(replace an attribute value, an element, an element's content); edits are spliced into the
original text, so every byte a step did not mean to change stays as the generator wrote it.
A rewrite that finds nothing to rewrite is an error (:class:`MarkupChanged`), never a silent
no-op: the day the theme's markup changes, the build says so.

Why not a DOM library: lexbor, html5lib or BeautifulSoup re-serialise the whole document
(quotes, void tags, whitespace), which would change every page's bytes and its measures.
"""

from __future__ import annotations

import html as _html
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


class MarkupChanged(Exception):
    """A post-build rewrite did not find the markup it rewrites (French message)."""


@dataclass
class Element:
    """A start tag and, once its end tag is seen, the span of its content."""

    name: str
    attrs: dict[str, str]
    start: int  # offset of « < »
    start_end: int  # offset just after the start tag's « > »
    raw: str  # the start tag as written
    content_end: int | None = None  # offset of the end tag's « < »
    end: int | None = None  # offset just after the end tag

    def has_class(self, name: str) -> bool:
        return name in self.attrs.get("class", "").split()


class _Tokenizer(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._open: list[Element] = []
        self._lines = [0]
        for index, char in enumerate(text):
            if char == "\n":
                self._lines.append(index + 1)
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        element = Element(tag, {name: value or "" for name, value in attrs}, start, start + len(raw), raw)
        self.elements.append(element)
        if tag not in VOID:
            self._open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        element = Element(tag, {name: value or "" for name, value in attrs}, start, start + len(raw), raw)
        element.content_end = element.end = element.start_end
        self.elements.append(element)

    def handle_endtag(self, tag: str) -> None:
        start = self._offset()
        for depth in range(len(self._open) - 1, -1, -1):  # close the nearest open element of that name
            if self._open[depth].name == tag:
                element = self._open[depth]
                del self._open[depth:]
                element.content_end = start
                element.end = self.rawdata.index(">", start) + 1  # one feed(): rawdata is the whole text
                return


@dataclass
class _Edit:
    start: int
    end: int
    text: str


@dataclass
class HtmlPage:
    """One built HTML file: its path in the site, its text and its elements."""

    path: str  # relative to the site: ``fiches/a.1/index.html``
    text: str
    _elements: list[Element] | None = None
    _edits: list[_Edit] = field(default_factory=list)
    changed: bool = False

    @property
    def elements(self) -> list[Element]:
        if self._edits:
            self.commit()
        if self._elements is None:
            self._elements = _Tokenizer(self.text).elements
        return self._elements

    def find(self, name: str, **attrs: str) -> list[Element]:
        """Elements named ``name`` whose attributes have exactly these values (``class_`` for class)."""
        wanted = {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}
        return [e for e in self.elements if e.name == name and all(e.attrs.get(k) == v for k, v in wanted.items())]

    # -- edits (applied together by commit) ------------------------------------------------

    def replace(self, start: int, end: int, text: str) -> None:
        self._edits.append(_Edit(start, end, text))

    def replace_element(self, element: Element, text: str) -> None:
        if element.end is None:
            raise MarkupChanged(f"{self.path} : élément <{element.name}> sans fin, impossible de le remplacer")
        self.replace(element.start, element.end, text)

    def replace_content(self, element: Element, text: str) -> None:
        if element.content_end is None:
            raise MarkupChanged(f"{self.path} : élément <{element.name}> sans fin, impossible d’en remplacer le contenu")
        self.replace(element.start_end, element.content_end, text)

    def remove(self, element: Element) -> None:
        """Remove an element (a void one is just its tag)."""
        self.replace(element.start, element.end if element.end is not None else element.start_end, "")

    def set_attribute(self, element: Element, name: str, value: str | None) -> None:
        """Rewrite one attribute of a start tag (``None`` removes it); the rest of the tag is kept."""
        attributes = dict(element.attrs)
        if value is None:
            attributes.pop(name, None)
        else:
            attributes[name] = value
        self.replace(element.start, element.start_end, start_tag(element.name, attributes, element.raw.endswith("/>")))

    def commit(self) -> None:
        """Splice the recorded edits into the text (they must not overlap)."""
        if not self._edits:
            return
        edits = sorted(self._edits, key=lambda e: e.start)
        for before, after in zip(edits, edits[1:], strict=False):
            if after.start < before.end:
                raise MarkupChanged(f"{self.path} : deux réécritures se chevauchent ({before.start}–{before.end} et {after.start}–{after.end})")
        out, position = [], 0
        for edit in edits:
            out.append(self.text[position:edit.start])
            out.append(edit.text)
            position = edit.end
        out.append(self.text[position:])
        self.text = "".join(out)
        self._edits = []
        self._elements = None
        self.changed = True


def start_tag(name: str, attributes: dict[str, str], self_closing: bool = False) -> str:
    """A start tag with escaped attribute values, as MkDocs and Material write them."""
    parts = [name] + [f'{key}="{_html.escape(value, quote=True)}"' if value != "" or key in ("alt", "content", "value") else key
                      for key, value in attributes.items()]
    return "<" + " ".join(parts) + (" />" if self_closing else ">")


def splice(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with ``edits`` (absolute, non-overlapping ``(start, end, new text)``)
    applied; edits reaching past ``end`` are cut there."""
    out, position = [], start
    for edit_start, edit_end, new in sorted(edits):
        if edit_start >= end:
            break
        if edit_start < position:
            raise MarkupChanged(f"deux réécritures se chevauchent ({edit_start} < {position})")
        out += [text[position:edit_start], new]
        position = min(edit_end, end)
    out.append(text[position:end])
    return "".join(out)


class SitePages:
    """Every HTML page of a built site, read once; :meth:`write` saves the changed ones once."""

    def __init__(self, site: Path):
        self.site = site
        self.pages: dict[str, HtmlPage] = {}
        for file in sorted(site.rglob("*.html")):
            relative = file.relative_to(site).as_posix()
            self.pages[relative] = HtmlPage(relative, file.read_text(encoding="utf-8"))
        self.files_read = len(self.pages)

    def __iter__(self) -> Iterator[HtmlPage]:
        return iter(self.pages.values())

    def __len__(self) -> int:
        return len(self.pages)

    def get(self, path: str) -> HtmlPage | None:
        return self.pages.get(path)

    def add(self, path: str, text: str) -> HtmlPage:
        """A page the post-build steps compose themselves (the print pages)."""
        page = HtmlPage(path, text, changed=True)
        self.pages[path] = page
        return page

    def write(self) -> int:
        """Write every page changed since it was read; return how many were written."""
        written = 0
        for page in self.pages.values():
            page.commit()
            if page.changed:
                target = self.site / page.path
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(page.text, encoding="utf-8")
                page.changed = False
                written += 1
        return written
