"""One allow-list sanitizer for every piece of HTML rendered from contributed Markdown.

Nothing here lists what is dangerous: it lists what is allowed, and the maintained
`nh3` library (the binding of the Rust Ammonia sanitizer, built on the html5ever
browser-grade parser) removes everything else. Two policies:

- :data:`DATA` — what contributors' and organisations' Markdown may produce (fiche body,
  feedback, theme intros, charter notes, extra pages…): text formatting, lists, links
  (``http``, ``https``, ``mailto`` and relative), tables, footnotes, admonitions. No
  ``style``, no event attribute, no image, no form, no SVG or MathML, no free class.
- :data:`PAGE` — a whole built page's content: :data:`DATA` plus the markup the engine
  itself writes (catalogue form, fact lists, grey SVG charts…). Pieces from several
  fields are checked together here, after Markdown assembled them.

The engine never publishes a silently cleaned text: :func:`refusals` compares what the
sanitizer keeps with what was written (both parsed by the Lexbor HTML5 parser, through
selectolax) and names each difference, so the contributor gets an error instead.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property

import nh3
from selectolax.lexbor import LexborHTMLParser

from guide_nr.text import INVISIBLE_CHARACTERS

#: Only these URL schemes survive (relative links and #anchors always do).
URL_SCHEMES = frozenset({"http", "https", "mailto"})
#: Attributes holding a URL (the sanitizer checks their scheme).
URL_ATTRIBUTES = frozenset({"href", "src", "xlink:href", "action", "formaction", "cite", "poster", "srcset", "background", "ping", "data"})

#: Admonition types Material styles (``!!! note``); any other word would be a free class.
ADMONITION_TYPES = frozenset({
    "note", "abstract", "summary", "tldr", "info", "todo", "tip", "hint", "important", "success", "check", "done",
    "question", "help", "faq", "warning", "caution", "attention", "failure", "fail", "missing", "danger", "error",
    "bug", "example", "quote", "cite",
})

_TEXT_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "dd", "del", "dfn", "div", "dl", "dt", "em",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp",
    "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var",
}
_TEXT_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href", "class"},
    "code": {"class"},
    "div": {"class"},
    "p": {"class"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
#: Classes Python-Markdown's extensions write, per tag; contributors may not add others.
_DATA_CLASSES = {
    "a": frozenset({"footnote-ref", "footnote-backref"}),
    "div": frozenset({"admonition", "footnote"}) | ADMONITION_TYPES,
    "p": frozenset({"admonition-title"}),
}
_LANGUAGE_CLASS = re.compile(r"^language-[a-z0-9+#-]{1,30}$")

#: What the engine's own page templates add around the data (forms, facts, SVG charts).
_ENGINE_TAGS = {
    "button", "details", "fieldset", "figcaption", "figure", "form", "input", "label", "legend", "nav", "section", "summary", "time",
    "select", "option", "textarea",  # « Composer ma charte »
    "svg", "g", "rect", "line", "path", "text", "title", "desc",
}
_ENGINE_ATTRIBUTES = {
    "*": {"class", "role", "hidden", "tabindex"},
    "a": {"hreflang"},
    "button": {"type"},
    "details": {"open"},
    "input": {"type", "name", "value", "checked", "autocomplete", "readonly", "accept", "min", "max", "maxlength"},
    "textarea": {"rows", "maxlength"},
    "label": {"for"},
    "time": {"datetime"},
    "svg": {"xmlns", "viewBox", "width", "height"},
    "rect": {"x", "y", "width", "height", "fill", "stroke", "stroke-width"},
    "line": {"x1", "y1", "x2", "y2", "stroke", "stroke-width"},
    "path": {"d", "fill", "stroke", "stroke-width"},  # all the bars of a chart's series in one element
    "text": {"x", "y", "fill", "font-size", "text-anchor"},
}


@dataclass(frozen=True)
class Policy:
    """An allow-list: tags, attributes per tag, and (optionally) classes per tag."""

    name: str
    tags: frozenset
    attributes: dict
    classes: dict | None = None  # None: any class on tags that allow ``class``
    generic_prefixes: frozenset = frozenset()

    @cached_property
    def cleaner(self) -> nh3.Cleaner:
        return nh3.Cleaner(
            tags=set(self.tags),
            clean_content_tags={"script", "style"},
            attributes={tag: set(names) for tag, names in self.attributes.items()},
            attribute_filter=self._filter if self.classes is not None else None,
            url_schemes=set(URL_SCHEMES),
            strip_comments=True,
            link_rel=None,
            generic_attribute_prefixes=set(self.generic_prefixes),
        )

    def _filter(self, tag: str, attribute: str, value: str) -> str | None:
        if attribute == "href" and value.strip().replace("\\", "/").startswith("//"):
            return None  # « //host/… » goes to another site without saying so: not a relative link
        if attribute == "id":
            return None if value.startswith("_") else value  # the theme's own controls (__drawer, __toc…)
        if attribute != "class":
            return value
        assert self.classes is not None  # the cleaner filters attributes only for a policy with classes
        allowed = self.classes.get(tag, frozenset())
        kept = [c for c in value.split() if c in allowed or (tag == "code" and _LANGUAGE_CLASS.match(c))]
        return " ".join(kept) if kept else None

    def allows_attribute(self, tag: str, attribute: str) -> bool:
        return attribute in self.attributes.get(tag, ()) or attribute in self.attributes.get("*", ()) \
            or any(attribute.startswith(p) for p in self.generic_prefixes)


def _merge(*maps: dict) -> dict:
    out: dict = {}
    for mapping in maps:
        for key, values in mapping.items():
            out[key] = frozenset(out.get(key, frozenset()) | set(values))
    return out


DATA = Policy("texte contribué", frozenset(_TEXT_TAGS), _merge(_TEXT_ATTRIBUTES), classes=_DATA_CLASSES)
#: A field shown under a page's own title (fiche text, feedback, theme intro, charter notes):
#: contributed text without level-1 headings, however they are written (« # », underlined, <h1>).
FIELD = Policy("champ", DATA.tags - {"h1"}, DATA.attributes, classes=_DATA_CLASSES)
#: A page written by an organisation, once its macros have run: contributed text plus what
#: the macros write (the priority × difficulty table), still with no free class or attribute.
TEMPLATE = Policy("page rédigée", frozenset(_TEXT_TAGS), _merge(_TEXT_ATTRIBUTES, {"table": {"class", "aria-label"}, "td": {"class"}, "p": {"class"}, "span": {"class"}}),
                  classes={**_DATA_CLASSES, "table": frozenset({"matrice"}), "td": frozenset({"gains-rapides"}),
                           "p": _DATA_CLASSES["p"] | {"case-titre"}, "span": frozenset({"case-axes"})})
PAGE = Policy("page", frozenset(_TEXT_TAGS | _ENGINE_TAGS), _merge(_TEXT_ATTRIBUTES, _ENGINE_ATTRIBUTES),
              generic_prefixes=frozenset({"data-", "aria-"}))


def sanitize(html: str, policy: Policy = DATA) -> str:
    """``html`` with everything the policy does not allow removed."""
    return policy.cleaner.clean(html)


@dataclass(frozen=True)
class Refusal:
    """One thing the sanitizer would remove: a tag, an attribute, an address or a class."""

    kind: str  # "balise", "attribut", "adresse", "classe", "ouverte", "fermante", "invisible"
    name: str
    value: str = ""
    needles: tuple = field(default=(), compare=False)

    @property
    def message(self) -> str:
        if self.kind == "invisible":
            return (f"caractère invisible {self.name} refusé (caractère de contrôle, d’inversion du sens d’écriture ou sans "
                    "largeur), même écrit en entité « &#x…; » : il cache ou réordonne le texte. Retirez-le.")
        if self.kind == "fermante" and self.name == "?":
            return "balise fermante en trop : elle fermerait des éléments de la page elle-même. Retirez-la."
        if self.kind == "fermante":
            return (f"balise fermante </{self.name}> sans balise ouvrante dans le même texte : elle fermerait des éléments "
                    "de la page elle-même (la suite sortirait de la page et du guide imprimé). Retirez-la.")
        if self.kind == "ouverte" and self.name == "?":
            return "élément HTML resté ouvert qui engloutit la suite de la page : refermez chaque balise dans le même texte."
        if self.kind == "ouverte":
            return (f"balise <{self.name}> ouverte mais jamais refermée : un navigateur l’étendrait à toute la suite de la page "
                    f"et du guide imprimé. Refermez-la (</{self.name}>) dans le même texte.")
        if self.kind == "balise" and self.name == "?":
            return "construction HTML refusée : le filtre en retirerait une partie ; écrivez ce passage en Markdown simple."
        if self.kind == "balise" and self.name == "h1":
            return "titre de niveau 1 (« # ») interdit : la page a déjà le titre de la fiche ; utilisez « ## »."
        if self.kind == "balise":
            return (f"balise HTML <{self.name}> refusée : le texte n’accepte que la mise en forme simple "
                    "(paragraphes, titres, listes, liens, tableaux, notes, encadrés), sans script, style, image, formulaire ni SVG.")
        if self.kind == "adresse":
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "…"
            return (f"adresse « {shown} » refusée dans l’attribut {self.name} : seules les adresses http://, https://, "
                    "mailto: et les liens relatifs sont acceptés.")
        if self.kind == "classe":
            return (f"classe « {self.name} » refusée : seules celles des notes et des encadrés sont acceptées "
                    f"(« !!! note », « !!! tip », « !!! warning »…, sans option après le type) ; retirez « {self.name} ».")
        if self.name == "style" and self.value in ("th", "td"):
            return ("attribut HTML « style » refusé : l’alignement des colonnes d’un tableau (« :--- », « ---: ») n’est pas accepté, "
                    "la feuille de style du guide aligne les tableaux.")
        if self.name == "style":
            return "attribut HTML « style » refusé : la mise en forme vient de la feuille de style du guide (elle garde l’impression en gris)."
        if self.name == "id":
            return (f"identifiant « {self.value} » refusé : un identifiant commençant par « _ » est réservé aux commandes de la "
                    "page (menu, table des matières).")
        if self.name.startswith("on"):
            return f"attribut HTML « {self.name} » refusé : les attributs d’événement (on…) exécutent du script."
        return f"attribut HTML « {self.name} » refusé sur <{self.value}> : il n’est pas dans la liste des attributs acceptés."


def _needles_for_tag(tag: str) -> tuple:
    needles = [re.compile(rf"<\s*{re.escape(tag)}\b", re.IGNORECASE)]
    if tag == "h1":  # « # Titre », or a line underlined with « = » (the title is the line before)
        needles += [re.compile(r"(?m)^#(?!#)[ \t]*\S"), re.compile(r"(?m)^.*\S.*\n(?==+[ \t]*$)")]
    return tuple(needles)


def _needles_for_attribute(name: str, value: str) -> tuple:
    needles = [re.compile(rf"\b{re.escape(name)}\s*=", re.IGNORECASE)]
    if value:
        needles.insert(0, re.compile(re.escape(value[:24]), re.IGNORECASE))
        scheme = re.match(r"\s*([a-zA-Z][a-zA-Z0-9+.-]*)\s*:", value)
        if scheme:
            needles.append(re.compile(r"[\s\x00-\x1f]*".join(map(re.escape, scheme.group(1))), re.IGNORECASE))
    return tuple(needles)


_END = "guide-nr-fin-du-fragment"
_START = "guide-nr-fragment"
_PREFIX = "<!DOCTYPE html><html><head></head><body>"


@dataclass(frozen=True)
class _Parsed:
    elements: list[tuple[str, dict[str, str]]]  # (tag, attributes) of every element of the fragment, in document order
    text: str  # its text, spaces collapsed
    leaks: list[Refusal]  # Refusal for each element it leaves open


def _parse(html: str) -> _Parsed:
    """``html`` parsed once as a browser would, followed by a paragraph of our own.

    ``<body>`` first puts the parser in the same state as a fragment parser (a leading
    ``<title>`` or ``<meta>`` stays in place instead of moving to ``<head>``). The paragraph
    written after the fragment shows whether it ends where it seems to: if the paragraph
    lands inside an element of the fragment, or the parser reopens one of the fragment's
    formatting elements in it (``<s>``, ``<a>``, ``<small>``…), a browser would extend that
    element to the rest of the page — and so would the printed guide and its PDF."""
    tree = LexborHTMLParser(f'{_PREFIX}<div id="{_START}">{html}</div><p id="{_END}">{_END}</p>')
    body = tree.body
    start = tree.css_first(f"div#{_START}")
    assert body is not None and start is not None  # a whole document, with our container first in its <body>
    elements = []
    for node in start.traverse(include_text=False):
        # Not elements: comments (« -comment ») and the nodes lexbor leaves unnamed (the
        # processing instruction « <?php … ?> », which html5ever reads as a comment).
        if node.mem_id == start.mem_id or node.tag is None or node.tag.startswith("-"):
            continue
        if node.attributes.get("id") == _END:
            break  # what follows is our paragraph and what the parser reopened in it
        elements.append((node.tag, {k: (v or "") for k, v in node.attributes.items()}))
    raw_text = body.text(deep=True)
    text = " ".join(raw_text.replace(_END, " ").split())
    faults = [Refusal("invisible", f"U+{ord(c):04X}", needles=(re.compile(re.escape(c) + f"|&#x0*{ord(c):x};|&#0*{ord(c)};", re.I),))
              for c in dict.fromkeys(INVISIBLE_CHARACTERS.findall(raw_text))]
    # A closing tag with no opening one in the fragment closes the page's own elements: the
    # fragment's end then lands outside the container written around it.
    after = start.next
    while after is not None and after.attributes.get("id") != _END:
        if after.tag != "-text" or (after.text() or "").strip():
            stray = _stray_closing_tags(html)
            faults += [Refusal("fermante", tag, needles=(re.compile(rf"</\s*{re.escape(tag)}\b", re.I),)) for tag in stray] \
                or [Refusal("fermante", "?", needles=())]
            break
        after = after.next
    end = tree.css_first(f"p#{_END}")
    if end is None:
        return _Parsed(elements, text, faults + [Refusal("ouverte", "?", needles=())])
    tags = [node.tag for node in end.traverse(include_text=False) if node.mem_id != end.mem_id and node.tag is not None]
    parent = end.parent
    while parent is not None and parent.tag is not None and parent.tag not in ("body", "html"):
        tags.append(parent.tag)
        parent = parent.parent
    return _Parsed(elements, text, faults + [Refusal("ouverte", tag, needles=_needles_for_tag(tag)) for tag in dict.fromkeys(tags)])


def _stray_closing_tags(html: str) -> list[str]:
    """Tags closed more often than opened in ``html`` (for the message only)."""
    opened = [m.lower() for m in re.findall(r"<\s*([a-zA-Z][a-zA-Z0-9]*)", html)]
    closed = [m.lower() for m in re.findall(r"</\s*([a-zA-Z][a-zA-Z0-9]*)", html)]
    return [tag for tag in dict.fromkeys(closed) if closed.count(tag) > opened.count(tag)]


def leaks(html: str) -> list[Refusal]:
    """Elements ``html`` leaves open, which a browser would extend to whatever follows it."""
    return _parse(html).leaks


def refusals(html: str, policy: Policy = DATA) -> list[Refusal]:
    """What the sanitizer removes from ``html``, and what it leaves open, each named once.
    Two parses in all: the text as written, and what the sanitizer keeps of it."""
    original = _parse(html)
    kept_html = sanitize(html, policy)
    if kept_html == html:
        return original.leaks
    kept = _parse(kept_html)
    before, after = original.elements, kept.elements
    found: list[Refusal] = []
    for op, a1, a2, b1, b2 in _opcodes([t for t, _ in before], [t for t, _ in after]):
        if op == "equal":
            for (tag, attrs), (_, kept_attrs) in zip(before[a1:a2], after[b1:b2], strict=False):
                found += _attribute_refusals(tag, attrs, kept_attrs, policy)
        else:
            for tag, _ in before[a1:a2]:
                found.append(Refusal("balise", tag, needles=_needles_for_tag(tag)))
            if op == "insert" or (op == "replace" and b2 - b1 > 0 and a2 - a1 == 0):  # pragma: no cover - parsers agree
                found.append(Refusal("balise", after[b1][0], needles=_needles_for_tag(after[b1][0])))
    if not found and kept.text != original.text:
        found.append(Refusal("balise", "?", needles=()))  # a change no element or attribute explains
    found += original.leaks
    unique = []
    for refusal in found:
        if refusal not in unique:
            unique.append(refusal)
    return unique


def _opcodes(a: list[str], b: list[str]) -> Iterator[tuple[str, int, int, int, int]]:
    """difflib's opcodes, with the common head and tail matched first in linear time (the
    matcher alone is quadratic on long runs of one tag)."""
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    if head:
        yield "equal", 0, head, 0, head
    matcher = difflib.SequenceMatcher(None, a[head:len(a) - tail], b[head:len(b) - tail], autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        yield op, a1 + head, a2 + head, b1 + head, b2 + head
    if tail:
        yield "equal", len(a) - tail, len(a), len(b) - tail, len(b)


def _attribute_refusals(tag: str, attrs: dict, kept: dict, policy: Policy) -> list[Refusal]:
    out = []
    for name, value in attrs.items():
        if kept.get(name) == value:
            continue
        if name == "class":
            remaining = set(kept.get("class", "").split())
            for klass in value.split():
                if klass not in remaining:
                    out.append(Refusal("classe", klass, needles=(re.compile(rf"\.{re.escape(klass)}\b"), re.compile(re.escape(klass)))))
        elif name == "id" and policy.allows_attribute(tag, name):
            out.append(Refusal("attribut", "id", value, needles=(re.compile(re.escape(value)),)))
        elif name in URL_ATTRIBUTES and policy.allows_attribute(tag, name):
            out.append(Refusal("adresse", name, value.strip(), needles=_needles_for_attribute(name, value.strip())))
        else:
            out.append(Refusal("attribut", name, tag, needles=_needles_for_attribute(name, "")))
    return out


def line_offset(refusal: Refusal, source: str) -> int:
    """Line offset in ``source`` where the refused construct was most likely written."""
    for needle in refusal.needles:
        match = needle.search(source)
        if match:
            return source.count("\n", 0, match.start())
    return 0
