"""Facets: the criteria a reader can browse by (theme, priority, difficulty, pilot).

Each value of a facet gets a static page listing its fiches, so every way into the guide
works without JavaScript; the catalogue's filters use the same slugs in its URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide_nr import routes
from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES, Fiche
from guide_nr.model.guide import Guide
from guide_nr.text import slugify

#: Query-string names of the catalogue filters, one per facet.
PARAMETERS = {"theme": "theme", "priority": "priorite", "difficulty": "difficulte", "pilot": "pilote"}

PRIORITY_MEANINGS = {
    "Prioritaire": "à engager en premier : ces pratiques ont un effet important ou conditionnent les autres.",
    "Recommandée": "à prévoir dans le plan d’action une fois les pratiques prioritaires lancées.",
    "Aller plus loin": "pour les organisations déjà avancées qui veulent approfondir leur démarche.",
}
DIFFICULTY_MEANINGS = {
    "Facile": "peu de moyens, une décision ou un réglage suffisent souvent.",
    "Moyenne": "demande de coordonner plusieurs équipes ou de prévoir un budget.",
    "Difficile": "projet de fond, sur plusieurs mois, avec des compétences ou des investissements spécifiques.",
}


@dataclass(frozen=True)
class FacetValue:
    facet: str  # theme | priority | difficulty | pilot
    value: str  # the value as written in fiches (theme id for themes)
    label: str
    slug: str

    @property
    def parameter(self) -> str:
        return PARAMETERS[self.facet]

    @property
    def page_path(self) -> str:
        return routes.facet_page(self.facet, self.slug)

    def matches(self, fiche: Fiche) -> bool:
        return {
            "theme": fiche.theme == self.value,
            "priority": fiche.priority == self.value,
            "difficulty": fiche.difficulty == self.value,
            "pilot": self.value in fiche.pilots,
        }[self.facet]

    def query(self) -> str:
        """Catalogue query string selecting this value: ``?priorite=prioritaire``."""
        return f"?{self.parameter}={self.slug}"


def theme_values(guide: Guide) -> list[FacetValue]:
    return [FacetValue("theme", t.id, t.title, t.id) for t in guide.themes]


def priority_values() -> list[FacetValue]:
    return [FacetValue("priority", p, p, slugify(p)) for p in PRIORITIES]


def difficulty_values() -> list[FacetValue]:
    return [FacetValue("difficulty", d, d, slugify(d)) for d in DIFFICULTIES]


def pilot_values(guide: Guide) -> list[FacetValue]:
    return [FacetValue("pilot", p.label, p.label, p.slug) for p in guide.pilots]


def all_values(guide: Guide) -> dict[str, list[FacetValue]]:
    return {
        "theme": theme_values(guide),
        "priority": priority_values(),
        "difficulty": difficulty_values(),
        "pilot": pilot_values(guide),
    }


def value_of(facet: str, value: str, guide: Guide) -> FacetValue:
    """The facet value of a fiche field (``priority``, ``Prioritaire``); only that facet is
    computed (a fiche page asks for a handful of values: the guide's size must not matter)."""
    if facet == "pilot":
        pilot = next(p for p in guide.pilots if p.label == value)
        return FacetValue("pilot", pilot.label, pilot.label, pilot.slug)
    values = {"theme": theme_values(guide), "priority": priority_values(), "difficulty": difficulty_values()}[facet]
    return next(v for v in values if v.value == value)


def fiche_slugs(fiche: Fiche, guide: Guide) -> dict[str, str]:
    """Space-separated slugs of a fiche per query parameter (for the catalogue's data attributes)."""
    pilots = {p.label: p.slug for p in guide.pilots}
    return {
        "theme": fiche.theme,
        "priorite": slugify(fiche.priority),
        "difficulte": slugify(fiche.difficulty),
        "pilote": " ".join(pilots[p] for p in fiche.pilots),
    }

