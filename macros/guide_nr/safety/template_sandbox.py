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

from typing import Any

from jinja2 import Environment, Template
from jinja2.exceptions import SecurityError
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment

from guide_nr.safety.time_limit import TooSlow, time_limit

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
    sandbox = GuideSandbox(
        macros, loader=current.loader, undefined=current.undefined, extensions=list(current.extensions),
        **{name: getattr(current, name) for name in _SYNTAX},
    )
    sandbox.filters = {name: current.filters[name] for name in FILTERS if name in current.filters}
    sandbox.tests.update(current.tests)
    return sandbox
