"""The journal of changes being prepared (``fiches/_journal.yml``): each reason must explain a
fiche that did change since the last release; ``guide release`` refuses a change it does not explain."""

from __future__ import annotations

from pathlib import Path

from guide_nr.model.fiche import Fiche
from guide_nr.model.release import Journal, Release, history
from guide_nr.problems import ProblemList
from guide_nr.sources.yamlsource import YamlDocument


def check_journal(problems: ProblemList, path: Path, document: YamlDocument, journal: Journal, releases: list[Release],
                  upstream_fiches: list[Fiche], present: set[str]) -> None:
    """``present``: ids of the common guide's fiche files, loaded or not (a fiche that failed its
    own checks is reported there, not as unknown here)."""
    if not releases:
        if journal.fiches:
            problems.add(path, document.line_of(("fiches",)), "fiches",
                         "aucune version n’est encore publiée : le journal explique les changements depuis la dernière version, "
                         "il n’a rien à expliquer avant la première (« guide release »).")
        return
    pending = history(releases, upstream_fiches)[0]
    changed = pending.added + pending.modified + pending.retired
    loaded = {f.id for f in upstream_fiches}
    known = loaded | set(releases[-1].fiches)
    for fiche_id in journal.fiches:
        if fiche_id in changed or (fiche_id in present and fiche_id not in loaded):
            continue
        why = f"n’a pas changé depuis la version {releases[-1].version}" if fiche_id in known else "n’existe pas dans le guide commun"
        problems.add(path, document.line_of(("fiches", fiche_id)), f"fiches.{fiche_id}",
                     f"la fiche « {fiche_id} » {why} : retirez cette ligne du journal"
                     + (f" (fiches changées : {', '.join(changed)})." if changed else " (aucune fiche n’a changé)."))
