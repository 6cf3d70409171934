"""The common guide's fiches as far as they read, and where a fork names them — for ``guide changements``.

After an upstream release, a fork's guide may no longer validate (its charter commits to a
fiche retired upstream): :func:`guide_nr.sources.loader.load_guide` then refuses the whole
guide. What changed upstream must still be shown, so this module reads each source on its own,
independent of the fork's checks: every fiche file of the common guide (validated one by one),
the release record and its snapshots, the declared retirements, and, in the organisation's
folder, every place that names a fiche of the guide (charter, maturity, hidden fiches and
themes, related links of its own fiches) with its line. A file that does not read is skipped:
the loader reports it. Nothing read here is published.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from guide_nr.model.fiche import SAFE_ID_PATTERN, Fiche, fiche_files_in
from guide_nr.model.release import Release, Retired, fiche_data, read_releases
from guide_nr.model.settings import GuideSettings
from guide_nr.problems import ProblemList
from guide_nr.sources.organisation import CHARTER_FILE, FICHES_DIR, IDENTITY_FILE, MATURITY_FILE
from guide_nr.sources.yamlsource import YamlDocument, YamlSourceError, read_yaml

CHARTER, MATURITY, HIDDEN, HIDDEN_THEME, RELATED = "charte", "maturité", "masquée", "thème masqué", "lien"


@dataclass(frozen=True)
class Mention:
    """A place in the organisation's folder that names a fiche (or a theme) of the common guide."""

    file: str  # relative to the project
    line: int | None
    field: str  # « commitments[3].fiche »
    kind: str  # CHARTER, MATURITY, HIDDEN, HIDDEN_THEME or RELATED
    detail: str = ""  # the commitment's status, the maturity dimension, the own fiche that links, the hidden theme

    def where(self) -> str:
        """« organisation/charter.yml, ligne 42, commitments[3].fiche »."""
        line = f", ligne {self.line}" if self.line else ""
        return f"{self.file}{line}, {self.field}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "field": self.field, "kind": self.kind, "detail": self.detail}


@dataclass
class Upstream:
    """What could be read of the common guide and of a fork's references to it."""

    releases: list[Release] = field(default_factory=list)
    releases_error: str | None = None  # why the release record did not read
    fiches: dict[str, dict] = field(default_factory=dict)  # valid fiches: id → content data
    invalid: dict[str, dict] = field(default_factory=dict)  # fiche files that read but do not validate (or not at all): id → raw data
    themes: dict[str, str] = field(default_factory=dict)  # the common guide's theme ids → titles
    retired: dict[str, Retired] = field(default_factory=dict)
    organisation: bool = False  # a fork: the organisation's folder exists
    mentions: dict[str, list[Mention]] = field(default_factory=dict)  # fiche id → where the fork names it
    hidden_themes: dict[str, Mention] = field(default_factory=dict)  # theme id → where the fork hides it
    charter_version: str | None = None  # guide_version of charter.yml
    charter_version_at: Mention | None = None
    id_regex: re.Pattern | None = None  # the guide's id pattern: a fiche's theme when its file is gone

    def theme_of(self, fiche_id: str) -> str | None:
        data = self.fiches.get(fiche_id) or self.invalid.get(fiche_id) or {}
        if isinstance(data.get("theme"), str):
            return data["theme"]
        match = self.id_regex.match(fiche_id) if self.id_regex is not None else None
        return match.group("theme") if match else None

    def hidden(self, fiche_id: str, theme: str | None) -> Mention | None:
        """Where the fork hides this fiche (hidden_fiches, or its theme), if it does."""
        own = next((m for m in self.mentions.get(fiche_id, []) if m.kind == HIDDEN), None)
        return own or (self.hidden_themes.get(theme) if theme else None)


def read_upstream(settings: GuideSettings) -> Upstream:
    display = ProblemList(settings.root).display
    out = Upstream(id_regex=settings.id_regex)
    try:
        out.releases = read_releases(settings.releases_path)
    except (OSError, ValueError, KeyError, TypeError) as error:
        out.releases_error = f"registre des versions {display(settings.releases_path)} illisible ({error})"
    for path in fiche_files_in(settings.fiches_path):
        _read_fiche(path, settings, out)
    themes = _read(settings.themes_path, settings)
    if themes is not None and isinstance(themes.data, list):
        out.themes = {str(t["id"]): str(t.get("title", t["id"])) for t in themes.data if isinstance(t, dict) and "id" in t}
    retired = _read(settings.retired_path, settings)
    for item in retired.data if retired is not None and isinstance(retired.data, list) else []:
        try:
            declared = Retired.model_validate(item)
        except ValidationError:
            continue
        out.retired[declared.id] = declared
    folder = settings.organisation_path
    if folder is not None and folder.is_dir():
        out.organisation = True
        _read_fork(folder, settings, out, display)
    return out


def _read(path: Path, settings: GuideSettings) -> YamlDocument | None:
    try:
        return read_yaml(path, settings.max_file_bytes)
    except (YamlSourceError, OSError):
        return None


def _read_fiche(path: Path, settings: GuideSettings, out: Upstream) -> None:
    document = _read(path, settings)
    data = document.data if document is not None and isinstance(document.data, dict) else None
    raw_id = data.get("id") if data is not None else None
    fiche_id = raw_id if isinstance(raw_id, str) and settings.id_regex.match(raw_id) else path.stem
    try:
        fiche = Fiche.model_validate(data)
    except ValidationError:
        if _safe_id(fiche_id):
            out.invalid.setdefault(fiche_id, json.loads(json.dumps(data or {}, default=str)))
        return
    out.fiches.setdefault(fiche.id, fiche_data(fiche))


def _safe_id(value: str) -> bool:
    return re.fullmatch(SAFE_ID_PATTERN, value) is not None


def _read_fork(folder: Path, settings: GuideSettings, out: Upstream, display: Callable[[Path], str]) -> None:
    def mention(document: YamlDocument, loc: tuple, name: str, kind: str, detail: str = "") -> Mention:
        return Mention(display(document.path), document.line_of(loc), name, kind, detail)

    def note(fiche_id: object, found: Mention) -> None:
        if isinstance(fiche_id, str):
            out.mentions.setdefault(fiche_id, []).append(found)

    charter = _read(folder / CHARTER_FILE, settings)
    if charter is not None and isinstance(charter.data, dict):
        version = charter.data.get("guide_version")
        if isinstance(version, (str, int, float)) and not isinstance(version, bool):
            out.charter_version = str(version)
            out.charter_version_at = mention(charter, ("guide_version",), "guide_version", CHARTER)
        commitments = charter.data.get("commitments")
        for index, item in enumerate(commitments if isinstance(commitments, list) else []):
            if isinstance(item, dict):
                status = item.get("status")
                note(item.get("fiche"), mention(charter, ("commitments", index, "fiche"), f"commitments[{index}].fiche", CHARTER,
                                                status if isinstance(status, str) else ""))
    maturity = _read(folder / MATURITY_FILE, settings)
    dimensions = maturity.data.get("dimensions") if maturity is not None and isinstance(maturity.data, dict) else None
    if maturity is not None and isinstance(dimensions, dict):
        for dimension, ids in dimensions.items():
            for number, fiche_id in enumerate(ids if isinstance(ids, list) else []):
                note(fiche_id, mention(maturity, ("dimensions", dimension, number), f"dimensions.{dimension}[{number}]", MATURITY, str(dimension)))
    identity = _read(folder / IDENTITY_FILE, settings)
    if identity is not None and isinstance(identity.data, dict):
        for index, fiche_id in enumerate(_list(identity.data.get("hidden_fiches"))):
            note(fiche_id, mention(identity, ("hidden_fiches", index), f"hidden_fiches[{index}]", HIDDEN))
        for index, theme in enumerate(_list(identity.data.get("hidden_themes"))):
            if isinstance(theme, str):
                out.hidden_themes[theme] = mention(identity, ("hidden_themes", index), f"hidden_themes[{index}]", HIDDEN_THEME, theme)
        published = _list(identity.data.get("published_themes"))
        if published:
            for theme in sorted(set(out.themes) - set(published)):
                out.hidden_themes.setdefault(theme, mention(identity, ("published_themes",), "published_themes", HIDDEN_THEME, theme))
    for path in fiche_files_in(folder / FICHES_DIR):
        own = _read(path, settings)
        if own is None or not isinstance(own.data, dict):
            continue
        own_id = own.data.get("id") if isinstance(own.data.get("id"), str) else path.stem
        for index, fiche_id in enumerate(_list(own.data.get("related"))):
            note(fiche_id, mention(own, ("related", index), f"related[{index}]", RELATED, str(own_id)))


def _list(value: object) -> list:
    return value if isinstance(value, list) else []
