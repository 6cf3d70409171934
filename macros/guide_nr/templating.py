"""HTML the engine writes itself comes from autoescaped Jinja templates (``templates/``).

Every value is escaped when printed unless the template marks it safe: only fragments the
engine composed itself (another template's output, the built pages' articles) are. Undefined
names are errors, so a template never prints an empty string where a value was meant.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    return Environment(
        loader=PackageLoader("guide_nr", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render(template: str, **values: Any) -> str:
    return environment().get_template(template).render(**values)
