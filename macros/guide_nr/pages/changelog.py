"""« Journal des modifications »: the changes of every release, and of the working copy.

Rendered as a page and as ``changes.json`` from the release record (guide_nr.model.release).
"""

from __future__ import annotations

import json

from guide_nr.model.guide import Guide
from guide_nr.model.release import UNRELEASED, Changes, content_hash, diff, history
from guide_nr.pages.common import GeneratedPage, front_matter
from guide_nr.routes import CHANGELOG_PAGE, CHANGES_FILE, link
from guide_nr.text import inline


def changes(guide: Guide) -> list[Changes]:
    """The common guide's history (a fork's own fiches and hidden ones change nothing here)."""
    return history(guide.releases, guide.upstream_fiches)


def changes_since(guide: Guide, version: str) -> Changes | None:
    """What changed in the common guide from ``version`` to the current sources (None: unknown version).

    A fork uses it to see what moved upstream since the version its charter was written against.
    """
    release = next((r for r in guide.releases if r.version == version), None)
    if release is None:
        return None
    current = {f.id: content_hash(f) for f in guide.upstream_fiches}
    return diff(release.fiches, current, UNRELEASED, version, None)


def changes_json(guide: Guide) -> str:
    return json.dumps({"version": guide.settings.version, "changes": [c.as_dict() for c in changes(guide)]},
                      ensure_ascii=False, indent=1) + "\n"


def _fiche_ref(guide: Guide, fiche_id: str, from_path: str) -> str:
    if guide.has_fiche(fiche_id):
        fiche = guide.fiche(fiche_id)
        return f"[{inline(fiche.id)} {inline(fiche.title)}]({link(from_path, fiche.page_path)})"
    retired = next((r for r in guide.retired if r.id == fiche_id), None)
    title = retired.title if retired else next((r.titles.get(fiche_id) for r in reversed(guide.releases) if fiche_id in r.titles), "")
    return f"[{inline(fiche_id)} {inline(title or '')}]({link(from_path, f'fiches/{fiche_id}.md')})" if retired else f"{inline(fiche_id)} {inline(title or '')}"


def changelog_page(guide: Guide) -> GeneratedPage:
    path = CHANGELOG_PAGE
    out = [
        front_matter("Journal des modifications", "Les fiches ajoutées, modifiées et retirées à chaque version du guide.", recherche=False),
        "# Journal des modifications\n\n",
        f"Version actuelle du guide\u202f: **{inline(guide.settings.version)}**. Le même journal est publié en données "
        f"ouvertes\u202f: [{CHANGES_FILE}]({link(path, CHANGES_FILE)}).\n\n",
    ]
    entries = changes(guide)
    if not entries:
        out.append("Aucune version n’a encore été publiée.\n")
    for entry in entries:
        if entry.version == UNRELEASED:
            if entry.empty:
                continue
            assert entry.previous is not None  # history() compares the working copy with the last release
            out.append(f"## Depuis la version {inline(entry.previous)} (en préparation)\n\n")
        else:
            date = f" — {entry.date}" if entry.date else ""
            out.append(f"## Version {inline(entry.version)}{date}\n\n")
        if entry.previous is None and entry.version != UNRELEASED:
            out.append(f"Première version publiée\u202f: {len(entry.added)} fiches.\n\n")
            continue
        for label, ids in (("Fiches ajoutées", entry.added), ("Fiches modifiées", entry.modified), ("Fiches retirées", entry.retired)):
            if ids:
                out.append(f"{label}\u202f:\n\n" + "".join(f"- {_fiche_ref(guide, i, path)}\n" for i in ids) + "\n")
        if entry.empty:
            out.append("Aucune fiche ajoutée, modifiée ou retirée.\n\n")
    return GeneratedPage(path, "".join(out))
