"""An organisation's maturity self-assessments (``maturity.yml``): each dimension scored
from 1 (inexistant) to 5 (maximum), once per assessment, every dimension every time."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_nr.model.indicator import Date

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
LEVELS = {1: "Inexistant", 2: "Émergent", 3: "Intermédiaire", 4: "Avancé", 5: "Maximum"}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Score(_Strict):
    dimension: Text = Field(description="Dimension évaluée, telle qu’elle est nommée dans « dimensions ».")
    score: Annotated[int, Field(ge=1, le=5)] = Field(description="Note de 1 (inexistant) à 5 (maximum).")
    comment: Text | None = Field(default=None, description="Commentaire (publié avec la note).")


class Assessment(_Strict):
    date: Date = Field(description="Date de l’évaluation (AAAA-MM-JJ).")
    by: Text | None = Field(default=None, description="Qui l’a menée (comité de pilotage, référente…).")
    scores: list[Score] = Field(min_length=1, description="Une note par dimension, chaque dimension une fois.")

    def score_of(self, dimension: str) -> Score | None:
        return next((s for s in self.scores if s.dimension == dimension), None)


class Maturity(_Strict):
    dimensions: dict[Text, list[Text]] = Field(description="Dimensions et fiches qui les font progresser (identifiants).")
    assessments: list[Assessment] = Field(min_length=1, description="Évaluations, de la plus ancienne à la plus récente.")

    @property
    def ordered(self) -> list[Assessment]:
        return sorted(self.assessments, key=lambda a: a.date)

    def in_year(self, year: int) -> list[Assessment]:
        return [a for a in self.ordered if a.date.year == year]
