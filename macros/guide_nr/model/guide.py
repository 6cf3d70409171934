"""The guide as later stages see it: themes, pilots and fiches, already validated.

Made only by :func:`guide_nr.sources.loader.load_guide`, which checks every source first.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from guide_nr.model.fiche import Fiche
from guide_nr.model.organisation import Organisation
from guide_nr.model.pilot import Pilot
from guide_nr.model.publication import Audit, Publication, TestRun
from guide_nr.model.release import Journal, Release, Retired
from guide_nr.model.settings import GuideSettings
from guide_nr.model.theme import Theme


@dataclass
class Guide:
    """A validated guide; fiches are sorted by theme order then number."""

    settings: GuideSettings
    themes: list[Theme]
    pilots: list[Pilot]
    fiches: list[Fiche]
    sources: dict[str, Path] = field(default_factory=dict)  # fiche id → file
    retired: list[Retired] = field(default_factory=list)
    releases: list[Release] = field(default_factory=list)
    journal: Journal = field(default_factory=Journal)  # why each fiche changed since the last release (fiches/_journal.yml)
    upstream_fiches: list[Fiche] = field(default_factory=list)  # every fiche of the common guide, hidden ones included
    organisation: Organisation = field(default_factory=Organisation)  # what a fork adds (empty otherwise)
    test_run: TestRun | None = None  # the test suite's accessibility results for these sources, if recorded
    pilot_vocabulary: list[Pilot] = field(default_factory=list)  # every pilot a fiche may name, used or not (editors' schema, guide new)
    today: _dt.date = field(default_factory=_dt.date.today)  # the build date: overdue actions, reporting years (GUIDE_DATE sets it)

    def __post_init__(self) -> None:
        self._themes = {t.id: t for t in self.themes}
        self._fiches = {f.id: f for f in self.fiches}
        self._by_theme: dict[str, list[Fiche]] = {}
        self._rank: dict[str, int] = {}  # a fiche's position within its theme
        for fiche in self.fiches:
            siblings = self._by_theme.setdefault(fiche.theme, [])
            self._rank[fiche.id] = len(siblings)
            siblings.append(fiche)

    @property
    def publication(self) -> Publication:
        """Who publishes this site: a fork's own (organisation.yml, nothing inherited from the
        common guide's publisher), else the common guide's (``extra.guide.publication``)."""
        identity = self.organisation.identity
        if identity is None:
            return self.settings.publication
        own = identity.publication
        if own is None:
            return Publication()
        audit = Audit(own.audit.date, own.audit.rate, own.audit.auditor) if own.audit is not None else None
        return Publication(**{**own.model_dump(exclude={"audit"}), "audit": audit})

    def as_released(self, fiche: Fiche) -> Fiche:
        """The fiche as the common guide has it (a fork's hiding drops links to hidden fiches
        from the published copy, which must not count as a change of its text)."""
        return next((f for f in self.upstream_fiches if f.id == fiche.id), fiche)

    def theme(self, theme_id: str) -> Theme:
        return self._themes[theme_id]

    def fiche(self, fiche_id: str) -> Fiche:
        return self._fiches[fiche_id]

    def has_fiche(self, fiche_id: str) -> bool:
        return fiche_id in self._fiches

    def fiches_of(self, theme_id: str) -> list[Fiche]:
        return list(self._by_theme.get(theme_id, []))

    def select(self, theme: str | None = None, priority: str | None = None, difficulty: str | None = None, pilot: str | None = None) -> list[Fiche]:
        """Fiches matching every given criterion (``None`` means any)."""
        return [
            f
            for f in self.fiches
            if (theme is None or f.theme == theme)
            and (priority is None or f.priority == priority)
            and (difficulty is None or f.difficulty == difficulty)
            and (pilot is None or pilot in f.pilots)
        ]

    def neighbours(self, fiche: Fiche) -> tuple[Fiche | None, Fiche | None]:
        """Previous and next fiche within the same theme."""
        siblings = self._by_theme[fiche.theme]
        index = self._rank[fiche.id]
        previous = siblings[index - 1] if index > 0 else None
        following = siblings[index + 1] if index + 1 < len(siblings) else None
        return previous, following


