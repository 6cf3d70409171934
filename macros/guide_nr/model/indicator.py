"""An indicator the organisation follows for a commitment: baseline, target with its
deadline, and the value measured each year (``values``), so a yearly report never
overwrites the previous one."""

from __future__ import annotations

import datetime as _dt
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Year = Annotated[int, Field(ge=1990, le=2100)]
#: A date of an organisation's file: from 1990 to 2100, so that no date makes a build write
#: thousands of yearly reports.
Date = Annotated[_dt.date, Field(ge=_dt.date(1990, 1, 1), le=_dt.date(2100, 12, 31))]
#: A measured or planned figure: large enough for any indicator, small enough to be drawn and added.
Figure = Annotated[FiniteFloat, Field(ge=-1e12, le=1e12)]


class Measure(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    year: Year = Field(description="Année de la mesure.")
    value: Figure = Field(description="Valeur mesurée cette année-là.")
    note: Text | None = Field(default=None, description="Comment la valeur a été mesurée, ou ce qui l’explique (publié).")


class Indicator(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    indicator: Text = Field(description="Indicateur suivi (souvent celui de la fiche).")
    unit: Text = Field(description="Unité des valeurs (%, agents, kWh…).")
    baseline: Figure = Field(description="Valeur de départ.")
    baseline_year: Year | None = Field(default=None, description="Année de la valeur de départ (par défaut : la première année mesurée).")
    target: Figure = Field(description="Valeur visée.")
    date: Date = Field(description="Échéance de la cible : date à laquelle elle doit être atteinte (AAAA-MM-JJ).")
    values: list[Measure] = Field(default_factory=list, description="Valeur mesurée chaque année, par exemple « - {year: 2025, value: 35} ».")
    current: Figure | None = Field(
        default=None, description="Ancienne forme, toujours lue : dernière valeur mesurée, sans année (publiée sans année). "
                                  "Préférez « values », qui garde la valeur de chaque année.")

    @property
    def measured(self) -> list[tuple[int, float]]:
        """``(year, value)`` in year order."""
        return sorted((m.year, m.value) for m in self.values)

    @property
    def latest(self) -> tuple[int | None, float] | None:
        """The most recent value and its year (``None`` year: the old ``current`` field)."""
        if self.values:
            return self.measured[-1]
        return (None, self.current) if self.current is not None else None

    def value_in(self, year: int) -> float | None:
        return next((m.value for m in self.values if m.year == year), None)

    @property
    def years(self) -> list[int]:
        return [m.year for m in self.values]

    @property
    def rising(self) -> bool:
        return self.target >= self.baseline

    def reached(self, value: float) -> bool:
        return value >= self.target if self.rising else value <= self.target

    def progress(self, value: float) -> float | None:
        """Share of the way from baseline to target (0 to 1, may exceed), ``None`` if they are equal."""
        span = self.target - self.baseline
        return None if span == 0 else (value - self.baseline) / span
