"""An organisation's charter (``charter.yml``): the board's adoption, its signatories and
revisions, and the fiches it commits to — status, deadline, sponsor, pilot, contributors,
dated actions with what was actually done, indicators measured year by year, budget
planned and spent each year, and the action sheet's fields.

A fork keeps its own files in ``organisation/`` (absent upstream, so merging upstream never
conflicts). The checks that need the guide (known fiches, scopes, dates in order) are in
``guide_nr.sources.organisation``; what is computed at build date (overdue actions, yearly
reports) in ``guide_nr.model.report``.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, StringConstraints

from guide_nr.model.identity import SCOPES, Identity  # noqa: F401  (re-exported: the charter's vocabulary)
from guide_nr.model.indicator import Date, Indicator, Year

STATUSES = ("à étudier", "planifiée", "en cours", "réalisée", "non retenue")
Status = Literal["à étudier", "planifiée", "en cours", "réalisée", "non retenue"]
ACTION_STATUSES = ("prévue", "en cours", "réalisée", "abandonnée")
ActionStatus = Literal["prévue", "en cours", "réalisée", "abandonnée"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Euros = Annotated[FiniteFloat, Field(ge=0, le=1e12)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(_Strict):
    title: Text = Field(description="Ce qui sera fait.")
    start: Date = Field(description="Date de début prévue (AAAA-MM-JJ).")
    end: Date = Field(description="Date de fin prévue (AAAA-MM-JJ).")
    owner: Text = Field(description="Qui en est responsable.")
    status: ActionStatus | None = Field(
        default=None, description="prévue, en cours, réalisée ou abandonnée (par défaut : réalisée si « done » est donnée, "
                                  "sinon prévue avant son début et en cours ensuite).")
    started: Date | None = Field(default=None, description="Date réelle de début, si elle diffère de la date prévue.")
    done: Date | None = Field(default=None, description="Date réelle de réalisation (obligatoire pour une action réalisée).")
    comment: Text | None = Field(default=None, description="Où en est l’action, ou pourquoi elle est abandonnée (publié).")


class Budget(_Strict):
    year: Year = Field(description="Année budgétaire.")
    planned: Euros = Field(description="Budget prévu, en euros.")
    spent: Euros | None = Field(default=None, description="Dépense réelle, en euros (absente tant que l’année n’est pas close).")
    note: Text | None = Field(default=None, description="Ligne budgétaire ou précision (publiée).")


class Commitment(_Strict):
    fiche: Text = Field(description="Identifiant de la fiche du guide (ou d’une fiche propre à l’organisation).")
    status: Status = Field(description="à étudier, planifiée, en cours, réalisée ou non retenue.")
    reason: Text | None = Field(default=None, description="Raison, obligatoire quand l’engagement n’est pas retenu.")
    deadline: Date | None = Field(default=None, description="Échéance de l’engagement (AAAA-MM-JJ).")
    sponsor: Text | None = Field(default=None, description="Élu ou dirigeant qui porte l’engagement.")
    pilot: Text | None = Field(default=None, description="Personne ou service qui pilote.")
    contributors: list[Text] = Field(default_factory=list, description="Contributeurs.")
    actions: list[Action] = Field(default_factory=list, description="Actions datées.")
    targets: list[Indicator] = Field(default_factory=list, description="Indicateurs suivis : départ, cible, échéance et valeurs par année.")
    budgets: list[Budget] = Field(default_factory=list, description="Budget prévu et dépensé, par année.")
    notes: Text | None = Field(default=None, description="Notes libres (Markdown).")
    # The action sheet (« fiche action ») of the commitment, after the seed's template.
    lever: Text | None = Field(default=None, description="Levier, formulé par l’organisation ; la fiche du guide reste nommée à côté.")
    expected_results: list[Text] = Field(default_factory=list, description="Résultats attendus pour ce levier.")
    human_means: Text | None = Field(default=None, description="Moyens humains (ETP ou jours-hommes), par exemple « 5 JH ».")
    budget: Text | None = Field(default=None, description="Moyens en euros, en toutes lettres, par exemple « 20 000 € (budget DSI) ».")
    scope: list[Text] = Field(default_factory=list, description="Périmètre : valeurs de « scopes » d’organisation.yml "
                                                               "(par défaut : direction du numérique, services généraux, tous les services, territoire).")
    prerequisites: list[Text] = Field(default_factory=list, description="Prérequis avant de commencer.")

    @property
    def retained(self) -> bool:
        return self.status != "non retenue"

    @property
    def due(self) -> tuple[_dt.date, str] | None:
        """The commitment's deadline and where it comes from: its own ``deadline``, else the
        latest of its targets' deadlines and its actions' planned ends."""
        if self.deadline is not None:
            return self.deadline, "échéance"
        dates = [t.date for t in self.targets] + [a.end for a in self.actions]
        return (max(dates), "dernière date prévue") if dates else None


class Adoption(_Strict):
    date: Date = Field(description="Date d’adoption de la charte (AAAA-MM-JJ).")
    body: Text = Field(description="Instance qui l’a adoptée (conseil communautaire, directoire, conseil d’administration…).")
    reference: Text | None = Field(default=None, description="Référence de la délibération ou de la décision, par exemple « délibération n° 2025-042 ».")


class Signatory(_Strict):
    name: Text = Field(description="Nom de la personne qui signe.")
    role: Text = Field(description="Sa fonction.")


class Revision(_Strict):
    version: Text = Field(description="Version de la charte (« 1 », « 2 », « 2025-1 »…).")
    date: Date = Field(description="Date de la révision (AAAA-MM-JJ).")
    changes: Text = Field(description="Ce qui a changé.")


class Charter(_Strict):
    organisation: Text | None = Field(default=None, description="Nom de l’organisation (par défaut : « name » d’organisation.yml).")
    guide_version: Text = Field(description="Version du guide sur laquelle la charte a été écrite.")
    title: Text | None = Field(default=None, description="Titre de la charte (par défaut : « Charte numérique responsable »).")
    version: Text | None = Field(default=None, description="Version de la charte en vigueur (par défaut : celle de la dernière révision).")
    preamble: Text | None = Field(default=None, description="Préambule (Markdown) : pourquoi l’organisation s’engage.")
    adoption: Adoption | None = Field(default=None, description="Adoption par l’instance de décision : date, instance, référence.")
    signatories: list[Signatory] = Field(default_factory=list, description="Signataires (nom, fonction) : lignes de signature du PDF.")
    revisions: list[Revision] = Field(default_factory=list, description="Historique des révisions, de la plus ancienne à la plus récente.")
    commitments: list[Commitment] = Field(min_length=1, description="Engagements, un par fiche.")

    @property
    def heading(self) -> str:
        return self.title or "Charte numérique responsable"

    def full_title(self, of_name: str) -> str:
        """The title naming the organisation: its own title as written, else the default one
        followed by « du Centre hospitalier… » (``Naming.of_name``)."""
        return self.title or f"{self.heading} {of_name}"

    @property
    def current_version(self) -> str | None:
        return self.version or (self.revisions[-1].version if self.revisions else None)

    @property
    def retained(self) -> list[Commitment]:
        return [c for c in self.commitments if c.retained]
