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
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from dataclasses import dataclass
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


_NEWLINE = re.compile("\n")


class _Tokenizer(HTMLParser):
    """Elements with their positions; with ``keep``, only the elements it wants are listed
    (the others are still counted, and their names noted, without being held)."""

    def __init__(self, text: str, keep: Callable[[Element], bool] | None = None):
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self.keep = keep
        self.count = 0
        self.names: set[str] = set()
        self._open: list[Element] = []
        self._lines = [0, *(match.end() for match in _NEWLINE.finditer(text))]
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._lines[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        element = Element(tag, {name: value or "" for name, value in attrs}, start, start + len(raw), raw)
        self._add(element)
        if tag not in VOID:
            self._open.append(element)

    def _add(self, element: Element) -> None:
        self.count += 1
        if self.keep is None:
            self.elements.append(element)
        else:
            self.names.add(element.name)
            if self.keep(element):
                self.elements.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or ""
        start = self._offset()
        element = Element(tag, {name: value or "" for name, value in attrs}, start, start + len(raw), raw)
        element.content_end = element.end = element.start_end
        self._add(element)

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


class HtmlPage:
    """One built HTML file: its path in the site, its text and its elements.

    Once a page has been looked at whole, :meth:`keep` drops every element but the few that
    later steps rewrite or measure, and :meth:`pack` keeps its text as UTF-8 bytes until it is
    needed again: a guide of thousands of pages is never held in memory element by element.
    :attr:`element_count` keeps counting them all.
    """

    def __init__(self, path: str, text: str, changed: bool = False):
        self.path = path  # relative to the site: ``fiches/a.1/index.html``
        self._text: str | None = text
        self._packed: bytes | None = None
        self._elements: list[Element] | None = None
        self._edits: list[_Edit] = []
        self.changed = changed
        self._released: int | None = None  # elements dropped by keep()
        self.tags: frozenset[str] = frozenset()  # every element name of the page, noted by keep()

    @property
    def text(self) -> str:
        if self._text is None:
            self._text = (self._packed or b"").decode("utf-8")
            self._packed = None
        return self._text

    @text.setter
    def text(self, value: str) -> None:
        self._text, self._packed = value, None

    @property
    def data(self) -> bytes:
        """The text as UTF-8 bytes (as written to the file)."""
        if self._packed is not None and not self._edits:
            return self._packed
        return self.text.encode("utf-8")

    def pack(self) -> None:
        """Hold the text as UTF-8 until it is read again (half the memory of French text)."""
        if self._text is not None and not self._edits:
            self._packed, self._text = self._text.encode("utf-8"), None

    @property
    def elements(self) -> list[Element]:
        """The page's elements — after :meth:`keep`, only the kept ones."""
        if self._edits:
            self.commit()
        if self._elements is None:
            self._elements = _Tokenizer(self.text).elements
        return self._elements

    @property
    def element_count(self) -> int:
        return len(self.elements) + (self._released or 0)

    def rewrite(self, transform: Callable[[str], str]) -> None:
        """Replace the whole text by ``transform(text)`` (pending edits applied first); the page
        is read again when its elements are next asked for."""
        self.commit()
        new = transform(self.text)
        if new != self.text:
            self.text, self.changed = new, True
            self._elements, self._released, self.tags = None, None, frozenset()

    def reread(self) -> None:
        """Apply the pending edits and read the whole page again (all its elements)."""
        self.commit()
        self._elements, self._released, self.tags = None, None, frozenset()

    def keep(self, wanted: Callable[[Element], bool]) -> None:
        """Drop the elements no later step needs (``wanted`` says which to keep). A page not
        read yet is read keeping only those: the others are counted, never held."""
        if self._elements is None and self._released is None:
            self.commit()
            tokenizer = _Tokenizer(self.text, keep=wanted)
            self._elements, self._released, self.tags = tokenizer.elements, tokenizer.count - len(tokenizer.elements), frozenset(tokenizer.names)
            return
        elements = self.elements
        if self._released is None:
            self.tags = frozenset(e.name for e in elements)
        kept = [e for e in elements if wanted(e)]
        self._released = (self._released or 0) + len(elements) - len(kept)
        self._elements = kept

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
        """Splice the recorded edits into the text (they must not overlap).

        The elements already read are kept and moved, not read again: an element whose start
        tag an edit rewrote gets its new name and attributes, elements inside a replaced range
        are dropped, and the markup an edit inserts is tokenized on its own (a few bytes).
        """
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
        self.changed = True
        if self._elements is not None:
            self._elements = _moved(self._elements, edits)

def _moved(elements: list[Element], edits: list[_Edit]) -> list[Element]:
    """``elements`` after ``edits`` (sorted, non-overlapping) were spliced into their text."""
    starts = [edit.start for edit in edits]
    # shift[i]: how far text after the i first edits moved
    shift = [0]
    for edit in edits:
        shift.append(shift[-1] + len(edit.text) - (edit.end - edit.start))
    by_tag = {(edit.start, edit.end): edit for edit in edits}

    def moved(position: int, before_insert: bool = False) -> int:
        """New offset of an old offset that no edit replaced (an edit's end counts as after it).
        Text inserted exactly there (an empty element's new content) goes after the position when
        ``before_insert`` (a start tag's end, an element's end) and before it otherwise."""
        index = bisect_right(starts, position)
        while index:
            edit = edits[index - 1]
            if edit.end > position or (before_insert and edit.start == edit.end == position):
                index -= 1  # the edit is at or after the position
            else:
                break
        return position + shift[index]

    def inside(position: int) -> bool:
        index = bisect_right(starts, position)
        return bool(index) and edits[index - 1].start <= position < edits[index - 1].end

    out: list[Element] = []
    retagged: set[tuple[int, int]] = set()
    for element in elements:
        tag_edit = by_tag.get((element.start, element.start_end))
        if tag_edit is not None and tag_edit.text.startswith("<" + element.name):
            fresh = _Tokenizer(tag_edit.text).elements
            if len(fresh) == 1 and fresh[0].name == element.name:  # the same element, its start tag rewritten
                start = moved(element.start)
                element.attrs, element.raw = fresh[0].attrs, fresh[0].raw
                element.start, element.start_end = start, start + len(fresh[0].raw)
                element.content_end = None if element.content_end is None else moved(element.content_end)
                element.end = None if element.end is None else moved(element.end, before_insert=True)
                out.append(element)
                retagged.add((tag_edit.start, tag_edit.end))
                continue
        if inside(element.start):
            continue  # replaced or removed
        element.start, element.start_end = moved(element.start), moved(element.start_end, before_insert=True)
        element.content_end = None if element.content_end is None else moved(element.content_end)
        element.end = None if element.end is None else moved(element.end, before_insert=True)
        out.append(element)
    for index, edit in enumerate(edits):
        if (edit.start, edit.end) in retagged or "<" not in edit.text:
            continue
        base = edit.start + shift[index]
        for element in _Tokenizer(edit.text).elements:
            element.start += base
            element.start_end += base
            element.content_end = None if element.content_end is None else element.content_end + base
            element.end = None if element.end is None else element.end + base
            out.append(element)
    out.sort(key=lambda e: e.start)
    return out


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
                target.write_bytes(page.data)
                page.changed = False
                written += 1
            page.pack()
        return written
