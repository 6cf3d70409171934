"""The fiche: one good practice, read from one YAML file of ``fiches/``.

This model is the single definition of the format: validation, the published JSON
Schema and the documentation of the fields all come from it.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from guide_nr import routes

PRIORITIES = ("Prioritaire", "Recommandée", "Aller plus loin")
DIFFICULTIES = ("Facile", "Moyenne", "Difficile")
#: How a difficulty reads after a priority (« Prioritaire, facile à mettre en œuvre »), never « difficulté difficile ».
DIFFICULTY_PHRASES = {"Facile": "facile à mettre en œuvre", "Moyenne": "de difficulté moyenne", "Difficile": "difficile à mettre en œuvre"}

Priority = Literal["Prioritaire", "Recommandée", "Aller plus loin"]
Difficulty = Literal["Facile", "Moyenne", "Difficile"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300, pattern=r"^[^\n]*$")]
Markdown = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A web address as the guide accepts it: http(s), a host name (accents allowed), then only
#: characters an escaped HTML attribute keeps as they are (RFC 3986 set, the « [ ] » browsers
#: leave in queries, letters with accents); it never goes into Markdown link syntax.
_LABEL = r"([A-Za-z0-9-]|[^\x00-\x7f\s\uff0e\u3002\uff61])+"  # no full-width or ideographic dot: browsers read it as « . »
_PORT = r"(6553[0-5]|655[0-2][0-9]|65[0-4][0-9]{2}|6[0-4][0-9]{3}|[1-5][0-9]{4}|[1-9][0-9]{0,3})"
URL_PATTERN = rf"^https?://{_LABEL}(\.{_LABEL})*(:{_PORT})?([/?#]([A-Za-z0-9\-._~:/?#@!$&'()*+,;=\[\]]|%[0-9A-Fa-f]{{2}}|[^\x00-\x7f\s])*)?$"
Url = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000, pattern=URL_PATTERN)]
#: Characters an id may hold whatever a fork's id_pattern says: ids become file and page names.
SAFE_ID_PATTERN = r"^[a-z0-9]+([.-][a-z0-9]+)*$"
FicheId = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=SAFE_ID_PATTERN)]

#: Fields whose text is Markdown (checked for script, rendered as Markdown).
MARKDOWN_FIELDS = ("body", "feedback.text")


FeedbackNature = Literal["résultat", "réalisation", "projet"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Reference(_Strict):
    """A publication, law or tool, with its web address when it has one."""

    title: Line = Field(description="Titre de la ressource.")
    url: Url | None = Field(default=None, description="Adresse web (http:// ou https://), si elle existe.", json_schema_extra={"format": "uri"})
    verified: bool | None = Field(default=None, description="false : adresse écrite d’après le modèle officiel (ELI…) sans avoir pu être ouverte ; "
                                  "à vérifier avant publication. Absent : rien n’est affirmé.")

    @model_validator(mode="after")
    def _verified_needs_an_address(self) -> Reference:
        if self.verified is not None and not self.url:
            raise ValueError("« verified » qualifie l’adresse (url) de la référence, qui n’en a pas : ajoutez l’url ou retirez « verified »")
        return self


class Feedback(_Strict):
    """A retour d’expérience: a real case, with its organisation and source."""

    organisation: Line = Field(description="Organisation qui a mis en œuvre la pratique.")
    text: Markdown = Field(description="Ce qui a été fait et ce que cela a donné, en Markdown.")
    year: int | None = Field(default=None, ge=1990, le=2100, description="Année du retour d’expérience.")
    source: Reference | None = Field(default=None, description="Publication d’où vient le retour d’expérience.")
    nature: FeedbackNature | None = Field(default=None, description="Ce que rapporte la source : « résultat » (un effet constaté ou mesuré), "
                                          "« réalisation » (une action menée, sans effet publié) ou « projet » (une intention, pas encore un résultat).")

    @field_validator("year")
    @classmethod
    def _year_not_ahead(cls, value: int | None) -> int | None:
        if value is not None and value > _dt.date.today().year:
            raise ValueError(f"année {value} à venir : un retour d’expérience rapporte ce qui a été fait ou prévu, daté au plus de l’année en cours")
        return value


#: What a retour d’expérience reports, as readers see it next to its source.
FEEDBACK_NATURES = {
    "résultat": "Résultat constaté",
    "réalisation": "Action réalisée, sans effet mesuré publié",
    "projet": "Projet annoncé, sans résultat connu",
}


class Fiche(_Strict):
    """Une bonne pratique du guide."""

    id: FicheId = Field(description="Identifiant stable : lettre du thème, point, numéro (a.1). Il fixe l’adresse de la page.")
    theme: Annotated[str, StringConstraints(min_length=1)] = Field(description="Identifiant du thème ; doit correspondre à la lettre de l’identifiant.")
    title: Line = Field(description="Titre de la bonne pratique.")
    summary: Line = Field(description="Résumé en une phrase, repris dans les listes et la description de la page.")
    priority: Priority = Field(description="Priorité : Prioritaire, Recommandée ou Aller plus loin.")
    difficulty: Difficulty = Field(description="Difficulté de mise en œuvre : Facile, Moyenne ou Difficile.")
    pilots: list[Line] = Field(min_length=1, description="Pilotes, choisis dans le vocabulaire des pilotes (fiches/_pilots.yml).")
    indicators: list[Line] = Field(min_length=1, description="Exemples d’indicateurs de pilotage.")
    body: Markdown = Field(description="Texte de la fiche, en Markdown (titres de niveau 2 au plus).")
    updated: _dt.date = Field(description="Date à laquelle les faits de la pratique (priorité, difficulté, pilotes, indicateurs) ont été mis à jour (AAAA-MM-JJ).")
    revised: _dt.date | None = Field(default=None, description="Date de la dernière révision du texte de la fiche (AAAA-MM-JJ) ; par défaut, celle de updated. "
                                                                "À changer à chaque modification : un test la compare à la dernière version publiée.")
    feedback: list[Feedback] = Field(default_factory=list, description="Retours d’expérience.")
    references: list[Reference] = Field(default_factory=list, description="Ressources pour aller plus loin.")
    related: list[FicheId] = Field(default_factory=list, description="Identifiants des fiches liées.")

    @field_validator("revised")
    @classmethod
    def _revised_in_the_past(cls, value: _dt.date | None) -> _dt.date | None:
        if value is not None and value > _dt.date.today():
            raise ValueError("une révision ne peut pas être datée dans le futur")
        return value

    @property
    def revision(self) -> _dt.date:
        """When the fiche's text was last revised (``revised``, else ``updated``)."""
        return self.revised or self.updated

    @property
    def cited(self) -> list[Reference]:
        """Every publication the fiche cites: its references, then the sources of its retours d’expérience."""
        return [*self.references, *(item.source for item in self.feedback if item.source)]

    @property
    def number(self) -> tuple:
        """Sort key that orders ``g.2`` before ``g.10``."""
        parts = []
        for chunk in self.id.replace("-", ".").split("."):
            parts.append((0, int(chunk), "") if chunk.isdigit() else (1, 0, chunk))
        return tuple(parts)

    @property
    def page_path(self) -> str:
        """Source path of the generated page; derived from the id only."""
        return routes.fiche_page(self.id)


FICHE_SUFFIXES = (".yml", ".yaml")


def fiche_files_in(folder: Path) -> list[Path]:
    """The fiche files of a folder: its YAML files whose name does not start with ``_`` or ``.``."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if p.suffix in FICHE_SUFFIXES and not p.name.startswith(("_", ".")))
