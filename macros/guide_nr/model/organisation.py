"""What an organisation's fork adds to the common guide, as one value (``Guide.organisation``).

Empty for the common guide itself. Read and checked by ``guide_nr.sources.organisation``,
shown by ``guide_nr.pages.organisation``, its outputs checked by ``guide_nr.postbuild.outputs``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from guide_nr import routes
from guide_nr.model.charter import Charter, Commitment
from guide_nr.model.identity import SCOPES, Identity, Naming
from guide_nr.model.maturity import Maturity


@dataclass(frozen=True)
class ExtraPage:
    """A page written by the organisation (``pages/<name>.md``), published as-is."""

    name: str
    markdown: str

    @property
    def page_path(self) -> str:
        return routes.extra_page(self.name)

    @property
    def title(self) -> str:
        for line in self.markdown.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.name.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Organisation:
    identity: Identity | None = None  # organisation.yml: name, colour, logo, fiches and themes shown
    charter: Charter | None = None  # charter.yml: commitments and their action sheets
    maturity: Maturity | None = None  # maturity.yml: self-assessments
    own_fiches: frozenset[str] = frozenset()  # ids of the organisation's own fiches
    hidden: tuple[str, ...] = ()  # ids of the common guide's fiches it does not publish
    hidden_themes: tuple[str, ...] = ()  # ids of the common guide's themes it does not publish
    extra_pages: list[ExtraPage] = field(default_factory=list)  # pages/*.md

    def is_own(self, fiche_id: str) -> bool:
        return fiche_id in self.own_fiches

    def commitment(self, fiche_id: str) -> Commitment | None:
        """The organisation's commitment on a fiche, if its charter has one."""
        if self.charter is None:
            return None
        return next((c for c in self.charter.commitments if c.fiche == fiche_id), None)

    @property
    def naming(self) -> Naming:
        """How sentences name the organisation (« du Centre hospitalier… »)."""
        if self.identity is not None:
            return self.identity.naming
        if self.charter is not None and self.charter.organisation:
            return Naming.of(self.charter.organisation)
        return Naming("organisation", "l’")

    @property
    def name(self) -> str:
        return self.naming.name

    @property
    def scopes(self) -> dict[str, str]:
        """The perimeter values of the action sheets, value → label (the organisation's own, or the template's)."""
        return self.identity.scope_labels() if self.identity is not None else dict(SCOPES)

    @property
    def has_section(self) -> bool:
        """Whether the fork publishes anything of its own under « Notre démarche »."""
        return bool(self.charter or self.maturity or self.extra_pages or self.own_fiches)
