"""Post-build step: French typography applied to what readers see, the sources unchanged.

Contributors write « Evaluer l'impact : 1er pas » as they type it; every built page shows
« Évaluer l’impact : 1er pas » with a narrow no-break space (U+202F) before « : ; ! ? » and
inside « guillemets », a typographic apostrophe, the capital É of the common words that take
one, and ordinals (« 1er », « 2e », « XXIe ») in superscript. The rules run on the text nodes of
``<title>`` and ``<body>`` only: never in attributes, addresses, ``code``, ``pre``, ``kbd``,
``samp``, scripts or styles. Pages are read with the standard library's tokenizer (as in
``postbuild.html``): tags pass through as written, text is escaped again (``&``, ``<``, ``>``).
Why hand-written: no maintained Python library applies French typography to HTML
(SmartyPants-like tools are English-only).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

NNBSP = "\u202f"
_SKIPPED = {"code", "pre", "kbd", "samp", "script", "style", "textarea", "svg"}
_NO_MARKUP = {"title", "option"}  # raw text elements where <sup> cannot go

#: French words whose capital takes its accent (« Evaluer » → « Évaluer »): whole words only,
#: and none that English spells the same (« Evaluation », « Energy » stay as written).
_CAPITAL_E = re.compile(r"\bE(?=(?:valuer|valuez|valuons|tat|tats|quipement|quipements|lectricité|laborer|nergie|nergies|tablir|"
                        r"tude|tudes|conomie|conomies|viter|viter|changer|coconception|co-organisme|co-organismes|crire|diteur|lus|"
                        r"lément|léments|missions)\b)")
_ORDINAL = re.compile(r"\b(1)(er|re)\b|\b(\d+|[IVX]+|[IVXLC]{2,})(e)\b")  # « Le », « Ce » are words, « Ve », « XXIe » ordinals
_RULES = [
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),                       # l'impact → l’impact
    (re.compile(r"[ \u00a0]+([;:!?])(?=\s|$|[»)\]]|\W)"), NNBSP + r"\1"),  # « a : b » → « a\u202f: b »
    (re.compile(r"(?<=[^\s\u202f\u00a0:/(\[])([;!?])(?=\s|$)"), NNBSP + r"\1"),  # « a; b » → « a\u202f; b »
    (re.compile(r"(?<=[^\s\u202f\u00a0:/(\[\d])(:)(?=\s)"), NNBSP + r"\1"),  # « Note: b » → « Note\u202f: b »
    (re.compile(r"«[ \u00a0]*"), "«" + NNBSP),
    (re.compile(r"[ \u00a0]*»"), NNBSP + "»"),
]


def french_text(text: str) -> str:
    """One run of plain text (no markup), with French typography."""
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _CAPITAL_E.sub("É", text)


def _superscripts(escaped: str) -> str:
    """Ordinals of an escaped text run, their suffix in <sup>: « 1er » → « 1<sup>er</sup> »."""
    return _ORDINAL.sub(lambda m: f"{m.group(1)}<sup>{m.group(2)}</sup>" if m.group(1) else f"{m.group(3)}<sup>{m.group(4)}</sup>", escaped)


class _Typographer(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.source = text
        self.out: list[str] = []
        self.stack: list[str] = []
        self.inside = False  # within <title> or <body>

    def _raw(self) -> str:
        return self.get_starttag_text() or ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(self._raw())
        if tag in ("title", "body"):
            self.inside = True
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self._raw())

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag == "title":
            self.inside = False

    def handle_data(self, data: str) -> None:
        # Script and style content arrives as written; any other text arrives unescaped.
        if self.stack and self.stack[-1] in ("script", "style"):
            self.out.append(data)
            return
        text = data
        if self.inside and not _SKIPPED & set(self.stack) and data.strip():
            text = french_text(data)
        escaped = html.escape(text, quote=False)
        if self.inside and not (_SKIPPED | _NO_MARKUP | {"sup"}) & set(self.stack):
            escaped = _superscripts(escaped)
        self.out.append(escaped)

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def typeset_page(text: str) -> str:
    """A whole HTML document with French typography in its title and body text."""
    parser = _Typographer(text)
    parser.feed(text)
    parser.close()
    return "".join(parser.out)
