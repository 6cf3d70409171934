"""``guide``: the contributors' command line (French messages, no traceback).

    guide check            vérifie toutes les sources, sans construire le site
    guide check --format json
    guide schema [-o F]    écrit le schéma JSON des fiches
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from .problems import ValidationFailed
from .project import find_project, load_project
from .schema import fiche_json_schema_text


class _FrenchParser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("add_help", False)
        super().__init__(*args, **kwargs)
        self.add_argument("-h", "--help", action="help", help="affiche cette aide et quitte")

    def format_usage(self):
        return super().format_usage().replace("usage:", "utilisation :")

    def format_help(self):
        return (
            super().format_help()
            .replace("usage:", "utilisation :")
            .replace("options:", "options :")
            .replace("positional arguments:", "arguments :")
        )

    def error(self, message):
        self.print_usage(sys.stderr)
        self.exit(2, f"guide : erreur : {message}\n")


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

    schema = commands.add_parser("schema", help="écrit le schéma JSON des fiches (pour les éditeurs)",
                                 description="Écrit le schéma JSON des fiches, généré depuis le modèle et les vocabulaires du guide.")
    schema.add_argument("-o", "--sortie", type=Path, default=None, metavar="FICHIER",
                        help="fichier à écrire ; par défaut, la sortie standard")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        root = args.projet.resolve() if args.projet else find_project(Path.cwd())
        project = load_project(root)
        if args.command == "check":
            return _check(project, args.format)
        if args.command == "schema":
            return _schema(project, args.sortie)
    except ValidationFailed as failure:
        if getattr(args, "format", None) == "json":
            print(json.dumps({"ok": False, "problems": [p.as_dict() for p in failure.problems]}, ensure_ascii=False, indent=2))
        else:
            print(failure.report(), file=sys.stderr)
        return 1
    return 2  # pragma: no cover - argparse rejects unknown commands


def _check(project, output_format: str) -> int:
    guide = project.load()
    if output_format == "json":
        print(json.dumps({"ok": True, "fiches": len(guide.fiches), "themes": len(guide.themes), "problems": []}, ensure_ascii=False, indent=2))
    else:
        print(f"Tout est correct : {len(guide.fiches)} fiches, {len(guide.themes)} thèmes, {len(guide.pilots)} pilotes.")
    return 0


def _schema(project, output: Path | None) -> int:
    text = fiche_json_schema_text(project.load())
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
        print(f"Schéma écrit dans {output}.", file=sys.stderr)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
