"""``guide changements``: what changed in the common guide since a release, and what it means for a fork.

The list is always produced, even when the guide no longer validates (typically a fork whose
charter commits to a fiche retired upstream): the changes are computed from the sources that
read (:mod:`guide_nr.sources.upstream`), the validation problems are printed with them, and
each change says what to edit in the organisation's folder. Exit code 0 when the list was
produced, whatever ``guide check`` says; 1 only when it cannot be (unknown version, no or
unreadable release record).
"""

from __future__ import annotations

import datetime as _dt
import json
import sys
from typing import Any

from guide_nr.model.fiche_diff import ADDED, MODIFIED, RETIRED, FicheChange, compare
from guide_nr.model.release import read_snapshot, snapshot_path
from guide_nr.problems import Problem, ValidationFailed, did_you_mean
from guide_nr.sources.organisation import IDENTITY_FILE
from guide_nr.sources.project import Project
from guide_nr.sources.upstream import CHARTER, HIDDEN, MATURITY, RELATED, Mention, Upstream, read_upstream
from guide_nr.text import french_date

LABELS = {ADDED: "Ajoutées", MODIFIED: "Modifiées", RETIRED: "Retirées"}
COMMITTED_MARK = "engagement de la charte à revoir"
HIDDEN_MARK = "masquée par organisation.yml"


def add_parser(commands: Any) -> None:  # argparse's private _SubParsersAction
    parser = commands.add_parser(
        "changements", help="liste les fiches du guide commun ajoutées, modifiées ou retirées depuis une version, avec leurs différences",
        description="Compare les fiches actuelles du guide commun à une version publiée (fiches/_releases.json et son instantané "
                    "fiches/_releases/VERSION.json) : fiches ajoutées, modifiées (faits et texte, champ par champ) et retirées. "
                    "Dans un fork, la version par défaut est celle sur laquelle la charte a été écrite (guide_version de "
                    "organisation/charter.yml), et chaque changement dit quoi revoir dans le dossier de l’organisation "
                    "(engagements, maturité, fiches masquées, liens). La liste est produite même quand le guide ne passe plus "
                    "la vérification : les problèmes sont listés avec elle. Code de sortie 0 quand la liste est produite, "
                    "1 quand elle ne peut pas l’être (version inconnue, registre des versions absent ou illisible).",
    )
    parser.add_argument("version", nargs="?", default=None, metavar="VERSION",
                        help="version de référence (par défaut : celle de la charte, sinon la dernière publiée)")
    parser.add_argument("--depuis", metavar="VERSION", default=None, help="même chose que VERSION")
    parser.add_argument("--format", choices=["texte", "json"], default="texte", help="texte lisible (par défaut) ou JSON (avec les différences)")


def run(project: Project, version: str | None, since: str | None, output_format: str) -> int:
    if version and since and version != since:
        print(f"guide changements : deux versions de référence (« {version} » et --depuis « {since} ») : gardez-en une.", file=sys.stderr)
        return 2
    version = version or since
    problems: list[Problem] = []
    try:
        project.load()
    except ValidationFailed as failure:
        problems = failure.problems
    settings = project.settings
    upstream = read_upstream(settings)
    versions = [r.version for r in upstream.releases]
    if not versions:
        reason = upstream.releases_error or f"aucune version publiée ({settings.releases_file} absent ou vide)"
        return _cannot(f"{reason}.", problems, output_format)
    version = version or upstream.charter_version or versions[-1]
    release = next((r for r in upstream.releases if r.version == version), None)
    if release is None:
        return _cannot(f"version « {version} » inconnue.{did_you_mean(version, versions)} Versions publiées : {', '.join(versions)}.",
                       problems, output_format)
    snapshot = read_snapshot(settings.releases_path, release)
    changes = compare(release, snapshot, upstream.fiches, upstream.invalid, upstream.retired)
    report = [(change, _advice(change, upstream)) for change in changes]
    if output_format == "json":
        print(json.dumps(_as_json(version, release.date, snapshot is not None, report, upstream, problems), ensure_ascii=False, indent=2))
        return 0
    where = snapshot_path(settings.releases_path, version)
    shown = where.relative_to(settings.root).as_posix() if where is not None else settings.releases_file
    print("\n".join(_as_text(version, release.date, snapshot is not None, shown, report, upstream, problems, versions[-1])))
    return 0


def _cannot(message: str, problems: list[Problem], output_format: str) -> int:
    """The changes cannot be computed: say why, with the validation problems if any."""
    if output_format == "json":
        print(json.dumps({"ok": False, "erreur": message, "problems": [p.as_dict() for p in problems]}, ensure_ascii=False, indent=2))
    else:
        print(f"guide changements : {message}", file=sys.stderr)
        if problems:
            print(ValidationFailed(problems).report(), file=sys.stderr)
    return 1


# -- what a change means for the fork ---------------------------------------------------------


def _advice(change: FicheChange, upstream: Upstream) -> list[tuple[Mention | None, str]]:
    """What to do in the organisation's folder, each with the place to edit."""
    out: list[tuple[Mention | None, str]] = []
    replacement = _replacement(change, upstream)
    theme = upstream.theme_of(change.id)
    hidden = upstream.hidden(change.id, theme)
    for mention in upstream.mentions.get(change.id, []):
        if mention.kind == CHARTER:
            if change.change == RETIRED:
                out.append((mention, f"la fiche « {change.id} » a été retirée du guide : "
                                     + (f"reportez l’engagement sur « {replacement} »{_about(replacement, upstream)} ou retirez-le."
                                        if replacement else "reportez l’engagement sur une autre fiche ou retirez-le.")))
            elif _links_only(change):
                out.append((mention, "engagement : seuls les liens de la fiche vers d’autres fiches ont changé, rien à revoir."))
            else:
                status = f" « {mention.detail} »" if mention.detail else ""
                out.append((mention, f"engagement{status} à revoir d’après ces changements."))
        elif mention.kind == MATURITY:
            if change.change == RETIRED:
                out.append((mention, f"la fiche « {change.id} » a été retirée du guide : "
                                     + (f"remplacez-la par « {replacement} »{_about(replacement, upstream)}" if replacement else "remplacez-la")
                                     + f" ou retirez-la de la dimension « {mention.detail} »."))
            elif not _links_only(change):
                out.append((mention, f"citée par la dimension « {mention.detail} » du baromètre de maturité : vérifiez qu’elle la fait toujours progresser."))
        elif mention.kind == HIDDEN:
            if change.change == RETIRED:
                out.append((mention, f"fiche masquée par {IDENTITY_FILE}, retirée du guide : rien à faire, elle reste masquée (ni la fiche ni sa page de retrait ne sont publiées)."))
            else:
                out.append((mention, "fiche masquée par organisation.yml : non publiée sur votre site, rien à revoir (sauf si vous voulez la publier)."))
        elif mention.kind == RELATED and change.change == RETIRED:
            out.append((mention, f"votre fiche « {mention.detail} » renvoie à une fiche retirée : "
                                 + (f"remplacez « {change.id} » par « {replacement} » ou retirez ce lien." if replacement else "retirez ce lien.")))
    if hidden is not None and hidden.kind != HIDDEN and change.change != RETIRED:
        out.append((hidden, f"thème « {hidden.detail} » non publié par {IDENTITY_FILE} : fiche non publiée sur votre site."))
    if upstream.organisation and change.change == ADDED and hidden is None:
        out.append((None, f"nouvelle fiche, publiée sur votre site dès la prochaine construction ; si elle ne vous concerne pas, "
                          f"masquez-la (hidden_fiches de {IDENTITY_FILE})."))
    return out


def _committed(change: FicheChange, advice: list[tuple[Mention | None, str]]) -> bool:
    """A change the charter has to review: a commitment on a fiche modified (more than its links) or retired."""
    return change.change != ADDED and not _links_only(change) and any(m is not None and m.kind == CHARTER for m, _ in advice)


def _links_only(change: FicheChange) -> bool:
    """Only the fiche's links to other fiches changed (upstream dropped a link to a retired
    fiche): nothing for the charter or the maturity to review."""
    return change.change == MODIFIED and change.released_text and bool(change.fields) and all(f.field == "related" for f in change.fields)


def _replacement(change: FicheChange, upstream: Upstream) -> str | None:
    return change.retirement.replaced_by if change.retirement is not None else None


def _about(fiche_id: str, upstream: Upstream) -> str:
    """« (titre) », and whether the fork already commits to it or hides it."""
    title = upstream.fiches.get(fiche_id, {}).get("title")
    notes = [str(title)] if title else []
    if any(m.kind == CHARTER for m in upstream.mentions.get(fiche_id, [])):
        notes.append("déjà engagée : regroupez les deux engagements")
    if upstream.hidden(fiche_id, upstream.theme_of(fiche_id)) is not None:
        notes.append(f"masquée par {IDENTITY_FILE} : publiez-la d’abord")
    return f" ({' ; '.join(notes)})" if notes else ""


def _marks(change: FicheChange, advice: list[tuple[Mention | None, str]], upstream: Upstream) -> str:
    if _committed(change, advice):
        return f"  ← {COMMITTED_MARK}"
    if upstream.hidden(change.id, upstream.theme_of(change.id)) is not None:
        return f"  ← {HIDDEN_MARK}"
    return ""


# -- output ------------------------------------------------------------------------------------


def _retirement_line(change: FicheChange, upstream: Upstream) -> str:
    gone = change.retirement
    if gone is None:
        return "retrait non déclaré dans fiches/_retired.yml (voir les problèmes plus bas)."
    when = f" le {french_date(gone.date)}" if gone.date else ""
    instead = f" ; remplacée par {gone.replaced_by} {upstream.fiches.get(gone.replaced_by, {}).get('title', '')}".rstrip() if gone.replaced_by else ""
    return f"retirée du guide{when} : {gone.reason}{instead}."


def _as_text(version: str, date: str, has_snapshot: bool, snapshot_file: str, report: list, upstream: Upstream,
             problems: list[Problem], latest: str) -> list[str]:
    out: list[str] = []
    if not report:
        out.append(f"Aucune fiche du guide commun n’a changé depuis la version {version}.")
    else:
        out.append(f"Fiches du guide commun changées depuis la version {version} :")
        out.append(f"(version publiée le {french_date(_dt.date.fromisoformat(date))}, comparée aux sources actuelles)")
        if not has_snapshot:
            out.append(f"Le contenu publié dans la version {version} n’est pas disponible (pas d’instantané {snapshot_file}) : "
                       "seuls les titres sont comparés.")
    for kind in (MODIFIED, ADDED, RETIRED):
        entries = [(c, a) for c, a in report if c.change == kind]
        if not entries:
            continue
        out.append(f"\n{LABELS[kind]} ({len(entries)}) :")
        for change, advice in entries:
            out.append(f"  - {change.id} {change.title}{_marks(change, advice, upstream)}")
            details: list[str] = []
            if change.before_title:
                details.append(f"ancien titre : {change.before_title}")
            if change.invalid:
                details.append("son fichier ne passe plus la vérification (voir les problèmes plus bas) : comparée telle qu’elle se lit.")
            if change.change == RETIRED:
                details.append(_retirement_line(change, upstream))
            elif change.change == MODIFIED and not change.released_text and has_snapshot:
                details.append(f"contenu publié dans la version {version} indisponible : seul le titre est comparé.")
            for field_change in change.fields:
                if change.change == ADDED and field_change.field == "theme":
                    theme = field_change.after or ""
                    details.append(f"thème : {theme} ({upstream.themes[theme]})" if theme in upstream.themes else f"thème : {theme}")
                elif change.change == ADDED:
                    details.append(f"{field_change.label} : {', '.join(field_change.added) or field_change.after or ''}"
                                   if field_change.kind == "fait" else
                                   f"{field_change.label} : {' '.join(line[2:] for line in field_change.lines)}")
                else:
                    details += field_change.describe()
            for mention, text in advice:
                details.append(f"→ {mention.where()} : {text}" if mention is not None else f"→ {text}")
            out += [f"      {line}" for line in details]
    committed = {c.id for c, a in report if _committed(c, a)}
    if upstream.charter_version_at is not None:
        out.append(f"\n{len(committed)} engagement(s) de la charte concernés.")
        if version != latest or upstream.charter_version != latest:
            out[-1] += (f" Une fois la charte revue, passez guide_version à « {latest} » dans "
                        f"{upstream.charter_version_at.file}" + (f" (ligne {upstream.charter_version_at.line})." if upstream.charter_version_at.line else "."))
    if problems:
        count = len(problems)
        out.append(f"\n{count} problème(s) empêchent la construction (guide check échoue tant qu’ils restent) :")
        out += [f"  - {p.format()}" for p in problems]
    return out


def _as_json(version: str, date: str, has_snapshot: bool, report: list, upstream: Upstream, problems: list[Problem]) -> dict:
    ids = {kind: [c.id for c, _ in report if c.change == kind] for kind in (ADDED, MODIFIED, RETIRED)}
    committed = [c.id for c, a in report if _committed(c, a)]
    fiches = []
    for change, advice in report:
        fiches.append({
            "id": change.id, "change": change.change, "review": _committed(change, advice), "title": change.title, "before_title": change.before_title,
            "hidden": upstream.hidden(change.id, upstream.theme_of(change.id)) is not None,
            "released_text": change.released_text, "invalid": change.invalid,
            "retirement": change.retirement.model_dump(mode="json") if change.retirement is not None else None,
            "fields": [f.as_dict() for f in change.fields],
            "organisation": [{**(m.as_dict() if m is not None else {"file": None, "line": None, "field": None, "kind": None, "detail": ""}),
                              "action": text} for m, text in advice],
        })
    return {
        "depuis": version, "date": date, "instantane": has_snapshot,
        "added": ids[ADDED], "modified": ids[MODIFIED], "retired": ids[RETIRED], "charte": committed,
        "fiches": fiches,
        "ok": not problems, "problems": [p.as_dict() for p in problems],
    }
