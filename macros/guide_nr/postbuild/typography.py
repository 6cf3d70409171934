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
#: and none that English spells the same (« Evaluation », « Energy », « Emissions » stay as written).
_CAPITAL_E = re.compile(r"\bE(?=(?:valuer|valuez|valuons|tat|tats|quipement|quipements|lectricité|laborer|nergie|nergies|tablir|"
                        r"tude|tudes|conomie|conomies|viter|changer|coconception|co-organisme|co-organismes|crire|diteur|lus|"
                        r"lément|léments)\b)")
# « Le », « Ce » are words; « Ve », « XXIe », « 1res », « 2es » are ordinals.
_ORDINAL = re.compile(r"\b(1)(er|re|ers|res)\b|\b(\d+|[IVX]+|[IVXLC]{2,})(e|es)\b")
#: Left exactly as written: addresses, e-mail addresses, character references typed as text.
_PROTECTED = re.compile(r"(\S+@\S+|\w+://\S+|www\.\S+|&#?\w+;)")
_RULES = [
    (re.compile(r"(?<=\w)'(?=\w)"), "’"),                                          # l'impact → l’impact
    (re.compile(r"[ \u00a0\u202f]+([;:!?])(?=\s|$|[»)\]]|\W)"), NNBSP + r"\1"),   # « a : b » → « a\u202f: b »
    (re.compile(r"(?<=[^\s:/(\[])([;!?])(?=\s|$)"), NNBSP + r"\1"),                # « a; b » → « a\u202f; b »
    (re.compile(r"(?<=[^\s:/(\[\d])(:)(?=\s)"), NNBSP + r"\1"),                   # « Note: b » → « Note\u202f: b »
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NNBSP),                              # one narrow space, never two
    (re.compile(r"[ \u00a0\u202f]*»"), NNBSP + "»"),
    (re.compile(r"\b([nN]°) (?=\d)"), "\\1\u00a0"),                                 # « loi n° 2021-1485 » never breaks after « n° »
]


def _french_run(text: str) -> str:
    for pattern, replacement in _RULES:
        text = pattern.sub(replacement, text)
    return _CAPITAL_E.sub("É", text)


def french_text(text: str) -> str:
    """One run of plain text (no markup), with French typography; applying it again changes
    nothing. Addresses and character references typed as text are left as they are."""
    parts = _PROTECTED.split(text)
    return "".join(part if index % 2 else _french_run(part) for index, part in enumerate(parts))


def _superscripts(escaped: str) -> str:
    """Ordinals of an escaped text run, their suffix in <sup>: « 1er » → « 1<sup>er</sup> »."""
    def one(run: str) -> str:
        return _ORDINAL.sub(lambda m: f"{m.group(1)}<sup>{m.group(2)}</sup>" if m.group(1) else f"{m.group(3)}<sup>{m.group(4)}</sup>", run)
    parts = _PROTECTED.split(escaped)
    return "".join(part if index % 2 else one(part) for index, part in enumerate(parts))


class _Typographer(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.source = text
        self.out: list[str] = []
        self.stack: list[str] = []
        self.foreign: list[bool] = []  # per open element: inside a language other than French
        self.inside = False  # within <title> or <body>

    def _raw(self) -> str:
        return self.get_starttag_text() or ""

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.out.append(self._raw())
        if tag in ("title", "body"):
            self.inside = True
        if tag not in ("br", "img", "input", "meta", "link", "hr", "wbr", "source", "col", "area", "base"):
            lang = dict(attrs).get("lang")
            self.stack.append(tag)
            self.foreign.append((self.foreign[-1] if self.foreign else False) if lang is None else not (lang or "").lower().startswith("fr"))

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.out.append(self._raw())

    def handle_endtag(self, tag: str) -> None:
        self.out.append(f"</{tag}>")
        if tag == "title" and "svg" not in self.stack:  # the document's title, not an SVG one
            self.inside = False
        if tag in self.stack:
            while self.stack:
                self.foreign.pop()
                if self.stack.pop() == tag:
                    break

    def handle_data(self, data: str) -> None:
        # Script and style content arrives as written; any other text arrives unescaped.
        if self.stack and self.stack[-1] in ("script", "style"):
            self.out.append(data)
            return
        text = data
        french = self.inside and not _SKIPPED & set(self.stack) and not (self.foreign and self.foreign[-1])
        if french and data.strip():
            text = french_text(data)
        escaped = html.escape(text, quote=False)
        if french and not (_NO_MARKUP | {"sup", "sub"}) & set(self.stack):
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
