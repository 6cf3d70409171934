"""Facets: the criteria a reader can browse by (theme, priority, difficulty, pilot, and in a
fork with a charter, the organisation's commitment: any retained one, or one status).

Each value of a facet gets a static page listing its fiches, so every way into the guide
works without JavaScript; the catalogue's filters use the same slugs in its URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from guide_nr import routes
from guide_nr.model.charter import STATUSES
from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES, Fiche
from guide_nr.model.guide import Guide
from guide_nr.text import slugify

#: Query-string names of the catalogue filters, one per facet.
PARAMETERS = {"theme": "theme", "priority": "priorite", "difficulty": "difficulte", "pilot": "pilote", "commitment": "engagement"}
#: The commitment value that gathers every practice the charter retains, whatever its status.
ANY_COMMITMENT = "tous"

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
    facet: str  # theme | priority | difficulty | pilot | commitment
    value: str  # the value as written in fiches (theme id for themes; a commitment status, or ANY_COMMITMENT)
    label: str
    slug: str
    members: frozenset[str] = frozenset()  # commitment: the ids of the fiches it holds

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
            "commitment": fiche.id in self.members,
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


def commitment_values(guide: Guide) -> list[FacetValue]:
    """« Nos engagements » (every practice the charter retains), then each status that at
    least one published fiche has; none without a charter."""
    charter = guide.organisation.charter
    if charter is None:
        return []
    published = {f.id for f in guide.fiches}
    committed = [c for c in charter.commitments if c.fiche in published]
    values = [FacetValue("commitment", ANY_COMMITMENT, "Nos engagements", ANY_COMMITMENT, frozenset(c.fiche for c in committed if c.retained))]
    for status in STATUSES:
        members = frozenset(c.fiche for c in committed if c.status == status)
        if members:
            values.append(FacetValue("commitment", status, status[0].upper() + status[1:], slugify(status), members))
    return values


def all_values(guide: Guide) -> dict[str, list[FacetValue]]:
    values = {
        "theme": theme_values(guide),
        "priority": priority_values(),
        "difficulty": difficulty_values(),
        "pilot": pilot_values(guide),
    }
    commitments = commitment_values(guide)
    if commitments:
        values["commitment"] = commitments
    return values


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
    slugs = {
        "theme": fiche.theme,
        "priorite": slugify(fiche.priority),
        "difficulte": slugify(fiche.difficulty),
        "pilote": " ".join(pilots[p] for p in fiche.pilots),
    }
    commitment = guide.organisation.commitment(fiche.id)
    if commitment is not None:  # a fiche outside the charter has no commitment slug
        slugs["engagement"] = " ".join(([ANY_COMMITMENT] if commitment.retained else []) + [slugify(commitment.status)])
    return slugs

