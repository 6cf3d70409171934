"""Guide NR engine: YAML fiches → validated model → pages and artefacts.

Plain Python, callable and testable without MkDocs; the MkDocs hooks and the macros
module in ``macros/`` are thin adapters around it.
"""

from .fiche import DIFFICULTIES, PRIORITIES, Fiche
from .guide import Guide, load_guide, load_guide_cached
from .problems import Problem, ValidationFailed
from .settings import GuideSettings

__all__ = [
    "DIFFICULTIES", "PRIORITIES", "Fiche", "Guide", "GuideSettings",
    "Problem", "ValidationFailed", "load_guide", "load_guide_cached",
]
