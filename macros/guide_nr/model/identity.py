"""Who publishes a fork (``organisation.yml``): name and how French names it, site title,
colour, logo, own vocabulary (pilots, scopes), home page and menu, publication fields.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from guide_nr.model.pilot import Pilot
from guide_nr.model.publication import EMAIL_PATTERN, REPOSITORY_PATTERN

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
Colour = Annotated[str, StringConstraints(pattern=r"^#[0-9a-fA-F]{6}$")]
#: The perimeter boxes of the action-sheet template (seed 004), value → label; an
#: organisation replaces them with its own (``scopes`` in organisation.yml).
SCOPES = {
    "direction du numérique": "La direction du numérique (DSI)",
    "services généraux": "Les services généraux",
    "tous les services": "Tous les services et équipements",
    "territoire": "Le territoire",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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


class Scope(_Strict):
    value: Text = Field(description="Valeur écrite dans charter.yml (scope), par exemple « pôles cliniques ».")
    label: Text = Field(description="Libellé affiché sur la fiche action, par exemple « Les pôles cliniques ».")


PAGE_NAME_PATTERN = r"^[a-z0-9][a-z0-9-]*$"


class MenuEntry(_Strict):
    title: Text = Field(description="Texte du lien dans le menu.")
    page: Annotated[str, StringConstraints(pattern=PAGE_NAME_PATTERN)] | None = Field(
        default=None, description="Nom d’une page de pages/ (sans « .md »), par exemple « gouvernance ».")
    url: Annotated[str, StringConstraints(pattern=REPOSITORY_PATTERN)] | None = Field(
        default=None, description="Ou une adresse https:// extérieure (le site de l’organisation…), sans guillemet, espace, chevron, "
                                  "parenthèse ni accolade (encodez-les, %20…).")

    @field_validator("title")
    @classmethod
    def _no_template(cls, value: str) -> str:
        if re.search(r"\{[{%#]", value):
            raise ValueError("« {{ », « {% » et « {# » sont refusés dans un titre de menu : le générateur les exécuterait comme un gabarit")
        return value

    @model_validator(mode="after")
    def _one_target(self) -> MenuEntry:
        if (self.page is None) == (self.url is None):
            raise ValueError("une entrée de menu donne soit « page » (une page de pages/), soit « url » (https://…), pas les deux")
        return self


class Home(_Strict):
    title: Text | None = Field(default=None, description="Titre de la page d’accueil (par défaut : le titre du site).")
    text: Text = Field(description="Texte d’accueil (Markdown), affiché en tête de la page d’accueil, avant les accès au guide.")


Article = Literal["le", "la", "l’", "les", "aucun"]
#: Menu entries an organisation may add (each costs every page two elements; see
#: ``postbuild.ecodesign.FORK_ALLOWANCE``).
MENU_MAX = 5


class Identity(_Strict):
    """Who publishes this fork and what it publishes (organisation.yml)."""

    name: Text = Field(description="Nom de l’organisation, sans article (« Centre hospitalier de l’Exemple »).")
    article: Article | None = Field(
        default=None, description="Article devant le nom : le, la, l’, les ou aucun (« du Centre hospitalier… », « de la Ville… ») ; "
                                  "deviné d’après le premier mot quand il est absent.")
    short_name: Text | None = Field(default=None, description="Forme courte employée dans les phrases (« le CHE »), avec son article.")
    site_name: Text | None = Field(default=None, description="Titre du site, à la place de celui du guide commun.")
    primary_color: Colour | None = Field(default=None, description="Couleur principale (#rrvvbb) : en-tête et liens ; contraste AA vérifié.")
    logo: Text | None = Field(default=None, description="Fichier du logo (SVG ou PNG) dans le dossier de l’organisation.")
    id_prefix: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9]{1,9}$")] | None = Field(
        default=None, description="Préfixe des fiches propres à l’organisation (2 à 10 lettres minuscules ou chiffres) : « ex » donne ex-a.1.")
    published_themes: list[Text] = Field(default_factory=list, description="Thèmes du guide à publier, seuls (identifiants ; par défaut : tous).")
    hidden_themes: list[Text] = Field(default_factory=list, description="Thèmes du guide à ne pas publier (identifiants).")
    hidden_fiches: list[Text] = Field(default_factory=list, description="Fiches du guide à ne pas publier (identifiants).")
    pilots: list[Pilot] = Field(default_factory=list, description="Pilotes propres à l’organisation, en plus de ceux du guide (label, description).")
    scopes: list[Scope] = Field(default_factory=list, description="Périmètres des fiches action (value, label), à la place de ceux du modèle.")
    home: Home | None = Field(default=None, description="Texte d’accueil propre à l’organisation.")
    menu: list[MenuEntry] = Field(default_factory=list, max_length=MENU_MAX,
                                  description=f"Entrées ajoutées au menu (title avec page ou url), {MENU_MAX} au plus : chacune pèse sur chaque page ; "
                                              "les autres pages se listent sur « Notre démarche ».")
    publication: PublicationFields | None = Field(
        default=None, description="Éditeur, direction de la publication, hébergeur et contact du site de l’organisation.")

    def unpublished_themes(self, guide_themes: list[str]) -> set[str]:
        """The guide's themes this organisation does not publish (its own themes always are)."""
        hidden = set(self.hidden_themes)
        if self.published_themes:
            hidden |= set(guide_themes) - set(self.published_themes)
        return hidden

    def scope_labels(self) -> dict[str, str]:
        return {s.value: s.label for s in self.scopes} if self.scopes else dict(SCOPES)

    @property
    def naming(self) -> Naming:
        return Naming.of(self.name, self.article, self.short_name)


# -- French grammar with the organisation's name -----------------------------------------

#: First words of organisation names and their article, for names given without one.
_FEMININE = {"communauté", "commune", "mairie", "ville", "région", "préfecture", "direction", "métropole", "agglomération",
             "caisse", "chambre", "fédération", "fondation", "maison", "mutuelle", "société", "clinique", "collectivité",
             "académie", "délégation", "inspection", "cour", "autorité", "banque", "compagnie", "entreprise", "association",
             "agence", "université", "école", "institution", "administration", "assemblée"}
_MASCULINE = {"centre", "conseil", "département", "ministère", "syndicat", "groupement", "hôpital", "établissement", "service",
              "office", "institut", "musée", "lycée", "collège", "pôle", "secrétariat", "tribunal", "groupe", "parc", "théâtre",
              "cabinet", "comité", "commissariat", "observatoire", "rectorat", "centre hospitalier", "laboratoire", "opéra"}
_PLURAL = {"hospices", "archives", "hôpitaux", "services", "éditions", "ateliers", "amis"}
_VOWEL = re.compile(r"^[aeiouyhàâäéèêëîïôöùûüœæ]", re.IGNORECASE)


def guess_article(name: str) -> str:
    """The article a French name takes, from its first word (« aucun » for proper names)."""
    first = re.split(r"[\s’'-]", name.strip(), maxsplit=1)[0].lower()
    if first in ("le", "la", "les", "l") or name.strip().lower().startswith(("l’", "l'")):
        return "aucun"  # written with its article
    if first in _PLURAL:
        return "les"
    if first in _FEMININE or first in _MASCULINE:
        if _VOWEL.match(first):
            return "l’"
        return "la" if first in _FEMININE else "le"
    return "aucun"


@dataclass(frozen=True)
class Naming:
    """The organisation's name as French sentences need it: « le Centre hospitalier… s’engage »,
    « la charte du Centre hospitalier… », « l’engagement de la Ville… »."""

    name: str
    article: str  # le, la, l’, les or aucun
    short: str | None = None

    @classmethod
    def of(cls, name: str, article: str | None = None, short: str | None = None) -> Naming:
        return cls(name, article or guess_article(name), short)

    @property
    def subject(self) -> str:
        """Sentence start: « Le Centre hospitalier de l’Exemple »."""
        text = self.with_article
        return text[0].upper() + text[1:]

    @property
    def with_article(self) -> str:
        """« le Centre hospitalier… », « l’Université… », « Exempleville »."""
        if self.article == "aucun":
            return self.name
        return f"{self.article}{'' if self.article == 'l’' else ' '}{self.name}"

    @property
    def of_name(self) -> str:
        """« du Centre hospitalier… », « de la Ville… », « de l’Université… », « des Hospices… », « d’Exempleville »."""
        return self._after("de", "du", "des", "d’")

    @property
    def to_name(self) -> str:
        """« au Centre hospitalier… », « à la Ville… », « à l’Université… », « aux Hospices… », « à Exempleville »."""
        return self._after("à", "au", "aux", "à ")

    def _after(self, preposition: str, with_le: str, with_les: str, before_vowel: str) -> str:
        """The name after « de » or « à », contracted with its article as French does (de le → du,
        à les → aux), also when the name is written with its « Le » or « Les » (« du Havre »)."""
        if self.article == "le":
            return f"{with_le} {self.name}"
        if self.article == "les":
            return f"{with_les} {self.name}"
        if self.article in ("la", "l’"):
            return f"{preposition} {self.with_article}"
        if re.match(r"^(le|les)\s", self.name, re.IGNORECASE):
            head, rest = self.name.split(maxsplit=1)
            return f"{with_le if head.lower() == 'le' else with_les} {rest}"
        return f"{before_vowel}{self.name}" if _VOWEL.match(self.name) else f"{preposition} {self.name}"

    @property
    def short_subject(self) -> str:
        """The short form for running text, else the full name with its article."""
        return self.short if self.short else self.with_article


# -- the organisation's colour -----------------------------------------------------------


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
