"""Guide NR engine: YAML fiches → validated model → pages → site → post-build steps.

Plain Python, callable and testable without a site generator. The stages are the
sub-packages (see ARCHITECTURE.md): ``safety``, ``model``, ``sources``, ``pages``,
``postbuild``, ``adapters``, then ``pipeline`` and ``cli``. The names below are the public
entry points; they are imported on first use, so importing one stage never loads the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

_PUBLIC = {
    "DIFFICULTIES": "guide_nr.model.fiche",
    "PRIORITIES": "guide_nr.model.fiche",
    "Fiche": "guide_nr.model.fiche",
    "Guide": "guide_nr.model.guide",
    "GuideSettings": "guide_nr.model.settings",
    "Problem": "guide_nr.problems",
    "ValidationFailed": "guide_nr.problems",
    "load_guide": "guide_nr.sources.loader",
    "load_guide_cached": "guide_nr.sources.loader",
}
__all__ = ["DIFFICULTIES", "PRIORITIES", "Fiche", "Guide", "GuideSettings", "Problem", "ValidationFailed", "load_guide", "load_guide_cached"]

if TYPE_CHECKING:
    from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES, Fiche
    from guide_nr.model.guide import Guide
    from guide_nr.model.settings import GuideSettings
    from guide_nr.problems import Problem, ValidationFailed
    from guide_nr.sources.loader import load_guide, load_guide_cached


def __getattr__(name: str) -> object:
    if name in _PUBLIC:
        return getattr(import_module(_PUBLIC[name]), name)
    raise AttributeError(f"module 'guide_nr' has no attribute {name!r}")
