"""The Jinja environment in which maintainers' pages (``docs/``, ``organisation/pages/``) run.

An explicit list of exposed names, not a list of forbidden ones: a page sees the guide's
macros and Jinja's own harmless helpers, and no variable at all — no ``config``, ``page``,
``files`` or plugin object, whose attributes lead to live Python modules. It is also
Jinja's immutable sandbox (no ``__class__``, ``__globals__``…, no mutation), and it calls
nothing but the exposed macros and the methods of plain text.
"""

from __future__ import annotations

from jinja2 import Environment, Template
from jinja2.sandbox import ImmutableSandboxedEnvironment

#: Jinja's default globals that only build values (no access to anything else).
JINJA_HELPERS = ("range", "dict", "lipsum", "cycler", "joiner", "namespace")
_SYNTAX = ("block_start_string", "block_end_string", "variable_start_string", "variable_end_string", "comment_start_string",
           "comment_end_string", "line_statement_prefix", "line_comment_prefix", "trim_blocks", "lstrip_blocks",
           "newline_sequence", "keep_trailing_newline")


class _NoVariablesTemplate(Template):
    """Renders with the environment's globals only: variables handed by the caller are dropped."""

    def render(self, *args, **kwargs):
        return super().render()


class GuideSandbox(ImmutableSandboxedEnvironment):
    template_class = _NoVariablesTemplate

    def __init__(self, macros: dict, **options):
        super().__init__(**options)
        helpers = {name: self.globals[name] for name in JINJA_HELPERS if name in self.globals}
        self.globals.clear()
        self.globals.update(helpers)
        self.globals.update(macros)
        self._callables = {id(f) for f in self.globals.values() if callable(f)}

    def is_safe_callable(self, obj) -> bool:
        if id(obj) in self._callables:
            return True
        owner = getattr(obj, "__self__", None)
        return isinstance(owner, (str, int, float)) and super().is_safe_callable(obj)


def sandbox_of(current: Environment, macros: dict) -> GuideSandbox:
    """A :class:`GuideSandbox` with the syntax, loader, filters and tests of ``current``,
    exposing ``macros`` (name → function) as the only names a page can use."""
    sandbox = GuideSandbox(
        macros, loader=current.loader, undefined=current.undefined, extensions=list(current.extensions),
        **{name: getattr(current, name) for name in _SYNTAX},
    )
    sandbox.filters.update(current.filters)
    sandbox.tests.update(current.tests)
    return sandbox
