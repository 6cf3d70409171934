"""Post-build step: the site's own scripts, minified (comments, spaces and local names).

Why: « Composer ma charte » carries a YAML reader and a JSON Schema validator and must stay
within 6 KB compressed (tests/test_composer.py), while its source in ``overrides/`` stays
commented and readable. calmjs.parse is a maintained pure-Python ECMAScript 5 parser whose
printer also renames local variables (rjsmin, whitespace only, left the script over budget).
A script it cannot parse stops the build: nothing half-minified is published. The search
script is not in the list: its ``import()`` of Pagefind is not ECMAScript 5.
"""

from __future__ import annotations

from pathlib import Path

from calmjs.parse import es5
from calmjs.parse.unparsers.es5 import minify_print

from guide_nr import routes


class ScriptError(Exception):
    """A script of the site could not be minified (French message)."""


def minify(source: str, name: str) -> str:
    try:
        return minify_print(es5(source), obfuscate=True, obfuscate_globals=False, drop_semi=True) + "\n"
    except Exception as error:  # calmjs.parse's syntax errors have no common base class
        raise ScriptError(f"{name} : script illisible pour le minificateur (ECMAScript 5 attendu) : {error}") from None


def minify_scripts(site: Path) -> dict[str, tuple[int, int]]:
    """Minify each of :data:`routes.MINIFIED_SCRIPTS` in the staged site, in place; their sizes before and after."""
    sizes = {}
    for path in routes.MINIFIED_SCRIPTS:
        file = site / path
        if not file.is_file():
            raise ScriptError(f"{path} : script attendu dans le site construit, absent (overrides/{path}).")
        source = file.read_text(encoding="utf-8")
        text = minify(source, path)
        file.write_text(text, encoding="utf-8")
        sizes[path] = (len(source.encode()), len(text.encode()))
    return sizes
