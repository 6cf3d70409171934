"""The Jinja environment in which maintainers' pages (``docs/``, ``organisation/pages/``) run.

An explicit list of exposed names, not a list of forbidden ones: a page sees the guide's
macros and Jinja's own harmless helpers, and no variable at all — no ``config``, ``page``,
``files`` or plugin object, whose attributes lead to live Python modules. It is also
Jinja's immutable sandbox (no ``__class__``, ``__globals__``…, no mutation); it calls nothing
but the exposed macros and a few methods of text, offers only filters that do not multiply a
value's size, refuses operators that would build a huge value, and stops a page that takes
more than :data:`SECONDS` to render.
"""

from __future__ import annotations

import re
from typing import Any

from jinja2 import Environment, Template, nodes
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from guide_nr.problems import did_you_mean
from guide_nr.safety.time_limit import TooSlow, time_limit

#: The guide's macros, the only names a page may call besides :data:`JINJA_HELPERS`
#: (defined in ``adapters/mkdocs/macros.py``, documented in the README, « Macros »).
PAGE_MACROS = ("fiche_list", "fiche_count", "theme_list", "pilot_list", "matrix", "open_data_fields", "organisation_links",
               "charter_open_data", "home_title", "home_text", "fiche_link")
#: Jinja's default globals that only build values (no access to anything else).
JINJA_HELPERS = ("range", "dict", "namespace")
#: Filters that transform a value without multiplying its size.
FILTERS = frozenset({
    "e", "escape", "lower", "upper", "title", "capitalize", "trim", "striptags", "length", "count", "first", "last",
    "default", "d", "int", "float", "round", "abs", "string", "list", "sort", "unique", "reverse", "join", "max", "min",
    "sum", "truncate", "wordcount", "urlencode", "select", "reject", "selectattr", "rejectattr", "map", "safe",
})
#: Methods of text a page may call (none of them can grow it).
TEXT_METHODS = frozenset({"upper", "lower", "title", "capitalize", "strip", "lstrip", "rstrip", "startswith", "endswith"})
#: Largest text or list an operator may build, and seconds a page may take to render.
MAX_SIZE = 100_000
SECONDS = 10.0
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string", "comment_start_string",
           "comment_end_string", "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
           "newline_sequence", "keep_trailing_newline")


class _NoVariablesTemplate(Template):
    """Renders with the environment's globals only (variables handed by the caller are
    dropped), within a time budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        try:
            with time_limit(SECONDS):
                return super().render()
        except TooSlow:
            raise SecurityError(f"la page met plus de {SECONDS:g} s à s’afficher (boucles imbriquées ?)") from None


class GuideSandbox(ImmutableSandboxedEnvironment):
    template_class = _NoVariablesTemplate
    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        sized = [v for v in (left, right) if isinstance(v, (str, list, tuple))]
        counts = [v for v in (left, right) if isinstance(v, int)]
        if operator == "*" and sized and counts and len(sized[0]) * max(counts[0], 0) > MAX_SIZE:
            raise SecurityError(f"résultat trop grand (plus de {MAX_SIZE} éléments)")
        if operator == "**" and isinstance(right, int) and abs(right) > 64:
            raise SecurityError("puissance trop grande")
        return super().call_binop(context, operator, left, right)

    def __init__(self, macros: dict, **options: Any) -> None:
        super().__init__(**options)
        helpers = {name: self.globals[name] for name in JINJA_HELPERS if name in self.globals}
        self.globals.clear()
        self.globals.update(helpers)
        self.globals.update(macros)
        self._callables = {id(f) for f in self.globals.values() if callable(f)}

    def is_safe_callable(self, obj: Any) -> bool:
        if id(obj) in self._callables:
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, str) and getattr(obj, "__name__", "") in TEXT_METHODS


def sandbox_of(current: Environment, macros: dict) -> GuideSandbox:
    """A :class:`GuideSandbox` with the syntax, loader, filters and tests of ``current``,
    exposing ``macros`` (name → function) as the only names a page can use."""
    # No loader: a page cannot include, import or extend another file (template_problems names it).
    sandbox = GuideSandbox(
        macros, loader=None, undefined=current.undefined, extensions=list(current.extensions),
        **{name: getattr(current, name) for name in _SYNTAX},
    )
    sandbox.filters = {name: current.filters[name] for name in FILTERS if name in current.filters}
    sandbox.tests.update(current.tests)
    return sandbox


# -- a page's template, checked before any build ------------------------------------------

RAW_HINT = "Pour écrire « {{ » ou « {% » tels quels, entourez le passage de « {% raw %} » et « {% endraw %} »."


def macros_help(macros: tuple[str, ...] = PAGE_MACROS) -> str:
    return (f"une page ne peut appeler que les macros du guide ({', '.join(name + '()' for name in macros)}) "
            f"et {', '.join(name + '()' for name in JINJA_HELPERS)}, sans variable ni objet Python")


_DELIMITERS = {"end of print statement": "}}", "end of statement block": "%}", "begin of print statement": "{{",
               "end of template": "fin de la page"}


def french_syntax_error(error: TemplateSyntaxError) -> str:
    """Jinja's syntax error, said in French (its messages are English)."""
    message = error.message or ""
    closing = re.search(r"looking for the following tags: (.*?)\. The innermost block that needs to be closed is '(\w+)'", message)
    tag = re.match(r"Encountered unknown tag '(\w+)'", message)
    if closing:
        expected = " ou ".join(f"« {{% {name} %}} »" for name in re.findall(r"'(\w+)'", closing.group(1)))
        why = f"bloc « {{% {closing.group(2)} %}} » jamais refermé : {expected} attendu avant la fin de la page"
    elif tag and tag.group(1).startswith("end"):
        why = f"« {{% {tag.group(1)} %}} » ferme un bloc qui n’est pas ouvert"
    elif tag:
        why = f"balise « {{% {tag.group(1)} %}} » inconnue"
    elif found := re.match(r"No (filter|test) named '(\w+)'", message):
        allowed = sorted(FILTERS) if found.group(1) == "filter" else None
        why = (f"filtre « {found.group(2)} » refusé.{did_you_mean(found.group(2), allowed)} Filtres permis : {', '.join(allowed)}"
               if allowed is not None else f"test « {found.group(2)} » inconnu")
    elif message.lower().startswith("unexpected end of template"):
        why = "la page se termine au milieu d’une balise « {{ … }} » ou « {% … %} » : refermez-la"
    elif message.startswith("Expected an expression"):
        why = "balise vide ou incomplète : une expression est attendue (par exemple « {{ fiche_count() }} »)"
    elif found := re.match(r"unexpected char '(.+)'", message):
        why = f"caractère « {found.group(1)} » inattendu dans une balise"
    elif found := re.match(r"unexpected '(.+)'", message):
        why = f"« {found.group(1)} » inattendu dans une balise (accolade ou parenthèse en trop ou manquante ?)"
    elif found := re.match(r"expected token '(.+?)', got '(.+)'", message):
        wanted = _DELIMITERS.get(found.group(1), found.group(1))
        why = f"« {found.group(2)} » inattendu : « {wanted} » attendu à cet endroit (une virgule ou un opérateur manquant ?)"
    else:
        why = "syntaxe de gabarit invalide"
    return f"{why}. {RAW_HINT}"


def template_problems(text: str, macros: tuple[str, ...] = PAGE_MACROS) -> list[tuple[int, str]]:
    """What would stop a page's macros from running, found before the build, with its line:
    Jinja syntax, a name that is neither an exposed macro nor a helper, a refused filter."""
    if not re.search(r"\{[{%#]", text):
        return []
    sandbox = GuideSandbox(dict.fromkeys(macros, _no_call))
    try:
        tree = sandbox.parse(text)
    except TemplateSyntaxError as error:
        return [(error.lineno, f"gabarit invalide : {french_syntax_error(error)}")]
    found: dict[tuple[int, str], str] = {}
    names = list(sandbox.globals)
    # Names the page sets itself ({% set %}, loop and macro variables) and those Jinja gives to loops and macros.
    declared = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")} | {"loop", "caller", "varargs", "kwargs"}
    declared |= {m.name for m in tree.find_all(nodes.Macro)} | {i.target for i in tree.find_all(nodes.Import)}
    declared |= {n if isinstance(n, str) else n[-1] for i in tree.find_all(nodes.FromImport) for n in i.names}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and node.name not in declared and node.name not in sandbox.globals:
            help_text = macros_help(macros)
            found.setdefault((node.lineno, node.name), f"nom « {node.name} » inconnu.{did_you_mean(node.name, names)} "
                                                       f"{help_text[0].upper()}{help_text[1:]}.")
    tags: dict[type, str] = {nodes.Include: "include", nodes.Import: "import", nodes.FromImport: "from … import", nodes.Extends: "extends"}
    statements: list[nodes.Node] = list(tree.find_all(tuple(tags)))
    for statement in statements:
        tag = tags[type(statement)]
        found.setdefault((statement.lineno, tag), f"« {{% {tag} %}} » refusé : une page ne lit aucun autre fichier ; "
                                             "copiez le texte voulu dans la page, ou appelez une macro du guide.")
    for filtered in tree.find_all(nodes.Filter):
        if filtered.name not in FILTERS:
            found.setdefault((filtered.lineno, "|" + filtered.name),
                             f"filtre « {filtered.name} » refusé.{did_you_mean(filtered.name, sorted(FILTERS))} "
                             f"Filtres permis : {', '.join(sorted(FILTERS))}.")
    return [(line, message) for (line, _), message in sorted(found.items())]


def _no_call(*args: Any, **kwargs: Any) -> str:
    return ""
