"""Sources stage: read every YAML source and check it as a whole (YAML → validated model).

:func:`load_guide` reads every source file, collects every problem (schema, identifiers,
cross-references, Markdown safety) and raises :class:`~guide_nr.problems.ValidationFailed`
with all of them, or returns a :class:`~guide_nr.model.guide.Guide` that later stages can trust.
"""

from __future__ import annotations

import datetime as _dt
import os
import re
from collections.abc import Set as AbstractSet
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from guide_nr.model.charter import Charter
from guide_nr.model.fiche import FICHE_SUFFIXES, SAFE_ID_PATTERN, Fiche, fiche_files_in
from guide_nr.model.guide import Guide
from guide_nr.model.identity import SCOPES, Identity, Scope
from guide_nr.model.maturity import Maturity
from guide_nr.model.organisation import ExtraPage, Organisation
from guide_nr.model.pilot import Pilot
from guide_nr.model.release import Journal, Release, Retired, read_releases
from guide_nr.model.settings import GuideSettings
from guide_nr.model.theme import Theme
from guide_nr.problems import ProblemList, did_you_mean
from guide_nr.safety.markdown import MAX_CHARACTERS, inspect_markdown
from guide_nr.sources.journal import check_journal
from guide_nr.sources.organisation import (
    ANY_OWN_ID,
    OrganisationFolder,
    check_charter,
    check_identity,
    check_maturity,
    check_own_pilots,
    id_prefix_of,
    own_id_regex,
    pilots_in_use,
    read_extra_pages,
    salvaged,
)
from guide_nr.sources.test_results import read_test_run, results_path
from guide_nr.sources.validation import field_path, model_errors
from guide_nr.sources.yamlsource import YamlDocument, YamlSourceError, read_yaml
from guide_nr.text import french_date

SAFE_ID = re.compile(SAFE_ID_PATTERN)
#: A Markdown definition line — link reference, footnote or abbreviation — the only way one
#: Markdown text changes how another one renders on the same page.
DEFINITION = re.compile(r"(?m)^ {0,3}\*?\[[^\]\n]+\]:")
_Model = TypeVar("_Model", bound=BaseModel)

def fiche_files(settings: GuideSettings) -> list[Path]:
    """Every fiche file of the guide: YAML files of the fiches folder whose name does not start with ``_``."""
    return fiche_files_in(settings.fiches_path)


def load_guide(settings: GuideSettings, markdown_extensions: list | None = None, extension_configs: dict | None = None) -> Guide:
    """Read and check every source file; raise ``ValidationFailed`` listing all problems."""
    loader = _Loader(settings, markdown_extensions, extension_configs)
    return loader.load()


_CACHE: dict[tuple, Guide] = {}


def load_guide_cached(settings: GuideSettings, markdown_extensions: list | None = None, extension_configs: dict | None = None) -> Guide:
    """Like :func:`load_guide`, reusing the result while no source file has changed.

    The build calls the loader from several places (validation, pages, macros); this keeps
    it to one read per change, and ``mkdocs serve`` still sees every edit.
    """
    folder = settings.organisation_path
    organisation = OrganisationFolder(folder).source_files() if folder is not None and folder.is_dir() else []
    paths = [settings.themes_path, settings.pilots_path, settings.retired_path, settings.releases_path, settings.journal_path, results_path(settings),
             *organisation, *fiche_files(settings)]
    signature = tuple((str(p), *_stat(p)) for p in paths)
    key = (settings, repr(markdown_extensions), repr(extension_configs), signature, os.environ.get("GUIDE_DATE"), _dt.date.today())
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = load_guide(settings, markdown_extensions, extension_configs)
    return _CACHE[key]


def _stat(path: Path) -> tuple[int, int] | tuple[None, None]:
    try:
        st = os.stat(path)
    except OSError:
        return (None, None)
    return (st.st_mtime_ns, st.st_size)


class _Loader:
    def __init__(self, settings: GuideSettings, extensions: list | None, extension_configs: dict | None) -> None:
        self.settings = settings
        self.problems = ProblemList(settings.root)
        self.extensions = extensions
        self.extension_configs = extension_configs
        self.unreadable: dict[str, Path] = {}  # id (from the file name) → fiche file that could not be read
        self.themes_unreadable = False  # the themes file failed to read (already reported)
        self.releases_unreadable = False  # the release register failed to read (already reported)
        self.today = _dt.date.today()  # the build date, read from GUIDE_DATE by load()

    # -- reading -------------------------------------------------------------------

    def _read(self, path: Path) -> YamlDocument | None:
        try:
            return read_yaml(path, self.settings.max_file_bytes)
        except YamlSourceError as exc:
            self.problems.add(path, exc.line, exc.field, exc.message)
        except FileNotFoundError:
            self.problems.add(path, None, "", "fichier introuvable.")
        return None

    def _read_list(self, path: Path, model: type[_Model], what: str) -> tuple[list[_Model], YamlDocument | None]:
        document = self._read(path)
        if document is None:
            return [], None
        if not isinstance(document.data, list):
            self.problems.add(path, 1, "", f"une liste de {what} est attendue (une entrée « - » par élément).")
            return [], None
        items = []
        for index, raw in enumerate(document.data):
            try:
                items.append(model.model_validate(raw))
            except ValidationError as exc:
                for line, name, message in model_errors(exc, model, document, prefix=(index,)):
                    self.problems.add(path, line, f"[{index}].{name}" if name else f"[{index}]", message)
        return items, document

    # -- the whole guide -----------------------------------------------------------

    def load(self) -> Guide:
        self.today = self._build_date()
        folder = self._organisation_folder()
        identity, identity_document = self._read_optional_model(folder.identity_path if folder else None, Identity)
        # organisation.yml present but refused: its problems are reported there, once; what it
        # still says clearly (prefix, pilots, scopes) is used, and checks that need the rest are skipped.
        refused = identity is None and folder is not None and folder.identity_path.is_file()
        upstream_themes = self._load_themes()
        themes = upstream_themes + self._load_own_themes(folder, upstream_themes)
        pilots = self._load_pilots()
        own_pilots = self._own_pilots(folder, identity, identity_document, pilots, refused)
        own_files = folder.fiche_files() if folder else []
        fiches, documents = self._load_fiches(own_files)
        own_paths = set(own_files)
        prefix, prefix_known = id_prefix_of(identity, identity_document, refused)
        by_id = self._check_fiches(documents, themes, pilots, own_paths, prefix, own_pilots, prefix_known)
        upstream_ids = {i for i, d in by_id.items() if d.path not in own_paths}
        unreadable = {i for i, p in self.unreadable.items() if p not in own_paths}
        retired = self._load_retired(upstream_ids, by_id)
        releases = self._check_releases(upstream_ids | unreadable, {r.id for r in retired}, by_id)
        journal = self._load_journal(releases, fiches, upstream_ids)
        hidden: set[str] = set()
        hidden_themes: set[str] = set()
        if identity is not None:
            # identity was read from the folder's organisation.yml, so both exist
            assert folder is not None and identity_document is not None
            check_identity(self.problems, folder, identity, identity_document, [t.id for t in themes], sorted(by_id), {r.id for r in retired})
            hidden_themes = identity.unpublished_themes([t.id for t in upstream_themes])
            hidden = {i for i, d in by_id.items() if i in identity.hidden_fiches or _text(_fields(d).get("theme")) in hidden_themes}
        published_ids = sorted((set(by_id) | set(self.unreadable)) - hidden)
        charter, maturity, extra_pages = self._load_organisation(folder, published_ids, hidden, [r.version for r in releases],
                                                                 {r.id: r for r in retired}, identity, identity_document, refused)
        self.problems.raise_if_any()
        theme_order = {t.id: t.order for t in themes}
        fiches.sort(key=lambda f: (theme_order.get(f.theme, 0), f.number))
        themes.sort(key=lambda t: t.order)
        return Guide(
            settings=self.settings,
            test_run=read_test_run(self.settings),
            today=self.today,
            themes=[t for t in themes if t.id not in hidden_themes],
            pilots=pilots_in_use(pilots + (own_pilots or []), [f for f in fiches if f.id not in hidden]),
            pilot_vocabulary=pilots + (own_pilots or []),
            fiches=[_without_links_to(f, hidden) for f in fiches if f.id not in hidden],
            sources={f.id: by_id[f.id].path for f in fiches},
            retired=retired,
            releases=releases,
            journal=journal,
            upstream_fiches=[f for f in fiches if f.id in upstream_ids],
            organisation=Organisation(
                identity=identity,
                charter=charter,
                maturity=maturity,
                own_fiches=frozenset(set(by_id) - upstream_ids),
                hidden=tuple(sorted(hidden)),
                hidden_themes=tuple(t.id for t in themes if t.id in hidden_themes),
                extra_pages=extra_pages,
            ),
        )

    # -- an organisation's own files ---------------------------------------------

    def _build_date(self) -> _dt.date:
        """The date the build reports at (overdue actions, yearly reports): today, or
        ``GUIDE_DATE`` (AAAA-MM-JJ) for a reproducible build."""
        value = os.environ.get("GUIDE_DATE")
        if not value:
            return _dt.date.today()
        try:
            date = _dt.date.fromisoformat(value)
            if not 1990 <= date.year <= 2100:
                raise ValueError(value)
            return date
        except ValueError:
            self.problems.add(Path("GUIDE_DATE"), None, "", f"date « {value} » invalide dans la variable d’environnement GUIDE_DATE : "
                                                            "une date AAAA-MM-JJ qui existe, entre 1990 et 2100, est attendue, par exemple 2026-12-31.")
            return _dt.date.today()

    def _own_pilots(self, folder: OrganisationFolder | None, identity: Identity | None, document: YamlDocument | None,
                    upstream: list[Pilot], refused: bool = False) -> list[Pilot] | None:
        """The organisation's own pilots (organisation.yml ``pilots``), for its own fiches;
        ``None`` when organisation.yml is refused and its pilots cannot be read."""
        declared = identity.pilots if identity is not None else salvaged(document, "pilots", Pilot) if refused else []
        if declared is None or folder is None or document is None:
            return None if declared is None else []
        return check_own_pilots(self.problems, folder, document, declared, upstream, self.problems.display(self.settings.pilots_path))

    def _organisation_folder(self) -> OrganisationFolder | None:
        path = self.settings.organisation_path
        if path is None:
            return None
        if not path.is_dir():
            self.problems.add(path, None, "", "dossier de l’organisation introuvable (extra.guide.organisation_dir ou GUIDE_ORGANISATION).")
            return None
        return OrganisationFolder(path)

    def _read_optional_model(self, path: Path | None, model: type[_Model]) -> tuple[_Model | None, YamlDocument | None]:
        """One optional YAML document (of the organisation's folder), validated against ``model``."""
        if path is None or not path.is_file():
            return None, None
        document = self._read(path)
        if document is None:
            return None, None
        if not isinstance(document.data, dict):
            self.problems.add(path, 1, "", "un ensemble de champs (« nom: valeur ») est attendu.")
            return None, document
        try:
            return model.model_validate(document.data), document
        except ValidationError as exc:
            for line, name, message in model_errors(exc, model, document):
                self.problems.add(path, line, name, message)
            return None, document

    def _load_own_themes(self, folder: OrganisationFolder | None, upstream: list[Theme]) -> list[Theme]:
        if folder is None or not folder.themes_path.is_file():
            return []
        themes, document = self._read_list(folder.themes_path, Theme, "thèmes")
        upstream_ids = {t.id for t in upstream}
        seen = set()
        kept = []
        for index, theme in enumerate(themes):
            assert document is not None  # _read_list returns items only with their document
            line = document.line_of((index, "id")) if document else None
            if theme.id == "index":
                self.problems.add(folder.themes_path, line, f"[{index}].id",
                                  "identifiant « index » refusé : il remplacerait la page qui liste les thèmes ; choisissez-en un autre.")
            elif theme.id in upstream_ids:
                self.problems.add(folder.themes_path, line, f"[{index}].id",
                                  f"thème « {theme.id} » déjà défini par le guide ({self.problems.display(self.settings.themes_path)}) : "
                                  "choisissez un autre identifiant pour le thème de l’organisation.")
            elif theme.id in seen:
                self.problems.add(folder.themes_path, line, f"[{index}].id", f"thème « {theme.id} » défini deux fois.")
            else:
                kept.append(theme)
            seen.add(theme.id)
            self._check_markdown(theme.intro, (index, "intro"), document)
        return kept

    def _load_organisation(self, folder: OrganisationFolder | None, published: list[str], hidden: set[str], versions: list[str],
                           retired: dict[str, Retired], identity: Identity | None = None,
                           identity_document: YamlDocument | None = None,
                           identity_refused: bool = False) -> tuple[Charter | None, Maturity | None, list[ExtraPage]]:
        if folder is None:
            return None, None, []
        charter, document = self._read_optional_model(folder.charter_path, Charter)
        if charter is not None:
            assert document is not None  # a charter is only validated from a document
            scopes: dict[str, str] | None = identity.scope_labels() if identity is not None else dict(SCOPES)
            if identity_refused:  # the scopes it declares, if they read; else unknown, not the template's
                declared = salvaged(identity_document, "scopes", Scope)
                scopes = None if declared is None else {s.value: s.label for s in declared} or dict(SCOPES)
            check_charter(self.problems, folder.charter_path, charter, document, published, hidden, self.extensions, self.extension_configs, retired,
                          scopes, self.today, named=folder.identity_path.is_file(), check_scopes=scopes is not None,
                          identity_name=identity.name if identity is not None else None)
            if versions and charter.guide_version not in versions:
                self.problems.add(folder.charter_path, document.line_of(("guide_version",)), "guide_version",
                                  f"version « {charter.guide_version} » du guide inconnue : versions publiées {', '.join(versions)} "
                                  f"(registre {self.problems.display(self.settings.releases_path)}).")
        maturity, document = self._read_optional_model(folder.maturity_path, Maturity)
        if maturity is not None:
            assert document is not None  # a maturity file is only validated from a document
            check_maturity(self.problems, folder.maturity_path, maturity, document, published, hidden, retired, self.today)
        return charter, maturity, read_extra_pages(folder, self.problems, self.extensions, self.extension_configs)

    # -- retirements and releases: nothing disappears silently ----------------------

    def _load_retired(self, current: set[str], by_id: dict[str, YamlDocument]) -> list[Retired]:
        path = self.settings.retired_path
        if not path.exists() and not path.is_symlink():
            return []
        retired, document = self._read_list(path, Retired, "fiches retirées")
        for index, item in enumerate(retired):
            line = document.line_of((index, "id")) if document else None
            if not self.settings.id_regex.match(item.id):
                self.problems.add(path, line, f"[{index}].id",
                                  f"identifiant « {item.id} » invalide : attendu la lettre du thème, un point et un numéro, "
                                  f"par exemple « a.1 » (motif {self.settings.id_pattern}).")
            if item.id in current:
                when = f" le {french_date(item.date)}" if item.date else ""
                self.problems.add(
                    by_id[item.id].path, by_id[item.id].line_of(("id",)), "id",
                    f"l’identifiant « {item.id} » a été retiré du guide{when} (« {item.title} », {self.problems.display(path)}) "
                    "mais ce fichier existe : s’il s’agit de l’ancienne fiche, supprimez-le ; s’il s’agit d’une autre pratique, "
                    "donnez-lui un nouvel identifiant (« guide new » propose le suivant libre) — un identifiant retiré n’est jamais "
                    "réutilisé, ses liens et citations désignent l’ancienne pratique.")
            if item.replaced_by is not None and item.replaced_by not in current:
                self.problems.add(path, document.line_of((index, "replaced_by")) if document else None, f"[{index}].replaced_by",
                                  f"fiche de remplacement « {item.replaced_by} » inconnue.{did_you_mean(item.replaced_by, sorted(current))}")
        return retired

    def _check_releases(self, current: set[str], retired: set[str], by_id: dict[str, YamlDocument]) -> list[Release]:
        path = self.settings.releases_path
        try:
            releases = read_releases(path)
        except (ValueError, KeyError, TypeError) as error:
            self.problems.add(path, None, "", f"registre des versions illisible ({error}) : il est écrit par « guide release », ne le modifiez pas à la main.")
            self.releases_unreadable = True
            return []
        for fiche_id in sorted(current & set(by_id)):
            gone = _retired_in(releases, fiche_id)
            if gone is not None and fiche_id not in retired:
                self.problems.add(
                    by_id[fiche_id].path, by_id[fiche_id].line_of(("id",)), "id",
                    f"l’identifiant « {fiche_id} » a été retiré du guide dans la version {gone.version} ({gone.date}) alors qu’il désignait "
                    f"« {_title_before(releases, fiche_id)} » : un identifiant retiré n’est jamais réutilisé. "
                    "Donnez un nouvel identifiant à cette fiche (« guide new » propose le suivant libre).")
        if releases:
            last = releases[-1]
            for fiche_id in sorted(set(last.fiches) - current - retired):
                title = last.titles.get(fiche_id, "")
                self.problems.add(
                    self.settings.fiches_path / f"{fiche_id}.yml", None, "",
                    f"la fiche « {fiche_id} »{f' ({title})' if title else ''}, publiée dans la version {last.version}, a disparu. "
                    f"Si son fichier a été supprimé par erreur, restaurez-le ; si elle est retirée, déclarez-le dans "
                    f"{self.problems.display(self.settings.retired_path)} (id, title, reason, replaced_by).",
                )
        return releases

    def _load_journal(self, releases: list[Release], fiches: list[Fiche], upstream_ids: set[str]) -> Journal:
        """The journal of changes being prepared (optional file)."""
        path = self.settings.journal_path
        journal, document = self._read_optional_model(path, Journal)
        if journal is None or self.releases_unreadable:  # an unreadable register is reported once, not again through the journal
            return journal or Journal()
        assert document is not None  # a journal is only validated from a document
        check_journal(self.problems, path, document, journal, releases, [f for f in fiches if f.id in upstream_ids], upstream_ids | set(self.unreadable))
        return journal

    def _load_themes(self) -> list[Theme]:
        path = self.settings.themes_path
        themes, document = self._read_list(path, Theme, "thèmes")
        self.themes_unreadable = document is None  # fiches are then not told their theme is unknown
        seen: dict[str, int] = {}
        for index, theme in enumerate(themes):
            assert document is not None  # _read_list returns items only with their document
            if theme.id in seen:
                self.problems.add(path, None, f"[{index}].id", f"thème « {theme.id} » déjà défini (entrée {seen[theme.id]}).")
            seen.setdefault(theme.id, index)
            self._check_markdown(theme.intro, (index, "intro"), document)
        if document is not None and not document.data:
            self.problems.add(path, None, "", "aucun thème défini : le guide en demande au moins un.")
        return themes

    def _load_pilots(self) -> list[Pilot]:
        path = self.settings.pilots_path
        pilots, _ = self._read_list(path, Pilot, "pilotes")
        labels: set[str] = set()
        slugs: dict[str, str] = {}
        for index, pilot in enumerate(pilots):
            if pilot.label in labels:
                self.problems.add(path, None, f"[{index}].label", f"pilote « {pilot.label} » déjà défini.")
            elif pilot.slug in slugs:
                self.problems.add(path, None, f"[{index}].label", f"pilote « {pilot.label} » trop proche de « {slugs[pilot.slug]} » (même adresse de page).")
            labels.add(pilot.label)
            slugs.setdefault(pilot.slug, pilot.label)
        return pilots

    def _load_fiches(self, own_files: list[Path]) -> tuple[list[Fiche], list[YamlDocument]]:
        """Schema-check every fiche file (the guide's, then the organisation's own); return the
        valid fiches and every readable document."""
        files = fiche_files(self.settings)
        if not files:
            self.problems.add(
                self.settings.fiches_path, None, "",
                "aucune fiche trouvée : le dossier des fiches est vide ou absent. Un guide sans fiche n’est jamais publié.",
            )
        folders = [self.settings.fiches_path] + ([own_files[0].parent] if own_files else [])
        for folder in folders:
            for stray in sorted(p for p in folder.rglob("*") if p.suffix in FICHE_SUFFIXES and p.parent != folder
                                and not any(part.startswith((".", "_")) for part in p.relative_to(folder).parts)):
                self.problems.add(stray, None, "", f"fiche rangée dans un sous-dossier, donc ignorée : les fiches sont lues "
                                                   f"directement dans {self.problems.display(folder)}/ ; déplacez-la.")
        fiches: list[Fiche] = []
        documents: list[YamlDocument] = []
        for path in files + own_files:
            document = self._read(path)
            if document is None or not isinstance(document.data, dict):
                if document is not None:
                    self.problems.add(path, 1, "", "une fiche est un ensemble de champs (« nom: valeur »), pas une liste ni un texte.")
                if SAFE_ID.match(path.stem):  # already reported: not also « a disparu » or « fiche inconnue » elsewhere
                    self.unreadable[path.stem] = path
                continue
            documents.append(document)
            try:
                fiches.append(Fiche.model_validate(document.data))
            except ValidationError as exc:
                for line, name, message in model_errors(exc, Fiche, document):
                    self.problems.add(path, line, name, message)
        return fiches, documents

    # -- cross-checks --------------------------------------------------------------
    # They read the raw data, so a fiche with a schema error still gets its
    # identifiers, pilots and links checked in the same run.

    def _check_fiches(self, documents: list[YamlDocument], themes: list[Theme], pilots: list[Pilot], own_paths: AbstractSet[Path] = frozenset(),
                      prefix: str | None = None, own_pilots: list[Pilot] | None = None, prefix_known: bool = True) -> dict[str, YamlDocument]:
        """``own_pilots`` ``None``: the organisation's pilots are unknown (organisation.yml refused),
        its fiches' pilots are not checked; ``prefix_known`` false: nor their prefix."""
        theme_ids = [t.id for t in themes]
        pilot_labels = [p.label for p in pilots]
        own_labels = None if own_pilots is None else pilot_labels + [p.label for p in own_pilots]
        pilots_where = self.problems.display(self.settings.pilots_path)
        folder = self.settings.organisation_path
        own_where = (f"{pilots_where} ou, pour les pilotes propres à l’organisation, dans "
                     f"{self.problems.display(folder / 'organisation.yml')} (pilots)") if folder is not None else pilots_where
        by_id: dict[str, YamlDocument] = {}
        for doc in documents:
            fiche_id = _text(_fields(doc).get("id"))
            if fiche_id is None:
                continue
            if fiche_id in by_id:
                first = self.problems.display(by_id[fiche_id].path)
                self.problems.add(doc.path, doc.line_of(("id",)), "id", f"identifiant « {fiche_id} » déjà utilisé par {first} : chaque fiche a un identifiant unique.")
            else:
                by_id[fiche_id] = doc
        known_ids = list(by_id) + [i for i in self.unreadable if i not in by_id]
        regex = self.settings.id_regex
        for doc in documents:
            data, path = _fields(doc), doc.path
            fiche_id, theme = _text(data.get("id")), _text(data.get("theme"))
            own = path in own_paths
            if fiche_id is not None and own and prefix is None and prefix_known:
                self.problems.add(path, doc.line_of(("id",)), "id",
                                  "fiche propre à l’organisation, mais organisation.yml ne définit pas de préfixe (id_prefix, par exemple « ex ») "
                                  "pour distinguer ses fiches de celles du guide.")
            elif fiche_id is not None and own and prefix is not None and not own_id_regex(prefix).match(fiche_id):
                self.problems.add(path, doc.line_of(("id",)), "id",
                                  f"identifiant « {fiche_id} » invalide pour une fiche de l’organisation : attendu le préfixe, un tiret, "
                                  f"le thème, un point et un numéro, par exemple « {prefix}-a.1 ».")
            elif fiche_id is not None:
                match = (own_id_regex(prefix) if own and prefix is not None else ANY_OWN_ID if own else regex).match(fiche_id)
                if not match and not own:  # an own fiche whose prefix is unknown: organisation.yml's problem is reported
                    self.problems.add(
                        path, doc.line_of(("id",)), "id",
                        f"identifiant « {fiche_id} » invalide : attendu la lettre du thème, un point et un numéro, par exemple « a.1 » (motif {self.settings.id_pattern}).",
                    )
                elif match and theme is not None and match.group("theme") != theme:
                    self.problems.add(
                        path, doc.line_of(("theme",)), "theme",
                        f"le thème « {theme} » ne correspond pas à l’identifiant « {fiche_id} », qui désigne le thème « {match.group('theme')} ».",
                    )
                if path.stem != fiche_id:
                    self.problems.add(path, doc.line_of(("id",)), "id", f"le fichier doit s’appeler « {fiche_id}{path.suffix} », d’après l’identifiant de la fiche.")
            if themes and theme is not None and theme not in theme_ids and not self.themes_unreadable:
                self.problems.add(
                    path, doc.line_of(("theme",)), "theme",
                    f"thème « {theme} » inconnu.{did_you_mean(theme, theme_ids)} Thèmes définis : {', '.join(theme_ids)}.",
                )
            self._check_list(_texts(data.get("pilots")), ("pilots",), doc, (own_labels if own else pilot_labels) if pilots else None, "pilote",
                             own_where if own else pilots_where)
            self._check_list(_texts(data.get("indicators")), ("indicators",), doc, None, "indicateur", None)
            related_ids = _texts(data.get("related"))
            for index, related in enumerate(related_ids):
                loc = ("related", index)
                if related is None:
                    continue
                if related == fiche_id:
                    self.problems.add(path, doc.line_of(loc), f"related[{index}]", "une fiche ne peut pas être liée à elle-même.")
                elif related not in known_ids:
                    self.problems.add(path, doc.line_of(loc), f"related[{index}]", f"fiche « {related} » inconnue.{did_you_mean(related, known_ids)}")
                elif related in related_ids[:index]:
                    self.problems.add(path, doc.line_of(loc), f"related[{index}]", f"fiche « {related} » citée deux fois.")
            body = _text(data.get("body"))
            before = len(self.problems.items)
            if body is not None:
                self._check_markdown(body, ("body",), doc)  # a level-1 heading too, however it is written
            feedback = data.get("feedback")
            fields: list[tuple[tuple, str]] = [(("body",), body)] if body is not None else []
            for index, item in enumerate(feedback if isinstance(feedback, list) else []):
                text = _text(item.get("text")) if isinstance(item, dict) else None
                if text is not None:
                    self._check_markdown(text, ("feedback", index, "text"), doc)
                    fields.append((("feedback", index, "text"), text))
            self._check_definitions(fields, doc)
            texts = [text for _, text in fields]
            if len(texts) > 1 and len(self.problems.items) == before and any(DEFINITION.search(t) for t in texts):
                # Each field is fine alone; on the page they are one Markdown document, and a
                # definition (link target, footnote, abbreviation) written in one field applies to
                # the others: a link in the body can take its target from a feedback text.
                for message, _ in self._unsafe("\n\n".join(texts), max_characters=None):  # each part was measured
                    self.problems.add(path, doc.line_of(("body",)), "body + feedback",
                                      f"une fois ces textes réunis sur la page : {message}")
        return by_id

    def _check_definitions(self, fields: list[tuple[tuple, str]], doc: YamlDocument) -> None:
        """A note, link target or abbreviation defined twice on one page keeps only one
        definition: the other text would silently lose its source."""
        seen: dict[str, str] = {}
        for loc, text in fields:
            for match in DEFINITION.finditer(text):
                label = match.group().strip().rstrip(":")
                key = label.casefold()
                if key in seen:
                    kind = "l’abréviation" if label.startswith("*") else "la note" if label.startswith("[^") else "la référence de lien"
                    self.problems.add(
                        doc.path, (doc.text_start_line(loc) or 1) + text.count("\n", 0, match.start()), field_path(loc),
                        f"{kind} « {label} » est déjà définie dans « {seen[key]} » : sur la page, une seule définition serait "
                        "gardée et l’autre texte perdrait la sienne. Donnez-leur des noms différents (« [^ademe] », « [^bilan] »…).")
                else:
                    seen[key] = field_path(loc)

    def _check_list(self, values: list[str | None], loc: tuple[str], doc: YamlDocument, vocabulary: list[str] | None, noun: str,
                    vocabulary_file: str | None) -> None:
        seen: set[str] = set()
        for index, value in enumerate(values):
            if value is None:
                continue
            where = doc.line_of(loc + (index,))
            name = f"{loc[0]}[{index}]"
            if value in seen:
                self.problems.add(doc.path, where, name, f"{noun} « {value} » cité deux fois.")
            seen.add(value)
            if vocabulary is not None and value not in vocabulary:
                self.problems.add(
                    doc.path, where, name,
                    f"{noun} « {value} » inconnu.{did_you_mean(value, vocabulary)} "
                    f"Les {noun}s possibles sont définis dans {vocabulary_file} : {', '.join(vocabulary)}.",
                )

    def _unsafe(self, text: str, max_characters: int | None = MAX_CHARACTERS) -> list[tuple[str, int]]:
        return inspect_markdown(text, self.extensions, self.extension_configs, max_characters=max_characters)

    def _check_markdown(self, text: str, loc: tuple, doc: YamlDocument) -> None:
        start = doc.text_start_line(loc) or 1
        name = field_path(loc)
        for message, offset in self._unsafe(text):
            self.problems.add(doc.path, start + offset, name, message)


def _retired_in(releases: list[Release], fiche_id: str) -> Release | None:
    """The first release that no longer had a fiche an earlier release published."""
    seen = False
    for release in releases:
        if fiche_id in release.fiches:
            seen = True
        elif seen:
            return release
    return None


def _title_before(releases: list[Release], fiche_id: str) -> str:
    return next((r.titles.get(fiche_id, fiche_id) for r in reversed(releases) if fiche_id in r.fiches), fiche_id)


def _fields(document: YamlDocument) -> dict[str, object]:
    """The fields of a fiche document: _load_fiches keeps only documents holding a mapping."""
    assert isinstance(document.data, dict), document.path
    return document.data


def _text(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _texts(value: object) -> list[str | None]:
    """A raw YAML list as strings (``None`` for items of another type)."""
    return [_text(v) for v in value] if isinstance(value, list) else []


def _without_links_to(fiche: Fiche, hidden: set[str]) -> Fiche:
    """The fiche as published: links to fiches the organisation hides are dropped."""
    if not hidden or not set(fiche.related) & hidden:
        return fiche
    return fiche.model_copy(update={"related": [i for i in fiche.related if i not in hidden]})

