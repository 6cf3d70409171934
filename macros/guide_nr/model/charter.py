"""An organisation's charter and maturity self-assessment, read from its own folder.

A fork keeps its own files in ``organisation/`` (absent upstream, so merging upstream never
conflicts): ``charter.yml`` lists the fiches it commits to — status, sponsor, pilot,
contributors, dated actions, targets per indicator — and ``maturity.yml`` scores each
dimension from 1 (inexistant) to 5 (maximum), once per assessment.
"""

from __future__ import annotations

import datetime as _dt
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, FiniteFloat, StringConstraints, field_validator

from guide_nr.model.publication import EMAIL_PATTERN, REPOSITORY_PATTERN

STATUSES = ("à étudier", "planifiée", "en cours", "réalisée", "non retenue")
Status = Literal["à étudier", "planifiée", "en cours", "réalisée", "non retenue"]
LEVELS = {1: "Inexistant", 2: "Émergent", 3: "Intermédiaire", 4: "Avancé", 5: "Maximum"}
#: The perimeter boxes of the action-sheet template (seed 004), value → label.
SCOPES = {
    "direction du numérique": "La direction du numérique (DSI)",
    "services généraux": "Les services généraux",
    "tous les services": "Tous les services et équipements",
    "territoire": "Le territoire",
}
Scope = Literal["direction du numérique", "services généraux", "tous les services", "territoire"]

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Action(_Strict):
    title: Text = Field(description="Ce qui sera fait.")
    start: _dt.date = Field(description="Date de début (AAAA-MM-JJ).")
    end: _dt.date = Field(description="Date de fin prévue (AAAA-MM-JJ).")
    owner: Text = Field(description="Qui en est responsable.")


class Target(_Strict):
    indicator: Text = Field(description="Indicateur suivi (souvent celui de la fiche).")
    baseline: FiniteFloat = Field(description="Valeur de départ.")
    target: FiniteFloat = Field(description="Valeur visée.")
    unit: Text = Field(description="Unité des valeurs (%, agents, kWh…).")
    date: _dt.date = Field(description="Date à laquelle la cible doit être atteinte.")
    current: FiniteFloat | None = Field(default=None, description="Dernière valeur mesurée, si elle existe.")


class Commitment(_Strict):
    fiche: Text = Field(description="Identifiant de la fiche du guide.")
    status: Status = Field(description="à étudier, planifiée, en cours, réalisée ou non retenue.")
    reason: Text | None = Field(default=None, description="Raison, obligatoire quand l’engagement n’est pas retenu.")
    sponsor: Text | None = Field(default=None, description="Élu ou dirigeant qui porte l’engagement.")
    pilot: Text | None = Field(default=None, description="Personne ou service qui pilote.")
    contributors: list[Text] = Field(default_factory=list, description="Contributeurs.")
    actions: list[Action] = Field(default_factory=list, description="Actions datées.")
    targets: list[Target] = Field(default_factory=list, description="Cibles par indicateur.")
    notes: Text | None = Field(default=None, description="Notes libres (Markdown).")
    # The action sheet (« fiche action ») of the commitment, after the seed's template.
    lever: Text | None = Field(default=None, description="Levier, formulé par l’organisation (par défaut : le titre de la fiche).")
    expected_results: list[Text] = Field(default_factory=list, description="Résultats attendus pour ce levier.")
    human_means: Text | None = Field(default=None, description="Moyens humains (ETP ou jours-hommes), par exemple « 5 JH ».")
    budget: Text | None = Field(default=None, description="Moyens en euros, par exemple « 20 000 € (budget DSI) ».")
    scope: list[Scope] = Field(default_factory=list, description="Périmètre : direction du numérique, services généraux, tous les services, territoire.")
    prerequisites: list[Text] = Field(default_factory=list, description="Prérequis avant de commencer.")


Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]


class AuditFields(_Strict):
    date: _dt.date = Field(description="Date de l’audit de conformité RGAA (AAAA-MM-JJ), passée.")

    @field_validator("date")
    @classmethod
    def _past(cls, value: _dt.date) -> _dt.date:
        if value > _dt.date.today():
            raise ValueError("la date d’un audit réalisé ne peut pas être dans le futur")
        return value

    rate: Annotated[float, Field(ge=0, le=100)] = Field(description="Taux de conformité mesuré par l’audit, en %.")
    auditor: Text = Field(description="Qui a réalisé l’audit.")


class PublicationFields(_Strict):
    """Who publishes the organisation's site (mentions légales, contact, accessibility statement)."""

    publisher: Text | None = Field(default=None, description="Éditeur du site (nom de l’organisation ou du service).")
    publisher_address: Text | None = Field(default=None, description="Adresse postale de l’éditeur.")
    director: Text | None = Field(default=None, description="Directeur ou directrice de la publication (fonction ou nom).")
    host: Text | None = Field(default=None, description="Hébergeur du site (raison sociale).")
    host_address: Text | None = Field(default=None, description="Adresse postale ou téléphone de l’hébergeur.")
    email: Annotated[str, StringConstraints(pattern=EMAIL_PATTERN)] | None = Field(
        default=None, description="Adresse électronique de contact (nom@domaine.fr, sans « mailto: »).")
    repository: Annotated[str, StringConstraints(pattern=REPOSITORY_PATTERN)] | None = Field(
        default=None, description="Adresse https:// du dépôt où ouvrir un ticket (facultatif ; sans identifiant ni mot de passe).")
    audit: AuditFields | None = Field(default=None, description="Audit de conformité RGAA, s’il a eu lieu.")


class Identity(_Strict):
    """Who publishes this fork and what it publishes (organisation.yml): name, site title,
    main colour, logo, prefix of its own fiches, themes and fiches of the guide it hides."""

    name: Text = Field(description="Nom de l’organisation.")
    site_name: Text | None = Field(default=None, description="Titre du site, à la place de celui du guide commun.")
    primary_color: Colour | None = Field(default=None, description="Couleur principale (#rrvvbb) : en-tête et liens ; contraste AA vérifié.")
    logo: Text | None = Field(default=None, description="Fichier du logo (SVG ou PNG) dans le dossier de l’organisation.")
    id_prefix: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]{1,9}$")] | None = Field(
        default=None, description="Préfixe des fiches propres à l’organisation (2 à 10 lettres minuscules ou chiffres) : « ex » donne ex-a.1.")
    published_themes: list[Text] = Field(default_factory=list, description="Thèmes du guide à publier, seuls (identifiants ; par défaut : tous).")
    hidden_themes: list[Text] = Field(default_factory=list, description="Thèmes du guide à ne pas publier (identifiants).")
    hidden_fiches: list[Text] = Field(default_factory=list, description="Fiches du guide à ne pas publier (identifiants).")
    publication: PublicationFields | None = Field(
        default=None, description="Éditeur, direction de la publication, hébergeur et contact du site de l’organisation.")

    def unpublished_themes(self, guide_themes: list[str]) -> set[str]:
        """The guide's themes this organisation does not publish (its own themes always are)."""
        hidden = set(self.hidden_themes)
        if self.published_themes:
            hidden |= set(guide_themes) - set(self.published_themes)
        return hidden


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio between two #rrggbb colours (1 to 21)."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def identity_css(identity: Identity) -> str:
    """CSS custom properties giving the organisation's colour to Material's header and links."""
    if not identity.primary_color:
        return ""
    c = identity.primary_color
    return (f":root{{--md-primary-fg-color:{c};--md-primary-fg-color--light:{c};--md-primary-fg-color--dark:{c};"
            f"--md-accent-fg-color:{c};--md-typeset-a-color:{c}}}\n"
            "@media print{:root{--md-primary-fg-color:#000;--md-typeset-a-color:#000;--md-accent-fg-color:#000}}\n")


class Charter(_Strict):
    organisation: Text = Field(description="Nom de l’organisation.")
    guide_version: Text = Field(description="Version du guide sur laquelle la charte a été écrite.")
    commitments: list[Commitment] = Field(min_length=1, description="Engagements, un par fiche.")


class Score(_Strict):
    dimension: Text = Field(description="Dimension évaluée (Stratégie et gouvernance, Achats…).")
    score: Annotated[int, Field(ge=1, le=5)] = Field(description="Note de 1 (inexistant) à 5 (maximum).")
    comment: Text | None = Field(default=None, description="Commentaire.")


class Assessment(_Strict):
    date: _dt.date = Field(description="Date de l’évaluation.")
    scores: list[Score] = Field(min_length=1, description="Une note par dimension.")


class Maturity(_Strict):
    dimensions: dict[Text, list[Text]] = Field(description="Dimensions et fiches qui les font progresser (identifiants).")
    assessments: list[Assessment] = Field(min_length=1, description="Évaluations, de la plus ancienne à la plus récente.")
