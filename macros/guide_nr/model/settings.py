"""Where a guide's sources live and which identifiers it accepts.

The defaults describe the upstream guide; a fork overrides them under
``extra.guide`` in ``mkdocs.yml`` (for example its own id prefix).
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, fields
from pathlib import Path

from guide_nr.model.publication import EMAIL_PATTERN, REPOSITORY_PATTERN, Audit, Publication
from guide_nr.problems import Problem, ValidationFailed

#: An id is a theme letter, a dot and a number: ``a.1``. The ``theme`` group is compulsory.
#: Largest source file read (fiche, theme list, organisation file): a bigger file is refused before parsing.
DEFAULT_MAX_BYTES = 256 * 1024
DEFAULT_ID_PATTERN = r"(?P<theme>[a-z])\.(?P<number>[1-9][0-9]*)"


@dataclass(frozen=True)
class GuideSettings:
    root: Path
    fiches_dir: str = "fiches"
    themes_file: str = "fiches/_themes.yml"
    pilots_file: str = "fiches/_pilots.yml"
    retired_file: str = "fiches/_retired.yml"
    releases_file: str = "fiches/_releases.json"
    journal_file: str = "fiches/_journal.yml"  # why each fiche changed since the last release
    schema_file: str = "fiches/_schema.json"  # generated for editors, not versioned
    id_pattern: str = DEFAULT_ID_PATTERN
    max_file_bytes: int = DEFAULT_MAX_BYTES
    version: str = "1.0"  # the guide's content version, shown on the printable guide
    organisation_dir: str | None = None  # a fork's own folder (charter, maturity); default: organisation/ if present
    publication: Publication = Publication()  # publisher, host, contact… (``extra.guide.publication``)
    test_results_file: str = "resultats-tests/accessibilite.json"  # written by the test suite, not versioned

    @property
    def fiches_path(self) -> Path:
        return self.root / self.fiches_dir

    @property
    def themes_path(self) -> Path:
        return self.root / self.themes_file

    @property
    def pilots_path(self) -> Path:
        return self.root / self.pilots_file

    @property
    def retired_path(self) -> Path:
        return self.root / self.retired_file

    @property
    def releases_path(self) -> Path:
        return self.root / self.releases_file

    @property
    def journal_path(self) -> Path:
        return self.root / self.journal_file

    @property
    def schema_path(self) -> Path:
        return self.root / self.schema_file

    @property
    def organisation_path(self) -> Path | None:
        if self.organisation_dir:
            return self.root / self.organisation_dir
        default = self.root / "organisation"
        return default if default.is_dir() else None

    @property
    def id_regex(self) -> re.Pattern:
        return re.compile(rf"^(?:{self.id_pattern})$")

    @classmethod
    def from_mapping(cls, root: Path, options: dict | None) -> GuideSettings:
        """Build settings from ``extra.guide`` of ``mkdocs.yml``, refusing unknown options."""
        options = dict(options or {})
        known = {f.name for f in fields(cls)} - {"root"}
        unknown = sorted(set(options) - known)
        if unknown:
            raise ValidationFailed(
                [
                    Problem("mkdocs.yml", None, f"extra.guide.{name}", f"option inconnue ; options possibles : {', '.join(sorted(known))}.")
                    for name in unknown
                ]
            )
        options["publication"] = _publication(options.get("publication"))
        settings = cls(root=Path(root), **options)
        try:
            regex = settings.id_regex
        except re.error as exc:
            raise ValidationFailed([Problem("mkdocs.yml", None, "extra.guide.id_pattern", f"expression régulière invalide : {exc}.")]) from None
        if "theme" not in regex.groupindex:
            raise ValidationFailed(
                [Problem("mkdocs.yml", None, "extra.guide.id_pattern", "le motif doit contenir un groupe nommé (?P<theme>…) qui capture la lettre du thème.")]
            )
        return settings


def _publication(options: object) -> Publication:
    """``extra.guide.publication`` of ``mkdocs.yml``: texts, and an optional audit."""
    if options is None:
        return Publication()
    where = "extra.guide.publication"
    if not isinstance(options, dict):
        raise ValidationFailed([Problem("mkdocs.yml", None, where, "attendu : une liste de champs (éditeur, hébergeur, contact…).")])
    known = Publication.field_names()
    problems = [Problem("mkdocs.yml", None, f"{where}.{name}", f"champ inconnu ; champs possibles : {', '.join(known)}.")
                for name in sorted(set(options) - set(known))]
    values: dict = {}
    for name in known:
        value = options.get(name)
        if name == "audit" or value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            problems.append(Problem("mkdocs.yml", None, f"{where}.{name}", "attendu : un texte non vide."))
        elif name == "email" and not re.fullmatch(EMAIL_PATTERN, value.strip()):
            problems.append(Problem("mkdocs.yml", None, f"{where}.email", f"« {value} » n’est pas une adresse électronique (nom@domaine.fr)."))
        elif name == "repository" and not re.fullmatch(REPOSITORY_PATTERN, value.strip()):
            problems.append(Problem("mkdocs.yml", None, f"{where}.repository",
                                    f"« {value} » : attendu une adresse https://… du dépôt, sans identifiant ni mot de passe."))
        else:
            values[name] = value.strip()
    audit = options.get("audit")
    if audit is not None:
        try:
            values["audit"] = Audit(date=_dt.date.fromisoformat(str(audit["date"])), rate=float(audit["rate"]), auditor=str(audit["auditor"]).strip())
            if not 0 <= values["audit"].rate <= 100 or values["audit"].date > _dt.date.today() or not values["audit"].auditor:
                raise ValueError
        except (TypeError, KeyError, ValueError):
            problems.append(Problem("mkdocs.yml", None, f"{where}.audit",
                                    "attendu : date (AAAA-MM-JJ, passée), rate (taux de conformité entre 0 et 100) et auditor (qui a réalisé l’audit)."))
    if problems:
        raise ValidationFailed(problems)
    return Publication(**values)
