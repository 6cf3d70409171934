"""The controlled vocabulary of pilots (who steers a practice).

A fiche may only name pilots from this list, so a typo cannot create a new facet.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_nr.text import slugify


class Pilot(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(
        description="Libellé exact, tel qu’il s’écrit dans les fiches."
    )
    description: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] | None = Field(
        default=None, description="Rôle de ce pilote dans la démarche, en une phrase."
    )

    @property
    def slug(self) -> str:
        return slugify(self.label)
