"""« Journal des modifications »: the changes of every release, and of the working copy.

Rendered as a page and as ``changes.json`` from the release record (guide_nr.model.release).
Both describe what the site publishes: the common guide's history, without the fiches a fork
does not publish (hidden by ``hidden_fiches`` or with their theme), so that a hidden fiche never
shows as added, modified or retired on the fork's site. A fork's own fiches have no release
history: they are not listed. ``guide changements`` (``cli/changes.py``) shows the maintainers
everything, hidden fiches included.
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Callable
from dataclasses import replace

from guide_nr.model.guide import Guide
from guide_nr.model.release import UNRELEASED, Changes, content_hash, diff, history
from guide_nr.pages.common import GeneratedPage, breadcrumb, front_matter, plural
from guide_nr.routes import CHANGELOG_PAGE, CHANGES_FILE, changelog_version_page, link
from guide_nr.text import french_date, inline


def changes(guide: Guide) -> list[Changes]:
    """The common guide's history as the site publishes it (a fork's own fiches and hidden ones
    change nothing here, and hidden ones are not named)."""
    unpublished = unpublished_ids(guide)
    return [_published(entry, unpublished) for entry in history(guide.releases, guide.upstream_fiches, guide.journal)]


def unpublished_ids(guide: Guide) -> set[str]:
    """Fiches of the common guide's history that this site does not publish: those a fork hides
    (``hidden_fiches``, even one retired since, or every fiche of a hidden theme)."""
    organisation = guide.organisation
    hidden = set(organisation.hidden) | set(organisation.identity.hidden_fiches if organisation.identity is not None else ())
    if not organisation.hidden_themes:
        return hidden
    known = {f.id for f in guide.upstream_fiches} | {r.id for r in guide.retired}
    for release in guide.releases:
        known |= set(release.fiches)
    themes = {f.id: f.theme for f in guide.upstream_fiches}
    regex = guide.settings.id_regex
    for fiche_id in known - set(themes):
        match = regex.match(fiche_id)
        if match:
            themes[fiche_id] = match.group("theme")
    return hidden | {i for i, theme in themes.items() if theme in organisation.hidden_themes}


def _published(entry: Changes, unpublished: set[str]) -> Changes:
    if not unpublished:
        return entry
    return replace(entry, added=[i for i in entry.added if i not in unpublished], modified=[i for i in entry.modified if i not in unpublished],
                   retired=[i for i in entry.retired if i not in unpublished], notes={i: r for i, r in entry.notes.items() if i not in unpublished})


def changes_since(guide: Guide, version: str) -> Changes | None:
    """What changed in the common guide from ``version`` to the current sources (None: unknown version).

    A fork's charter page uses it to show what moved upstream since the version the charter was
    written against; fiches the fork does not publish are not named.
    """
    release = next((r for r in guide.releases if r.version == version), None)
    if release is None:
        return None
    current = {f.id: content_hash(f) for f in guide.upstream_fiches}
    return _published(diff(release.fiches, current, UNRELEASED, version, None), unpublished_ids(guide))


def changes_json(guide: Guide) -> str:
    entries = [c for c in changes(guide) if not (c.version == UNRELEASED and c.empty)]  # as the page: no empty « en préparation »
    return json.dumps({"version": guide.settings.version, "changes": [c.as_dict() for c in entries]},
                      ensure_ascii=False, indent=1) + "\n"


def _fiche_ref(guide: Guide, fiche_id: str, from_path: str) -> str:
    if guide.has_fiche(fiche_id):
        fiche = guide.fiche(fiche_id)
        return f"[{inline(fiche.id)} {inline(fiche.title)}]({link(from_path, fiche.page_path)})"
    retired = next((r for r in guide.retired if r.id == fiche_id), None)
    title = retired.title if retired else next((r.titles.get(fiche_id) for r in reversed(guide.releases) if fiche_id in r.titles), "")
    return f"[{inline(fiche_id)} {inline(title or '')}]({link(from_path, f'fiches/{fiche_id}.md')})" if retired else f"{inline(fiche_id)} {inline(title or '')}"


def changelog_pages(guide: Guide) -> list[GeneratedPage]:
    """The journal: an index of the versions (date, summary, counts), and one page per version
    with each fiche and why it changed. One page per version keeps every page within its budget
    however long the history grows (a release may revise every fiche)."""
    path = CHANGELOG_PAGE
    out = [
        front_matter("Journal des modifications", "Les fiches ajoutées, modifiées et retirées à chaque version du guide.", recherche=False),
        "# Journal des modifications\n\n",
        f"Version actuelle du guide\u202f: **{inline(guide.settings.version)}**. Le même journal est publié en données "
        f"ouvertes\u202f: [{CHANGES_FILE}]({link(path, CHANGES_FILE)}).\n\n",
    ]
    pages = []
    entries = changes(guide)
    if not entries:
        out.append("Aucune version n’a encore été publiée.\n")
    for entry in entries:
        if entry.version == UNRELEASED and entry.empty:
            continue
        out.append(f"## {_title(entry, inline)}\n\n")
        if entry.previous is None and entry.version != UNRELEASED:
            out.append(f"Première version publiée\u202f: {len(entry.added)} fiches.\n\n")
            continue
        if entry.summary:
            out.append(inline(entry.summary) + "\n\n")
        if entry.empty:
            out.append("Aucune fiche ajoutée, modifiée ou retirée.\n\n")
            continue
        counts = ", ".join(plural(len(ids), f"fiche {word}", f"fiches {word}s") for word, ids in (
            ("ajoutée", entry.added), ("modifiée", entry.modified), ("retirée", entry.retired)) if ids)
        detail = changelog_version_page(entry.version)
        out.append(f"{counts[0].upper()}{counts[1:]}\u202f: [chaque fiche et la raison de son changement]({link(path, detail)}).\n\n")
        pages.append(_version_page(guide, entry, detail))
    return [GeneratedPage(path, "".join(out)), *pages]


def _title(entry: Changes, text: Callable[[str], str] = str) -> str:
    """A version's title: plain text, or Markdown with ``text=inline`` (which escapes the version numbers)."""
    if entry.version == UNRELEASED:
        assert entry.previous is not None  # history() compares the working copy with the last release
        return f"Depuis la version {text(entry.previous)} (en préparation)"
    date = f" — {french_date(_dt.date.fromisoformat(entry.date))}" if entry.date else ""
    return f"Version {text(entry.version)}{date}"


def _version_page(guide: Guide, entry: Changes, path: str) -> GeneratedPage:
    title = _title(entry)
    out = [
        front_matter(f"Journal des modifications : {title}", f"Les fiches changées ({title}) et la raison de chaque changement.", recherche=False),
        breadcrumb(path, [("Journal des modifications", CHANGELOG_PAGE)], title),
        f"# {_title(entry, inline)}\n\n",
    ]
    if entry.summary:
        out.append(inline(entry.summary) + "\n\n")
    for label, ids in (("Fiches ajoutées", entry.added), ("Fiches modifiées", entry.modified), ("Fiches retirées", entry.retired)):
        if ids:
            out.append(f"## {label}\n\n" + "".join(f"- {_fiche_ref(guide, i, path)}{_reason(entry, i)}\n" for i in ids) + "\n")
    return GeneratedPage(path, "".join(out))


def _reason(entry: Changes, fiche_id: str) -> str:
    """Why a fiche changed, as its release (or the journal in preparation) says, after its link."""
    reason = entry.notes.get(fiche_id)
    return f"\u202f: {inline(reason)}" if reason else ""
