"""A theme groups fiches (``a`` Stratégie et gouvernance, ``b`` Sensibilisation…)."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Theme(BaseModel):
    """One entry of the themes file."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$")] = Field(
        description="Identifiant du thème, la lettre qui préfixe les identifiants de ses fiches (a, b…)."
    )
    title: Text = Field(description="Titre complet du thème.")
    short_title: Text = Field(description="Titre court, pour les listes et les étiquettes.")
    order: int = Field(ge=0, description="Rang du thème dans le guide.")
    intro: Text = Field(description="Introduction du thème, en Markdown.")
