"""A fork's own folder (``organisation/``): where its files are, and how they are checked.

Everything an organisation adds lives in this folder, absent upstream, so merging upstream
updates never conflicts:

- ``organisation.yml`` — name, site title, colour, logo, id prefix, themes and fiches to hide;
- ``themes.yml`` and ``fiches/*.yml`` — its own themes and fiches (ids ``<prefix>-<theme>.<n>``),
  validated exactly like the guide's;
- ``charter.yml`` and ``maturity.yml`` — its charter and maturity self-assessments;
- ``pages/*.md`` — extra pages, published under ``demarche/``.

The checks here take the loader's problem list, so every problem of the fork is reported
with the guide's, in the same French format.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from guide_nr.model.charter import Charter, Commitment
from guide_nr.model.fiche import Fiche, fiche_files_in
from guide_nr.model.guide import Guide
from guide_nr.model.identity import SCOPES, Identity, contrast
from guide_nr.model.maturity import Maturity
from guide_nr.model.organisation import ExtraPage
from guide_nr.model.pilot import Pilot
from guide_nr.model.publication import REQUIRED
from guide_nr.model.release import Retired
from guide_nr.problems import Problem, ProblemList, did_you_mean
from guide_nr.safety.markdown import heading_count, inspect_markdown, inspect_rendered
from guide_nr.safety.sanitizer import DATA
from guide_nr.safety.svg import svg_problem
from guide_nr.safety.template_sandbox import template_problems
from guide_nr.sources.validation import field_path
from guide_nr.sources.yamlsource import YamlDocument, YamlSourceError, read_source_bytes

IDENTITY_FILE = "organisation.yml"
CHARTER_FILE = "charter.yml"
MATURITY_FILE = "maturity.yml"
THEMES_FILE = "themes.yml"
FICHES_DIR = "fiches"
PAGES_DIR = "pages"
#: Extra pages are published under this folder, with the charter's pages.
#: Names the organisation's section already uses for generated pages.
RESERVED_PAGES = {"index", "charte", "plan-action", "maturite", "fiches-action", "imprimer", "rapports"}
PAGE_NAME = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_TEMPLATE_SYNTAX = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
#: An extra page is longer than a fiche's text, within the same protective bound.
PAGE_MAX_CHARACTERS = 60_000


@dataclass(frozen=True)
class OrganisationFolder:
    path: Path

    @property
    def identity_path(self) -> Path:
        return self.path / IDENTITY_FILE

    @property
    def charter_path(self) -> Path:
        return self.path / CHARTER_FILE

    @property
    def maturity_path(self) -> Path:
        return self.path / MATURITY_FILE

    @property
    def themes_path(self) -> Path:
        return self.path / THEMES_FILE

    def fiche_files(self) -> list[Path]:
        return fiche_files_in(self.path / FICHES_DIR)

    def page_files(self) -> list[Path]:
        folder = self.path / PAGES_DIR
        return sorted(folder.glob("*.md")) if folder.is_dir() else []

    def source_files(self) -> list[Path]:
        """Every file a build reads from the folder (for the loader's cache)."""
        return sorted(p for p in self.path.rglob("*") if p.is_file())


def own_id_regex(prefix: str) -> re.Pattern:
    """Ids of a fork's own fiches: ``<prefix>-<theme>.<number>`` (``ex-a.1``, ``ex-t.2``)."""
    return re.compile(rf"^{re.escape(prefix)}-(?P<theme>[a-z][a-z0-9]*)\.(?P<number>[1-9][0-9]*)$")


#: An own fiche's id when organisation.yml is refused and its prefix unknown (any prefix).
ANY_OWN_ID = re.compile(r"^[a-z][a-z0-9]{1,9}-(?P<theme>[a-z][a-z0-9]*)\.(?P<number>[1-9][0-9]*)$")
_Item = TypeVar("_Item", bound=BaseModel)


# -- a refused organisation.yml: what it still says clearly ---------------------------
# Its problems are reported there, once; the files that depend on it (own fiches, charter)
# use what still reads on its own, and skip the checks that need the rest.


def id_prefix_of(identity: Identity | None, document: YamlDocument | None, refused: bool = False) -> tuple[str | None, bool]:
    """The prefix of the organisation's own fiches, and whether it is known; read from the
    file itself when another field of organisation.yml is wrong, so that one mistake is not
    reported on every own fiche (unknown when the file is not a mapping or the prefix is wrong)."""
    if identity is not None:
        return identity.id_prefix, True
    data = document.data if document is not None and isinstance(document.data, dict) else None
    raw = data.get("id_prefix") if data is not None else None
    if isinstance(raw, str) and re.fullmatch(r"[a-z][a-z0-9]{1,9}", raw):
        return raw, True
    return None, not refused or (data is not None and "id_prefix" not in data and not _misspelt(data, "id_prefix"))


def _misspelt(data: dict, name: str) -> bool:
    """Whether another key of ``data`` looks like a misspelling of ``name`` (« pilotes »)."""
    return any(key != name and did_you_mean(key, [name]) for key in data)


def salvaged(document: YamlDocument | None, name: str, model: type[_Item]) -> list[_Item] | None:
    """A list field of a refused organisation.yml, if it reads on its own (``[]`` when absent),
    else ``None``: unknown."""
    data = document.data if document is not None and isinstance(document.data, dict) else None
    if data is None or name not in data and _misspelt(data, name):
        return None
    raw = data.get(name, [])
    if not isinstance(raw, list):
        return None
    try:
        return [model.model_validate(item) for item in raw]
    except ValidationError:
        return None


def read_extra_pages(folder: OrganisationFolder, problems: ProblemList, extensions: list | None = None,
                     extension_configs: dict | None = None) -> list[ExtraPage]:
    pages = []
    for path in folder.page_files():
        if not PAGE_NAME.match(path.stem) or path.stem in RESERVED_PAGES:
            reason = ("nom réservé aux pages générées" if path.stem in RESERVED_PAGES
                      else "lettres minuscules sans accent, chiffres et tirets seulement")
            problems.add(path, None, "", f"nom de page « {path.name} » refusé ({reason}) : il fixe l’adresse de la page.")
            continue
        try:
            text = read_source_bytes(path).decode("utf-8-sig")
        except YamlSourceError as error:
            problems.add(path, None, "", error.message)
            continue
        except UnicodeDecodeError:
            problems.add(path, None, "", "fichier illisible : il doit être encodé en UTF-8.")
            continue
        if not any(line.startswith("# ") for line in text.splitlines()):
            problems.add(path, 1, "", "la page doit commencer par un titre de niveau 1 (« # Titre »), repris dans le menu.")
            continue
        # The macros must run: syntax, names and filters are checked here, with their line, so
        # that `guide check` reports them and a build never stops in the middle on them.
        for line, message in template_problems(text):
            problems.add(path, line, "", message)
        # The macros' own syntax is not Markdown (attr_list would read « {% … %} » as attributes);
        # what they write is checked once they have run (the build's page check and limits).
        written = _TEMPLATE_SYNTAX.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
        html, found = inspect_rendered(written, extensions, extension_configs, policy=DATA, max_characters=PAGE_MAX_CHARACTERS)
        for message, offset in found:
            problems.add(path, 1 + offset, "", message)
        if not found and html is not None and heading_count(html) > 1:  # html is None only past the limits, which are found
            second = [m.start() for m in re.finditer(r"(?m)^[ \t>*+\-0-9.]*#(?!#)[ \t]*\S|<h1\b", written)][1:2]
            problems.add(path, 1 + (written.count("\n", 0, second[0]) if second else 0), "",
                         "un seul titre de niveau 1 par page (le premier donne son titre à la page et au menu) : "
                         "commencez les suivants par « ## ».")
        pages.append(ExtraPage(path.stem, text))
    return pages


def check_identity(problems: ProblemList, folder: OrganisationFolder, identity: Identity, document: YamlDocument,
                   theme_ids: list[str], fiche_ids: list[str], retired_ids: AbstractSet[str] = frozenset()) -> None:
    path = folder.identity_path
    if identity.primary_color:
        ratio_value = contrast(identity.primary_color, "#ffffff")
        if ratio_value < 4.5:
            ratio = f"{ratio_value:.1f}".replace(".", ",")
            problems.add(
                path, document.line_of(("primary_color",)), "primary_color",
                f"couleur « {identity.primary_color} » trop claire : contraste de {ratio}:1 avec le blanc "
                "(texte de l’en-tête, liens sur fond blanc) ; 4,5:1 au moins sont exigés (WCAG 2.1 AA, critère 1.4.3). "
                "Choisissez une teinte plus foncée.",
            )
    if identity.logo:
        fault = logo_problem(folder, identity.logo)
        if fault:
            problems.add(path, document.line_of(("logo",)), "logo", fault)
    for name, values in (("published_themes", identity.published_themes), ("hidden_themes", identity.hidden_themes)):
        for index, value in enumerate(values):
            if value not in theme_ids:
                problems.add(path, document.line_of((name, index)), f"{name}[{index}]",
                             f"thème « {value} » inconnu.{did_you_mean(value, theme_ids)} Thèmes définis : {', '.join(theme_ids)}.")
    pages = {p.stem for p in folder.page_files()}
    for index, entry in enumerate(identity.menu):
        if entry.page is not None and entry.page not in pages:
            problems.add(path, document.line_of(("menu", index, "page")), f"menu[{index}].page",
                         f"page « {entry.page} » introuvable dans {folder.path.name}/{PAGES_DIR}/ (fichier « {entry.page}.md » attendu)."
                         f"{did_you_mean(entry.page, sorted(pages))}")
    if identity.home is not None:
        start = document.text_start_line(("home", "text")) or 1
        for message, offset in inspect_markdown(identity.home.text):
            problems.add(path, start + offset, "home.text", message)
    for index, value in enumerate(identity.hidden_fiches):
        if value not in fiche_ids and value not in retired_ids:  # a retired fiche stays hidden: its retirement page too
            problems.add(path, document.line_of(("hidden_fiches", index)), f"hidden_fiches[{index}]",
                         f"fiche « {value} » inconnue, impossible de la masquer.{did_you_mean(value, fiche_ids)}")


LOGO_MAX_BYTES = 100 * 1024


def logo_problem(folder: OrganisationFolder, name: str) -> str | None:
    """Why the logo file cannot be published, or ``None``: a small SVG or PNG file of the
    organisation's folder itself (no link, no path leaving it), an SVG without script."""
    logo = folder.path / name
    where = f"dans le dossier de l’organisation ({folder.path.name}/)"
    if Path(name).is_absolute() or ".." in Path(name).parts:
        return f"logo « {name} » refusé : donnez le nom d’un fichier {where}, sans « .. » ni chemin absolu."
    if any((folder.path / Path(*Path(name).parts[:depth])).is_symlink() for depth in range(1, len(Path(name).parts))):
        return f"logo « {name} » refusé : un dossier de son chemin est un lien symbolique ; placez le fichier lui-même {where}."
    if logo.suffix.lower() not in (".svg", ".png"):
        return f"logo « {name} » refusé : un fichier SVG ou PNG est attendu."
    try:
        data = read_source_bytes(logo, LOGO_MAX_BYTES)
    except FileNotFoundError:
        return f"logo « {name} » introuvable {where} (fichier SVG ou PNG attendu)."
    except YamlSourceError as error:
        return f"logo « {name} » refusé : {error.message.replace('Ko par fichier. Une fiche tient largement dans cette taille.', 'Ko pour un logo.')}"
    if logo.suffix.lower() == ".png":
        return None if data.startswith(b"\x89PNG\r\n\x1a\n") else f"logo « {name} » refusé : ce n’est pas une image PNG."
    fault = svg_problem(data)
    return f"logo « {name} » refusé : {fault}" if fault else None


def _fiche_reference(problems: ProblemList, path: Path, line: int | None, name: str, fiche_id: str, published: list[str], hidden: set[str],
                     retired: dict[str, Retired] | None = None) -> bool:
    """Check a reference to a fiche from the charter or the maturity file."""
    gone = (retired or {}).get(fiche_id)
    if gone is not None:
        instead = f" ; elle est remplacée par « {gone.replaced_by} »" if gone.replaced_by else ""
        todo = ("Reportez l’engagement sur une autre fiche ou retirez-le." if name.startswith("commitments")
                else "Remplacez-la par une autre fiche ou retirez-la d’ici.")
        problems.add(path, line, name, f"la fiche « {fiche_id} » ({gone.title}) a été retirée du guide : {gone.reason}{instead}. {todo}")
        return False
    if fiche_id in hidden:
        problems.add(path, line, name, f"la fiche « {fiche_id} » n’est pas publiée d’après {IDENTITY_FILE} (published_themes, hidden_themes ou hidden_fiches) : "
                                       "publiez-la ou retirez-la d’ici.")
        return False
    if fiche_id not in published:
        problems.add(path, line, name, f"fiche « {fiche_id} » inconnue.{did_you_mean(fiche_id, published)}")
        return False
    return True


def check_charter(problems: ProblemList, path: Path, charter: Charter, document: YamlDocument,
                  published: list[str], hidden: set[str], extensions: list | None = None, extension_configs: dict | None = None,
                  retired: dict[str, Retired] | None = None, scopes: dict[str, str] | None = None, today: _dt.date | None = None,
                  named: bool = False, check_scopes: bool = True, identity_name: str | None = None) -> None:
    """What the model alone cannot say about a charter: fiches known and published, one
    commitment per fiche, dates in order and not in the future, scope values declared, no
    data that a page would drop (an action on a commitment « non retenue »). ``check_scopes``
    false: the organisation's scopes are unknown (organisation.yml refused, its problem reported)."""
    today = today or _dt.date.today()
    scopes = scopes if scopes is not None else dict(SCOPES)
    identity_file = problems.display(path.parent / IDENTITY_FILE)
    origin = (f"déclarées dans {identity_file}, champ scopes" if scopes != SCOPES else
              f"celles du modèle de fiche action ; une organisation déclare les siennes dans {identity_file}, champ scopes : value et label")
    if charter.organisation is None and not named:
        problems.add(path, document.line_of(()) or 1, "organisation",
                     f"obligatoire, mais absent : donnez le nom de l’organisation ici ou dans {IDENTITY_FILE} (name).")
    if charter.organisation is not None and identity_name is not None and charter.organisation != identity_name:
        problems.add(path, document.line_of(("organisation",)), "organisation",
                     f"« {charter.organisation} » diffère du nom donné dans {IDENTITY_FILE} (« {identity_name} »), qui est celui publié : "
                     "retirez ce champ ou écrivez le même nom.")
    _dates_not_future(problems, path, document, today, [(("adoption", "date"), charter.adoption.date if charter.adoption else None)])
    if charter.preamble:
        start = document.text_start_line(("preamble",)) or 1
        for message, offset in inspect_markdown(charter.preamble, extensions, extension_configs):
            problems.add(path, start + offset, "preamble", message)
    versions: set[str] = set()
    for index, revision in enumerate(charter.revisions):
        where = ("revisions", index)
        if revision.version in versions:
            problems.add(path, document.line_of(where + ("version",)), field_path(where + ("version",)),
                         f"version « {revision.version} » déjà décrite : une révision par version.")
        versions.add(revision.version)
        if index and revision.date < charter.revisions[index - 1].date:
            problems.add(path, document.line_of(where + ("date",)), field_path(where + ("date",)),
                         f"révision du {revision.date.isoformat()} antérieure à la précédente ({charter.revisions[index - 1].date.isoformat()}) : "
                         "listez les révisions de la plus ancienne à la plus récente.")
        _dates_not_future(problems, path, document, today, [(where + ("date",), revision.date)])
    if charter.version and charter.revisions and charter.version not in versions:
        problems.add(path, document.line_of(("version",)), "version",
                     f"version « {charter.version} » absente de l’historique (revisions) : versions décrites {', '.join(sorted(versions))}.")
    seen = set()
    for index, item in enumerate(charter.commitments):
        where = ("commitments", index)
        name = f"commitments[{index}]"
        if _fiche_reference(problems, path, document.line_of(where + ("fiche",)), f"{name}.fiche", item.fiche, published, hidden, retired) \
                and item.fiche in seen:
            problems.add(path, document.line_of(where + ("fiche",)), f"{name}.fiche",
                         f"la fiche « {item.fiche} » a déjà un engagement : regroupez-les.")
        seen.add(item.fiche)
        if item.status == "non retenue":
            if not item.reason:
                problems.add(path, document.line_of(where + ("status",)), f"{name}.reason",
                             "un engagement « non retenue » doit donner sa raison (champ reason).")
            kept = [key for key in ("actions", "targets", "budgets", "expected_results", "prerequisites", "scope", "contributors")
                    if getattr(item, key)] + [key for key in ("deadline", "lever", "human_means", "budget", "sponsor", "pilot")
                                              if getattr(item, key) is not None]
            for key in kept:
                problems.add(path, document.line_of(where + (key,)), f"{name}.{key}",
                             f"un engagement « non retenue » n’a pas de fiche action : « {key} » ne serait publié nulle part. "
                             "Retirez ce champ, ou donnez un autre statut (à étudier, planifiée…).")
        for number, value in enumerate(item.scope):
            if check_scopes and value not in scopes:
                problems.add(path, document.line_of(where + ("scope", number)), f"{name}.scope[{number}]",
                             f"périmètre « {value} » inconnu.{did_you_mean(value, list(scopes))} Valeurs possibles : {', '.join(scopes)} ({origin}).")
        _check_actions(problems, path, document, item, where, today)
        _check_targets(problems, path, document, item, where, today)
        years: set[int] = set()
        for number, line in enumerate(item.budgets):
            at = where + ("budgets", number)
            if line.year in years:
                problems.add(path, document.line_of(at + ("year",)), field_path(at + ("year",)),
                             f"année {line.year} déjà budgétée pour cet engagement : une ligne par année.")
            years.add(line.year)
            if line.spent is not None and line.year > today.year:
                problems.add(path, document.line_of(at + ("spent",)), field_path(at + ("spent",)),
                             f"dépense déclarée pour {line.year}, année à venir : seule une année commencée a des dépenses.")
        if item.notes:
            start = document.text_start_line(where + ("notes",)) or 1
            for message, offset in inspect_markdown(item.notes, extensions, extension_configs):
                problems.add(path, start + offset, field_path(where + ("notes",)), message)


def _dates_not_future(problems: ProblemList, path: Path, document: YamlDocument, today: _dt.date,
                      dates: list[tuple[tuple, _dt.date | None]]) -> None:
    for loc, value in dates:
        if value is not None and value > today:
            problems.add(path, document.line_of(loc), field_path(loc),
                         f"date du {value.isoformat()} dans le futur (construction du {today.isoformat()}) : "
                         "ce champ décrit ce qui a eu lieu ; une date prévue va dans « start », « end » ou « deadline ».")


def _check_actions(problems: ProblemList, path: Path, document: YamlDocument, item: Commitment, where: tuple, today: _dt.date) -> None:
    for number, action in enumerate(item.actions):
        at = where + ("actions", number)
        if action.end < action.start:
            problems.add(path, document.line_of(at + ("end",)), field_path(at + ("end",)),
                         f"la fin ({action.end.isoformat()}) précède le début ({action.start.isoformat()}).")
        _dates_not_future(problems, path, document, today, [(at + ("started",), action.started), (at + ("done",), action.done)])
        if action.done is not None and action.status not in (None, "réalisée"):
            problems.add(path, document.line_of(at + ("done",)), field_path(at + ("done",)),
                         f"date de réalisation donnée pour une action « {action.status} » : mettez status: réalisée, ou retirez « done ».")
        if action.status == "réalisée" and action.done is None:
            problems.add(path, document.line_of(at + ("status",)), field_path(at + ("done",)),
                         "une action réalisée donne sa date de réalisation (done: AAAA-MM-JJ) : le rapport annuel la compte dans son année.")
        if action.status == "abandonnée" and action.comment is None:
            problems.add(path, document.line_of(at + ("status",)), field_path(at + ("comment",)),
                         "une action abandonnée dit pourquoi (comment) : la raison est publiée dans le rapport annuel.")
        if action.started is not None and action.done is not None and action.done < action.started:
            problems.add(path, document.line_of(at + ("done",)), field_path(at + ("done",)),
                         f"réalisée le {action.done.isoformat()}, avant son début réel ({action.started.isoformat()}).")


def _check_targets(problems: ProblemList, path: Path, document: YamlDocument, item: Commitment, where: tuple, today: _dt.date) -> None:
    for number, target in enumerate(item.targets):
        at = where + ("targets", number)
        if target.current is not None and target.values:
            problems.add(path, document.line_of(at + ("current",)), field_path(at + ("current",)),
                         "« current » (ancienne forme, sans année) et « values » (valeurs par année) à la fois : "
                         "gardez seulement « values », par exemple « values: [{year: 2025, value: 35}] ».")
        seen: set[int] = set()
        for rank, measure in enumerate(target.values):
            loc = at + ("values", rank, "year")
            if measure.year > today.year:
                problems.add(path, document.line_of(loc), field_path(loc),
                             f"valeur mesurée pour {measure.year}, année à venir : une valeur se déclare pour une année commencée.")
            if measure.year in seen:
                problems.add(path, document.line_of(loc), field_path(loc), f"année {measure.year} déjà mesurée pour cet indicateur : une valeur par année.")
            seen.add(measure.year)
        if target.baseline_year is not None and seen and target.baseline_year > min(seen):
            problems.add(path, document.line_of(at + ("baseline_year",)), field_path(at + ("baseline_year",)),
                         f"année de départ {target.baseline_year} postérieure à la première valeur mesurée ({min(seen)}).")


def check_maturity(problems: ProblemList, path: Path, maturity: Maturity, document: YamlDocument,
                   published: list[str], hidden: set[str], retired: dict[str, Retired] | None = None, today: _dt.date | None = None) -> None:
    today = today or _dt.date.today()
    dimensions = list(maturity.dimensions)
    for dimension, ids in maturity.dimensions.items():
        for number, fiche_id in enumerate(ids):
            _fiche_reference(problems, path, document.line_of(("dimensions", dimension, number)), f"dimensions.{dimension}[{number}]",
                             fiche_id, published, hidden, retired)
    dates = set()
    for index, assessment in enumerate(maturity.assessments):
        where = ("assessments", index)
        if assessment.date in dates:
            problems.add(path, document.line_of(where + ("date",)), f"assessments[{index}].date",
                         f"deux évaluations à la même date ({assessment.date.isoformat()}).")
        dates.add(assessment.date)
        if index and assessment.date < maturity.assessments[index - 1].date:
            problems.add(path, document.line_of(where + ("date",)), f"assessments[{index}].date",
                         "évaluations dans le désordre : listez-les de la plus ancienne à la plus récente.")
        _dates_not_future(problems, path, document, today, [(where + ("date",), assessment.date)])
        scored: list[str] = []
        for number, score in enumerate(assessment.scores):
            if score.dimension not in dimensions:
                problems.add(path, document.line_of(where + ("scores", number, "dimension")),
                             f"assessments[{index}].scores[{number}].dimension",
                             f"dimension « {score.dimension} » inconnue.{did_you_mean(score.dimension, dimensions)} "
                             f"Dimensions définies : {', '.join(dimensions)}.")
            elif score.dimension in scored:
                problems.add(path, document.line_of(where + ("scores", number, "dimension")),
                             f"assessments[{index}].scores[{number}].dimension",
                             f"dimension « {score.dimension} » notée deux fois dans cette évaluation.")
            scored.append(score.dimension)
        missing = [d for d in dimensions if d not in scored]
        if missing:
            problems.add(path, document.line_of(where + ("scores",)), f"assessments[{index}].scores",
                         f"évaluation du {assessment.date.isoformat()} incomplète : il manque {', '.join(f'« {d} »' for d in missing)}. "
                         "Chaque évaluation note toutes les dimensions (une note de 1 à 5, même inchangée), sinon les évolutions ne se comparent pas.")


def publication_problems(guide: Guide) -> list[Problem]:
    """A fork publishing with a legal notice still « à compléter » (for strict builds): one
    problem per empty required field of ``publication`` in organisation.yml."""
    folder = guide.settings.organisation_path
    if guide.organisation.identity is None or folder is None:
        return []
    path = folder / IDENTITY_FILE
    where = path.relative_to(guide.settings.root).as_posix() if path.is_relative_to(guide.settings.root) else path.as_posix()
    return [Problem(where, None, f"publication.{name}",
                    f"à renseigner ({REQUIRED[name]}) : les mentions légales, le contact et la déclaration d’accessibilité "
                    "l’affichent ; une construction stricte refuse de publier « à compléter ».")
            for name in guide.publication.missing()]

def pilots_in_use(pilots: list[Pilot], published: list[Fiche]) -> list[Pilot]:
    """The pilots some published fiche names: a fork that hides a theme does not list, count
    or publish a page for a pilot left with no fiche."""
    named = {label for fiche in published for label in fiche.pilots}
    return [p for p in pilots if p.label in named]

def check_own_pilots(problems: ProblemList, folder: OrganisationFolder, document: YamlDocument, declared: list[Pilot],
                     upstream: list[Pilot], upstream_file: str) -> list[Pilot]:
    """The organisation's own pilots that can join the guide's: not one of them, with a page address of their own."""
    known = {p.label: p for p in upstream}
    slugs = {p.slug: p.label for p in upstream}
    kept = []
    for index, pilot in enumerate(declared):
        line = document.line_of(("pilots", index, "label"))
        if pilot.label in known:
            problems.add(folder.identity_path, line, f"pilots[{index}].label",
                         f"pilote « {pilot.label} » déjà défini par le guide ({upstream_file}) : retirez-le d’ici, vos fiches peuvent déjà le citer.")
        elif pilot.slug in ("", "index"):
            problems.add(folder.identity_path, line, f"pilots[{index}].label",
                         f"libellé « {pilot.label} » refusé : il donne l’adresse de page « pilotes/{pilot.slug or '…'}/ », "
                         "vide ou déjà prise par la liste des pilotes ; écrivez un libellé en lettres.")
        elif pilot.slug in slugs:
            problems.add(folder.identity_path, line, f"pilots[{index}].label",
                         f"pilote « {pilot.label} » trop proche de « {slugs[pilot.slug]} » (même adresse de page) : choisissez un autre libellé.")
        else:
            kept.append(pilot)
            known[pilot.label] = pilot
            slugs[pilot.slug] = pilot.label
    return kept
