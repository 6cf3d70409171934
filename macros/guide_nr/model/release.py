"""Releases, retired fiches and the changes between them — the guard against silent loss.

``fiches/_releases.json`` records each published release: its version, date and the content
hash of every fiche. ``fiches/_retired.yml`` declares fiches withdrawn on purpose (reason,
replacement). A fiche of the last release that is neither present nor declared retired is a
validation error: a deleted file can never silently remove a fiche from the guide.

Next to the record, ``fiches/_releases/<version>.json`` keeps each release's fiches as they
were published (their facts and texts), so that ``guide changements`` can show what changed in
a fiche, in a fork too, without any git history. A snapshot is only believed fiche by fiche,
where its content still has the hash the record holds.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from guide_nr.model.fiche import Fiche, FicheId


class Retired(BaseModel):
    """A fiche withdrawn from the guide; its address keeps a page that says so."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: FicheId = Field(description="Identifiant de la fiche retirée.")
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(description="Titre qu’elle portait.")
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)] = Field(description="Raison du retrait.")
    replaced_by: FicheId | None = Field(default=None, description="Identifiant de la fiche qui la remplace, s’il y en a une.")
    date: _dt.date | None = Field(default=None, description="Date du retrait.")


Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=10, max_length=600, pattern=r"^[^\n]*$")]


class Journal(BaseModel):
    """``fiches/_journal.yml``: why each fiche changed since the last release, written as the
    changes are made; ``guide release`` moves it into the release record and empties it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    summary: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1500)] = Field(
        default="", description="Ce qui change dans cette version, en une ou deux phrases (facultatif).")
    fiches: dict[FicheId, Reason] = Field(
        default_factory=dict, description="Pour chaque fiche ajoutée, modifiée ou retirée depuis la dernière version : pourquoi, en une phrase.")


@dataclass(frozen=True)
class Release:
    version: str
    date: str
    fiches: dict[str, str]  # id → content hash
    titles: dict[str, str] = field(default_factory=dict)
    summary: str = ""  # what the release changes, from the journal
    notes: dict[str, str] = field(default_factory=dict)  # id → why it changed, from the journal

    def record(self) -> dict:
        """The release as written in the record (no empty journal keys: older records stay as they were)."""
        data = {"version": self.version, "date": self.date, "fiches": self.fiches, "titles": self.titles}
        if self.summary:
            data["summary"] = self.summary
        if self.notes:
            data["notes"] = self.notes
        return data


def fiche_data(fiche: Fiche) -> dict:
    """A fiche's content as plain JSON data: what its hash covers and what a snapshot keeps."""
    data = fiche.model_dump(mode="json")
    if data.get("revised") is None:  # added after release 1.0: a fiche without it keeps its hash
        data.pop("revised", None)
    # Keys added after release 1.0 (a reference's ``verified``, a retour d’expérience's
    # ``nature``): left out when unset, so that a fiche which does not use them keeps its hash.
    references = [*data.get("references", []), *(item["source"] for item in data.get("feedback", []) if item.get("source"))]
    for reference in references:
        if reference.get("verified") is None:
            reference.pop("verified", None)
    for item in data.get("feedback", []):
        if item.get("nature") is None:
            item.pop("nature", None)
    return data


def data_hash(data: dict) -> str:
    """Hash of a fiche's content data (:func:`fiche_data`), independent of key order."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:16]


def content_hash(fiche: Fiche) -> str:
    """Hash of a fiche's content, independent of YAML layout and key order."""
    return data_hash(fiche_data(fiche))


def stale_revision_dates(fiches: list[Fiche], releases: list[Release]) -> list[tuple[Fiche, Release]]:
    """Fiches whose content differs from the last release while their revision date
    (``revised``, else ``updated``) is earlier than that release: the date readers see would be older than the
    text they read (a revision on the day of a release may follow it). A fiche new since the release (or a fork's own) is not concerned."""
    if not releases:
        return []
    last = releases[-1]
    released = _dt.date.fromisoformat(last.date)
    return [(fiche, last) for fiche in fiches
            if last.fiches.get(fiche.id) not in (None, content_hash(fiche)) and fiche.revision < released]


def fiche_release(fiche: Fiche, releases: list[Release]) -> Release | None:
    """The last release that published this fiche exactly as it is now (``None``: changed since,
    or never released)."""
    current = content_hash(fiche)
    last = releases[-1] if releases else None
    if last is None or last.fiches.get(fiche.id) != current:
        return None
    return last


def read_releases(path: Path) -> list[Release]:
    """Releases from oldest to newest (an absent file means: nothing published yet)."""
    if not path.is_file():
        return []
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise ValueError(f"JSON invalide ligne {error.lineno}, colonne {error.colno} (un conflit de fusion git ?)") from None
    releases: list[Release] = []
    for r in data["releases"]:
        summary, notes = r.get("summary", ""), r.get("notes", {})
        if not isinstance(summary, str) or not isinstance(notes, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in notes.items()):
            raise ValueError(f"version {r.get('version')} : « summary » doit être un texte et « notes » des raisons (texte) par identifiant")
        unknown = sorted(set(notes) - set(r["fiches"]) - set(releases[-1].fiches if releases else ()), key=id_order)
        if unknown:
            raise ValueError(f"version {r.get('version')} : raisons pour des fiches que cette version ne contient ni ne retire ({', '.join(unknown)})")
        releases.append(Release(r["version"], r["date"], dict(r["fiches"]), dict(r.get("titles", {})), summary, dict(notes)))
    return releases


def version_order(version: str) -> tuple:
    """Sort key of a version: ``1.10`` after ``1.9``, ``2.0`` after ``2.0-rc1``, ``1.1.1`` after ``1.1``.
    Parts compare as numbers, a word (a pre-release) before the end, the end before a further number."""
    parts = re.split(r"[._-]", version)
    return tuple((2, int(p), "") if p.isdigit() else (0, 0, p) for p in parts) + ((1, 0, ""),)


def unexplained(journal: Journal, releases: list[Release], fiches: list[Fiche]) -> list[str]:
    """Fiches changed since the last release that the journal does not explain yet."""
    if not releases:
        return []
    pending = history(releases, fiches)[0]
    return sorted((i for i in pending.added + pending.modified + pending.retired if i not in journal.fiches), key=id_order)


def record_release(path: Path, version: str, fiches: list[Fiche], date: _dt.date | None = None, journal: Journal | None = None,
                   journal_file: str = "fiches/_journal.yml") -> Release:
    """Append a release with the current fiches, and write their snapshot; refuse a version
    already recorded, one that cannot name the snapshot's file, or a change the journal (named
    ``journal_file`` in the messages) does not explain."""
    journal = journal or Journal()
    releases = read_releases(path)
    day = date or _dt.date.today()
    if any(r.version == version for r in releases):
        raise ValueError(f"la version « {version} » est déjà enregistrée dans {path.name} : changez la version dans mkdocs.yml (extra.guide.version).")
    if not VERSION_NAME.fullmatch(version):
        raise ValueError(f"la version « {version} » ne peut pas nommer un fichier (lettres, chiffres, points et tirets, par exemple « 1.1 ») : "
                         "changez-la dans mkdocs.yml (extra.guide.version).")
    if releases:
        last = releases[-1]
        if version_order(version) <= version_order(last.version):
            raise ValueError(f"la version « {version} » ne suit pas la dernière publiée ({last.version}) : choisissez un numéro plus grand "
                             "dans mkdocs.yml (extra.guide.version).")
        if day < _dt.date.fromisoformat(last.date):
            raise ValueError(f"la date {day.isoformat()} précède celle de la version {last.version} ({last.date}).")
        stale = stale_revision_dates(fiches, releases)
        if stale:
            raise ValueError(f"{len(stale)} fiche(s) ont changé depuis la version {last.version} avec une date de révision antérieure au {last.date} : "
                             f"{', '.join(f.id for f, _ in stale)}. Mettez à jour leur champ « revised » (AAAA-MM-JJ).")
    if day > _dt.date.today():
        raise ValueError(f"la date {day.isoformat()} est dans le futur : une version s’enregistre le jour de sa publication, ou après.")
    missing = unexplained(journal, releases, fiches)
    if missing:
        raise ValueError(f"{len(missing)} fiche(s) ont changé depuis la version {releases[-1].version} sans raison écrite dans le journal : "
                         f"{', '.join(missing)}. Ajoutez sous « fiches: » de {journal_file} une ligne « id: \"pourquoi la fiche a changé\" » par fiche ; "
                         "elle sera publiée dans le journal des modifications.")
    release = Release(
        version, day.isoformat(),
        {f.id: content_hash(f) for f in fiches}, {f.id: f.title for f in fiches},
        journal.summary, {i: journal.fiches[i] for i in sorted(journal.fiches, key=id_order)} if releases else {},
    )
    write_snapshot(path, release, fiches)
    document = {"releases": [r.record() for r in releases] + [release.record()]}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return release


#: A version that may name its snapshot file (``1.0``, ``2.0-rc1``).
VERSION_NAME = re.compile(r"[0-9A-Za-z]+([._-][0-9A-Za-z]+)*")


def snapshot_path(releases_path: Path, version: str) -> Path | None:
    """Where a release's snapshot lives: ``fiches/_releases/<version>.json`` next to
    ``fiches/_releases.json`` (``None`` for a version that cannot name a file)."""
    if not VERSION_NAME.fullmatch(version):
        return None
    return releases_path.with_suffix("") / f"{version}.json"


def write_snapshot(releases_path: Path, release: Release, fiches: list[Fiche]) -> Path:
    """Write the fiches of ``release`` as published; each must have the hash the release records."""
    path = snapshot_path(releases_path, release.version)
    assert path is not None, release.version  # record_release refuses such a version first
    content = {f.id: fiche_data(f) for f in sorted(fiches, key=lambda f: id_order(f.id))}
    mismatched = sorted((i for i, data in content.items() if release.fiches.get(i) != data_hash(data)), key=id_order)
    missing = sorted(set(release.fiches) - set(content), key=id_order)
    if mismatched or missing:
        raise ValueError(f"l’instantané de la version {release.version} ne correspond pas à son enregistrement "
                         f"({', '.join(mismatched + missing)}).")
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"version": release.version, "date": release.date, "fiches": content}
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def read_snapshot(releases_path: Path, release: Release) -> dict[str, dict] | None:
    """The fiches of ``release`` as published (id → content data), each one kept only if its
    content still has the hash the release records; ``None`` when there is no readable snapshot."""
    path = snapshot_path(releases_path, release.version)
    if path is None or not path.is_file() or path.is_symlink():
        return None
    try:
        fiches = json.loads(path.read_text(encoding="utf-8"))["fiches"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not isinstance(fiches, dict):
        return None
    return {i: data for i, data in fiches.items()
            if isinstance(data, dict) and i in release.fiches and data_hash(data) == release.fiches[i]}


@dataclass
class Changes:
    """What changed from one state of the guide to the next."""

    version: str  # the newer state (« en préparation » for the working copy)
    previous: str | None
    date: str | None
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)
    summary: str = ""  # what the version changes (the journal's summary)
    notes: dict[str, str] = field(default_factory=dict)  # id → why it changed

    @property
    def empty(self) -> bool:
        return not (self.added or self.modified or self.retired)

    def as_dict(self) -> dict:
        return {"version": self.version, "previous": self.previous, "date": self.date, "summary": self.summary,
                "added": self.added, "modified": self.modified, "retired": self.retired, "notes": self.notes}


UNRELEASED = "en préparation"


def diff(old: dict[str, str], new: dict[str, str], version: str, previous: str | None, date: str | None) -> Changes:
    return Changes(
        version, previous, date,
        added=sorted(set(new) - set(old), key=id_order),
        modified=sorted((i for i in new if i in old and new[i] != old[i]), key=id_order),
        retired=sorted(set(old) - set(new), key=id_order),
    )


def history(releases: list[Release], fiches: list[Fiche], journal: Journal | None = None) -> list[Changes]:
    """Changes per release, newest first, starting with the unreleased ones (explained by
    ``journal`` when given), each with the reasons its release recorded."""
    current = {f.id: content_hash(f) for f in fiches}
    out = []
    if releases:
        pending = diff(releases[-1].fiches, current, UNRELEASED, releases[-1].version, None)
        if journal is not None:
            changed = set(pending.added + pending.modified + pending.retired)
            pending = replace(pending, summary=journal.summary, notes={i: r for i, r in journal.fiches.items() if i in changed})
        out.append(pending)
    for index in range(len(releases) - 1, -1, -1):
        release = releases[index]
        before = releases[index - 1] if index else None
        entry = diff(before.fiches if before else {}, release.fiches, release.version, before.version if before else None, release.date)
        out.append(replace(entry, summary=release.summary, notes=dict(release.notes)))
    return out


def id_order(fiche_id: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key of a fiche id: ``g.2`` before ``g.10``, ``a.1`` before ``ex-a.1``."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in fiche_id.replace("-", ".").split("."))
