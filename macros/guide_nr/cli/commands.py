"""``guide``: the contributors' command line (French messages, no traceback).

    guide build            construit le site publié (--strict, -d DOSSIER, --sans-pdf)
    guide new              crée une fiche (questions ou options), au prochain identifiant libre
    guide check            vérifie toutes les sources, sans construire le site (--format json)
    guide import DOSSIER   convertit des fiches de l’ancien site Eleventy
    guide export [-o D]    écrit les données ouvertes (JSON, CSV, schéma)
    guide release          enregistre la version publiée (contre les pertes silencieuses) et son instantané
    guide changements [V]  fiches du guide commun changées depuis une version : différences, et quoi revoir dans un fork
    guide schema [-o F]    écrit le schéma JSON des fiches
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import re
import sys
from pathlib import Path
from typing import Any, NoReturn

import yaml

from guide_nr.cli import build as build_command
from guide_nr.cli import changes as changes_command
from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES, SAFE_ID_PATTERN
from guide_nr.model.guide import Guide
from guide_nr.model.release import id_order, unexplained
from guide_nr.problems import ValidationFailed, did_you_mean
from guide_nr.sources.organisation import own_id_regex, publication_problems
from guide_nr.sources.project import Project, find_project, load_project
from guide_nr.sources.schema import MODELINE, fiche_json_schema_text, refresh_schema_file
from guide_nr.text import french_date


class _FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def format_usage(self) -> str:
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self) -> str:
        return (
            super().format_help()
            .replace("usage:", "utilisation :")
            .replace("options:", "options :")
            .replace("positional arguments:", "arguments :")
        )

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"guide : erreur : {_in_french(message)}\n")


_ARGPARSE_MESSAGES = [
    (re.compile(r"argument (\S+): invalid choice: '([^']*)' \(choose from (.*)\)"),
     lambda m: f"option {m.group(1)} : valeur « {m.group(2)} » refusée (possibles : {m.group(3).replace(chr(39), '')})"),
    (re.compile(r"argument (\S+): expected one argument"), lambda m: f"option {m.group(1)} : une valeur est attendue"),
    (re.compile(r"argument (\S+): invalid (\S+) value: '([^']*)'"), lambda m: f"option {m.group(1)} : valeur « {m.group(3)} » invalide"),
    (re.compile(r"unrecognized arguments: (.*)"), lambda m: f"arguments inconnus : {m.group(1)}"),
    (re.compile(r"the following arguments are required: (.*)"), lambda m: f"arguments obligatoires manquants : {m.group(1)}"),
]


def _in_french(message: str) -> str:
    """argparse's English messages, in French (the common ones)."""
    for pattern, french in _ARGPARSE_MESSAGES:
        match = pattern.search(message)
        if match:
            return french(match)
    return message


def _parser() -> argparse.ArgumentParser:
    parser = _FrenchParser(
        prog="guide",
        description="Outils des contributeurs du Guide de bonnes pratiques numérique responsable.",
        epilog="Aide d’une commande : guide COMMANDE --help",
    )
    parser.add_argument("--projet", type=Path, default=None, metavar="DOSSIER",
                        help="dossier du guide (celui qui contient mkdocs.yml) ; par défaut, le dossier courant ou un parent")
    commands = parser.add_subparsers(dest="command", metavar="COMMANDE", parser_class=_FrenchParser)
    commands.required = True

    check = commands.add_parser("check", help="vérifie toutes les fiches, thèmes et pilotes sans construire le site",
                                description="Vérifie le schéma, les identifiants, les références croisées et la sûreté du Markdown "
                                            "de toutes les sources. Code de sortie 0 si tout est correct, 1 sinon.")
    check.add_argument("--format", choices=["texte", "json"], default="texte",
                       help="« texte » (par défaut) pour les personnes, « json » pour les outils")

    new = commands.add_parser(
        "new", help="crée une nouvelle fiche au prochain identifiant libre de son thème",
        description="Crée une fiche valide dans fiches/ au prochain identifiant libre du thème, avec le plan du texte "
                    "à compléter. Les valeurs absentes sont demandées une à une (ou refusées hors terminal).",
    )
    new.add_argument("--theme", metavar="THÈME", help="identifiant du thème (a, b…)")
    new.add_argument("--titre", "--title", dest="title", metavar="TITRE", help="titre de la bonne pratique")
    new.add_argument("--resume", "--summary", dest="summary", metavar="RÉSUMÉ", help="résumé en une phrase")
    new.add_argument("--priorite", "--priority", dest="priority", metavar="PRIORITÉ", help="Prioritaire, Recommandée ou Aller plus loin")
    new.add_argument("--difficulte", "--difficulty", dest="difficulty", metavar="DIFFICULTÉ", help="Facile, Moyenne ou Difficile")
    new.add_argument("--pilote", "--pilot", dest="pilots", action="append", metavar="PILOTE", help="pilote (répétable), tiré de fiches/_pilots.yml")
    new.add_argument("--indicateur", "--indicator", dest="indicators", action="append", metavar="INDICATEUR", help="indicateur de pilotage (répétable)")
    new.add_argument("--organisation", action="store_true",
                     help="fiche propre à l’organisation (fork) : écrite dans organisation/fiches/ avec son préfixe (ex-a.1)")
    new.add_argument("--id", dest="fiche_id", metavar="ID", help="identifiant imposé (par défaut : le prochain libre du thème)")

    imported = commands.add_parser(
        "import", help="convertit des fiches Markdown de l’ancien site Eleventy en fiches YAML",
        description="Convertit les fiches Markdown à en-tête YAML de l’ancien site Eleventy du guide (idbp, title, priority, "
                    "difficulty, who, indicators, date, eleventyNavigation ; section finale « Retour d’expérience ») "
                    "en fiches YAML, puis vérifie le guide. Ce qui n’a pas pu être repris est signalé.",
    )
    imported.add_argument("source", type=Path, metavar="DOSSIER", help="dossier des fiches Markdown à convertir")
    imported.add_argument("--remplacer", action="store_true", help="remplace les fiches YAML qui existent déjà")

    export = commands.add_parser("export", help="écrit les données ouvertes (fiches.json, fiches.csv, schéma ; "
                                 "dans un fork, celles de la charte) sans construire le site",
                                 description="Écrit les fichiers de données ouvertes, identiques à ceux du site publié.")
    export.add_argument("-o", "--sortie", type=Path, default=None, metavar="DOSSIER", help="dossier de sortie ; par défaut, export/ dans le projet")

    release = commands.add_parser(
        "release", help="enregistre la version publiée du guide (identifiants et empreintes des fiches)",
        description="Ajoute la version courante (extra.guide.version de mkdocs.yml) au registre fiches/_releases.json. "
                    "Une fiche de la dernière version qui disparaît ensuite fait échouer la construction, sauf si son "
                    "retrait est déclaré dans fiches/_retired.yml.",
    )
    release.add_argument("--date", type=_dt.date.fromisoformat, default=None, metavar="AAAA-MM-JJ", help="date de publication (par défaut : aujourd’hui)")
    release.add_argument("--instantane", metavar="VERSION", default=None,
                         help="n’enregistre pas de version : écrit l’instantané manquant (fiches/_releases/VERSION.json) d’une version déjà "
                              "enregistrée, depuis les fiches actuelles, seulement si aucune n’a changé depuis")

    changes_command.add_parser(commands)
    build_command.add_parser(commands)

    schema = commands.add_parser("schema", help="écrit le schéma JSON des fiches (pour les éditeurs)",
                                 description="Écrit le schéma JSON des fiches, généré depuis le modèle et les vocabulaires du guide.")
    schema.add_argument("-o", "--sortie", type=Path, default=None, metavar="FICHIER",
                        help="fichier à écrire ; par défaut, la sortie standard")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except BrokenPipeError:  # « guide check --format json | head »: the reader left, nothing more to say
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _main(argv: list[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        root = args.projet.resolve() if args.projet else find_project(Path.cwd())
        if args.command == "build":
            return build_command.run(root, args)
        project = load_project(root)
        if args.command == "check":
            return _check(project, args.format)
        if args.command == "schema":
            return _schema(project, args.sortie)
        if args.command == "new":
            return _new(project, args)
        if args.command == "import":
            return _import(project, args.source, args.remplacer)
        if args.command == "export":
            return _export(project, args.sortie or project.settings.root / "export")
        if args.command == "release":
            return _snapshot(project, args.instantane) if args.instantane is not None else _release(project, args.date)
        if args.command == "changements":
            return changes_command.run(project, args.version, args.depuis, args.format)
    except ValidationFailed as failure:
        if getattr(args, "format", None) == "json":
            print(json.dumps({"ok": False, "problems": [p.as_dict() for p in failure.problems]}, ensure_ascii=False, indent=2))
        else:
            print(failure.report(), file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


MIN_WORDS = 120


def _to_complete(guide: Guide) -> list[str]:
    """Fiches that are valid but not finished (short text): reported, never fatal."""
    notes = []
    for fiche in guide.fiches:
        words = len(re.findall(r"\w+", re.sub(r"<!--.*?-->", "", fiche.body, flags=re.DOTALL)))
        if words < MIN_WORDS:
            notes.append(f"{fiche.id} : texte de {words} mots, à compléter ({MIN_WORDS} à 300 attendus)")
    unchecked = sorted({f.id for f in guide.fiches for r in f.cited if r.verified is False}, key=id_order)
    if unchecked:
        notes.append(f"avant publication, adresses de références marquées « verified: false » (à ouvrir pour confirmer, puis retirer la marque) "
                     f"dans {len(unchecked)} fiche(s) : {', '.join(unchecked)}")
    missing = unexplained(guide.journal, guide.releases, guide.upstream_fiches)
    if missing:
        notes.append(f"avant « guide release », {guide.settings.journal_file} : écrire pourquoi ces fiches ont changé depuis la version "
                     f"{guide.releases[-1].version} ({', '.join(missing)})")
    return notes


def _check(project: Project, output_format: str) -> int:
    guide = project.load()
    refresh_schema_file(guide)
    notes = _to_complete(guide) + [f"avant publication, {p.file} · {p.field} : {p.message}" for p in publication_problems(guide)]
    if output_format == "json":
        print(json.dumps({"ok": True, "fiches": len(guide.fiches), "themes": len(guide.themes), "problems": [], "a_completer": notes},
                         ensure_ascii=False, indent=2))
    else:
        print(f"Tout est correct : {len(guide.fiches)} fiches, {len(guide.themes)} thèmes, {len(guide.pilots)} pilotes.")
        if guide.settings.organisation_path is not None:
            print("Organisation : " + _organisation_summary(guide) + ".")
        for note in notes:
            print(f"  à compléter : {note}")
    return 0


def _organisation_summary(guide: Guide) -> str:
    parts = [f"{len(guide.organisation.own_fiches)} fiche(s) propre(s)", f"{len(guide.organisation.hidden)} fiche(s) du guide masquée(s)"]
    if guide.organisation.charter is not None:
        parts.append(f"charte de {len(guide.organisation.charter.commitments)} engagements (version {guide.organisation.charter.guide_version} du guide)")
    if guide.organisation.maturity is not None:
        parts.append(f"{len(guide.organisation.maturity.assessments)} auto-évaluation(s) de maturité")
    if guide.organisation.extra_pages:
        parts.append(f"{len(guide.organisation.extra_pages)} page(s) rédigée(s)")
    return ", ".join(parts)


def _schema(project: Project, output: Path | None) -> int:
    text = fiche_json_schema_text(project.load())
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"Schéma écrit dans {output}.", file=sys.stderr)
    return 0



# -- guide new ------------------------------------------------------------------------------

BODY_OUTLINE = """Décrivez la pratique en quelques phrases : en quoi elle consiste, et pour qui.

## Pourquoi agir

<!-- Les enjeux environnementaux, avec des ordres de grandeur et leur source. -->

## Par où commencer

<!-- Les premières étapes concrètes, en liste si besoin. -->

## Points de vigilance

<!-- Effet rebond, coûts cachés, effets de bord. -->
"""


def _ask(question: str, choices: list[str] | None = None, several: bool = False) -> str | list[str]:
    """Ask on the terminal; numbered choices accept a number or the value itself."""
    if choices:
        print(question)
        for index, choice in enumerate(choices, 1):
            print(f"  {index}. {choice}")
        prompt = "Numéros séparés par des virgules : " if several else "Numéro ou valeur : "
    else:
        prompt = f"{question} "
    while True:
        answer = input(prompt).strip()
        if not answer:
            continue
        if not choices:
            return [a.strip() for a in answer.split(";") if a.strip()] if several else answer
        picked: list[str] = []
        for part in answer.split(",") if several else [answer]:
            part = part.strip()
            if part.isdigit() and 1 <= int(part) <= len(choices):
                picked.append(choices[int(part) - 1])
            elif part in choices:
                picked.append(part)
            else:
                picked = []  # the whole answer is asked again
                print(f"« {part} » ne fait pas partie des choix.")
                break
        if picked:
            return picked if several else picked[0]


def next_free_id(guide: Guide, theme: str, prefix: str | None = None) -> str:
    """Next number in the theme, never reusing an id that was published, retired or hidden.

    With ``prefix``, the next id of the organisation's own fiches (``ex-t.3``)."""
    taken = set(guide.sources) | {r.id for r in guide.retired}
    for release in guide.releases:
        taken |= set(release.fiches)
    stem = f"{prefix}-{theme}" if prefix else theme
    numbers = [int(m.group(1)) for i in taken if (m := re.fullmatch(rf"{re.escape(stem)}\.(\d+)", i))]
    return f"{stem}.{max(numbers, default=0) + 1}"


def _new(project: Project, args: argparse.Namespace) -> int:
    guide = project.load()
    interactive = sys.stdin.isatty()
    themes = [t.id for t in guide.themes]
    pilots = [p.label for p in guide.pilot_vocabulary or guide.pilots]
    questions = {
        "theme": ("Thème de la fiche :", [f"{t.id}" for t in guide.themes], False),
        "title": ("Titre de la bonne pratique :", None, False),
        "summary": ("Résumé en une phrase :", None, False),
        "priority": ("Priorité :", list(PRIORITIES), False),
        "difficulty": ("Difficulté :", list(DIFFICULTIES), False),
        "pilots": ("Pilotes :", pilots, True),
        "indicators": ("Indicateurs de pilotage (séparés par « ; ») :", None, True),
    }
    values = {name: getattr(args, name) for name in questions}
    missing = [name for name, value in values.items() if not value]
    if missing and not interactive:
        options = {"theme": "--theme", "title": "--titre", "summary": "--resume", "priority": "--priorite",
                   "difficulty": "--difficulte", "pilots": "--pilote", "indicators": "--indicateur"}
        print("guide new : valeurs manquantes (hors terminal, donnez-les en options) : "
              + ", ".join(options[m] for m in missing), file=sys.stderr)
        return 2
    if missing:
        print("Nouvelle fiche : répondez aux questions (Ctrl+C pour abandonner).")
        for title in guide.themes:
            print(f"  {title.id} = {title.title}")
    for name in missing:
        question, choices, several = questions[name]
        values[name] = _ask(question, choices, several)
    if values["theme"] not in themes:
        print(f"guide new : thème « {values['theme']} » inconnu.{did_you_mean(values['theme'], themes)} Thèmes : {', '.join(themes)}.", file=sys.stderr)
        return 1
    prefix: str | None
    folder, modeline, prefix = project.settings.fiches_path, MODELINE, None
    if args.organisation:
        if project.settings.organisation_path is None or guide.organisation.identity is None or not guide.organisation.identity.id_prefix:
            print("guide new --organisation : il faut un dossier organisation/ dont organisation.yml définit id_prefix "
                  "(voir README, « Un fork pour votre organisation »).", file=sys.stderr)
            return 1
        prefix = guide.organisation.identity.id_prefix
        folder = project.settings.organisation_path / "fiches"
        folder.mkdir(parents=True, exist_ok=True)
        schema = os.path.relpath(project.settings.schema_path, folder).replace(os.sep, "/")
        modeline = f"# yaml-language-server: $schema={schema}"
    fiche_id = args.fiche_id or next_free_id(guide, values["theme"], prefix)
    refusal = _id_refusal(project, guide, fiche_id, values["theme"], prefix)
    if refusal:
        print(f"guide new : identifiant « {fiche_id} » refusé : {refusal}", file=sys.stderr)
        return 1
    path = folder / f"{fiche_id}.yml"
    if path.exists():
        print(f"guide new : {path} existe déjà.", file=sys.stderr)
        return 1
    data = {
        "id": fiche_id, "theme": values["theme"], "title": values["title"], "summary": values["summary"],
        "priority": values["priority"], "difficulty": values["difficulty"], "pilots": list(values["pilots"]),
        "indicators": list(values["indicators"]), "updated": _dt.date.today(), "body": BODY_OUTLINE,
    }
    path.write_text(modeline + "\n" + yaml.dump(data, Dumper=_FicheDumper, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    try:
        guide = project.load()
    except ValidationFailed as failure:
        path.unlink()
        print(failure.report(), file=sys.stderr)
        print("La fiche n’a pas été créée.", file=sys.stderr)
        return 1
    refresh_schema_file(guide)
    shown = project.settings.root.name + "/" + path.relative_to(project.settings.root).as_posix()
    print(f"Fiche créée : {shown} (identifiant {fiche_id}).")
    print("À compléter : le texte (body) selon le plan proposé, puis, si vous en avez, des retours d’expérience (feedback)")
    print("avec leur source, des références (references) et des fiches liées (related).")
    print(f"Vérifiez avec « guide check », prévisualisez avec « make serve » : http://127.0.0.1:8000/fiches/{fiche_id}/")
    return 0


def _id_refusal(project: Project, guide: Guide, fiche_id: str, theme: str, prefix: str | None) -> str | None:
    """Why an id given on the command line cannot name a new fiche (checked before any path is built)."""
    pattern = own_id_regex(prefix) if prefix else project.settings.id_regex
    example = f"{prefix}-{theme}.1" if prefix else f"{theme}.1"
    if len(fiche_id) > 40:
        return f"{len(fiche_id)} caractères : 40 au plus."
    match = pattern.match(fiche_id) if re.fullmatch(SAFE_ID_PATTERN, fiche_id) else None
    if match is None:
        return f"attendu {'le préfixe, un tiret, ' if prefix else ''}la lettre du thème, un point et un numéro, par exemple « {example} »."
    if match.group("theme") != theme:
        return f"il désigne le thème « {match.group('theme')} », pas « {theme} »."
    gone = next((r for r in guide.retired if r.id == fiche_id), None)
    if gone is not None:
        when = f" le {french_date(gone.date)}" if gone.date else ""
        return f"c’est l’identifiant d’une fiche retirée{when} (« {gone.title} ») : un identifiant retiré n’est jamais réutilisé. Omettez --id pour obtenir le suivant libre."
    if any(fiche_id in release.fiches for release in guide.releases) and not guide.has_fiche(fiche_id):
        return "il a déjà été publié pour une autre fiche, retirée depuis : un identifiant n’est jamais réutilisé. Omettez --id pour obtenir le suivant libre."
    return None


class _FicheDumper(yaml.SafeDumper):
    """Multi-line text as ``|`` blocks, as in hand-written fiches."""


_FicheDumper.add_representer(
    str, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)
)


# -- guide import / export / release ------------------------------------------------------------


def _import(project: Project, source: Path, overwrite: bool) -> int:
    from guide_nr.sources.eleventy_import import import_eleventy

    if not source.is_dir():
        print(f"guide import : dossier « {source} » introuvable.", file=sys.stderr)
        return 1
    report = import_eleventy(source, project.settings.fiches_path, overwrite=overwrite)
    for path in report.written:
        print(f"Convertie : {path.relative_to(project.settings.root).as_posix()}")
    for line in report.notes:
        print(f"  note : {line}")
    for line in report.skipped:
        print(f"Non convertie : {line}", file=sys.stderr)
    print(f"{len(report.written)} fiche(s) convertie(s), {len(report.skipped)} non convertie(s). Vérification du guide…")
    guide = project.load()  # ValidationFailed is reported by main()
    print(f"Tout est correct : {len(guide.fiches)} fiches.")
    return 0 if not report.skipped else 1


def _export(project: Project, target: Path) -> int:
    from guide_nr.pages import charter_data
    from guide_nr.pages.opendata import write

    guide = project.load()
    for path in write(guide, target, charter_data.files(guide)):
        print(f"Écrit : {path}")
    return 0


def _snapshot(project: Project, version: str) -> int:
    """Write the missing snapshot of a recorded release from the current fiches, which must
    all still have the content that release recorded."""
    from guide_nr.model.release import write_snapshot

    guide = project.load()
    release = next((r for r in guide.releases if r.version == version), None)
    if release is None:
        versions = [r.version for r in guide.releases]
        print(f"guide release : version « {version} » inconnue.{did_you_mean(version, versions)} "
              f"Versions enregistrées : {', '.join(versions) or 'aucune'}.", file=sys.stderr)
        return 1
    try:
        path = write_snapshot(guide.settings.releases_path, release, guide.upstream_fiches)
    except ValueError as error:
        print(f"guide release : {error} Ces fiches ont changé depuis : leur contenu publié ne se déduit plus des sources "
              "(il reste dans l’historique git).", file=sys.stderr)
        return 1
    print(f"Instantané de la version {version} écrit dans {path.relative_to(guide.settings.root).as_posix()} "
          f"({len(release.fiches)} fiches, vérifiées une à une sur le registre). Versionnez-le.")
    return 0


#: The journal as ``guide release`` leaves it: ready for the reasons of the next version.
JOURNAL_TEMPLATE = """\
# Journal des modifications en préparation : pourquoi chaque fiche a changé depuis la dernière version publiée.
# Une ligne par fiche ajoutée, modifiée ou retirée (« a.1: "pourquoi, en une phrase" ») ; « guide release » les
# recopie dans fiches/_releases.json, les publie dans le journal des modifications et vide ce fichier.
summary: ""
fiches: {}
"""


def _release(project: Project, date: _dt.date | None) -> int:
    from guide_nr.model.release import history, record_release, snapshot_path

    guide = project.load()
    version = guide.settings.version
    try:
        record_release(guide.settings.releases_path, version, guide.upstream_fiches, date, guide.journal, guide.settings.journal_file)
    except OSError as error:
        print(f"guide release : impossible d’écrire {error.filename or guide.settings.releases_file} ({error.strerror}) ; rien n’a été enregistré.",
              file=sys.stderr)
        return 1
    except ValueError as error:
        print(f"guide release : {error}", file=sys.stderr)
        return 1
    if guide.settings.journal_path.is_file():
        guide.settings.journal_path.write_text(JOURNAL_TEMPLATE, encoding="utf-8")
    latest = project.load()
    changes = history(latest.releases, latest.upstream_fiches)[1]
    snapshot = snapshot_path(guide.settings.releases_path, version)
    assert snapshot is not None  # record_release refuses a version that cannot name it
    print(f"Version {version} enregistrée dans {guide.settings.releases_file} : {len(guide.upstream_fiches)} fiches "
          f"({len(changes.added)} ajoutées, {len(changes.modified)} modifiées, {len(changes.retired)} retirées) ; "
          f"leur contenu publié dans {snapshot.relative_to(guide.settings.root).as_posix()}.")
    print("Versionnez ces deux fichiers : une fiche de cette version qui disparaîtrait ferait désormais échouer la construction, "
          "et « guide changements » montrera ce qui a changé dans chaque fiche depuis.")
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
