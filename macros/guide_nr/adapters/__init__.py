"""Site generator adapters: the only code that knows a site generator.

An adapter renders a staged docs tree (plain Markdown, generated pages included) into a
site folder and says what the post-build steps need to know (:class:`Rendered`). The
engine never imports a generator; :func:`generator_named` picks the adapter.

- ``mkdocs`` (default): MkDocs 1.x with Material, the macros plugin and
  ``adapters/mkdocs/page_hooks.py``;
- ``properdocs``: the same adapter on ProperDocs, the community continuation of MkDocs 1.x
  (a drop-in: it redirects ``mkdocs`` imports to itself, so it runs in its own process).
"""

from __future__ import annotations

from guide_nr.adapters.base import Rendered, SiteGenerator

__all__ = ["GENERATORS", "Rendered", "SiteGenerator", "generator_named"]

GENERATORS = ("mkdocs", "properdocs")


def generator_named(name: str) -> SiteGenerator:
    from guide_nr.postbuild.steps import BuildFailed

    if name not in GENERATORS:
        raise BuildFailed(f"générateur « {name} » inconnu ; possibles : {', '.join(GENERATORS)}.")
    from guide_nr.adapters.mkdocs.generator import MkDocsGenerator

    return MkDocsGenerator(properdocs=name == "properdocs")
