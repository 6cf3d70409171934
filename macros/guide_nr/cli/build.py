"""``guide build``: the whole pipeline (guide_nr.pipeline), with MkDocs-style log lines."""

from __future__ import annotations

import argparse
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from guide_nr.problems import ValidationFailed

LOGGERS = ("guide_nr", "mkdocs", "properdocs")


class _Lines(logging.Formatter):
    LEVELS = {"DEBUG": "DEBUG", "INFO": "INFO", "WARNING": "ATTENTION", "ERROR": "ERREUR", "CRITICAL": "ERREUR"}

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.LEVELS.get(record.levelname, record.levelname):<9} -  {record.getMessage()}"


def _logging(verbose: bool) -> None:
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Lines())
    for name in LOGGERS:
        logger = logging.getLogger(name)
        logger.handlers = [h for h in logger.handlers if not getattr(h, "_guide_cli", False)]
        handler._guide_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG if verbose else logging.INFO)
        logger.propagate = False
    logging.getLogger("mkdocs.plugins.mkdocs_macros").setLevel(logging.DEBUG if verbose else logging.WARNING)  # its INFO lines are noise here


def add_parser(commands: Any) -> None:  # argparse's private _SubParsersAction
    build = commands.add_parser(
        "build", help="construit le site publié (validation, pages, site, PDF, mesures, index, contrôle, publication)",
        description="Construit le guide dans site/ (ou -d DOSSIER). Les sources sont vérifiées d’abord ; le site n’est "
                    "remplacé qu’à la fin d’une construction réussie : en cas d’échec, le site précédent est conservé.",
    )
    build.add_argument("--strict", action="store_true", help="le moindre avertissement fait échouer la construction (publication) ; « strict: true » dans mkdocs.yml le demande aussi")
    build.add_argument("-d", "--site-dir", dest="site_dir", type=Path, default=None, metavar="DOSSIER",
                       help="dossier du site construit ; par défaut, site/ dans le projet")
    build.add_argument("--sans-pdf", dest="pdf", action="store_false", help="ne produit pas les PDF (plus rapide ; les liens le disent)")
    build.add_argument("--generateur", choices=["mkdocs", "properdocs"], default=os.environ.get("GUIDE_GENERATEUR", "mkdocs"),
                       help="générateur de site : mkdocs (par défaut) ou properdocs (continuation de MkDocs 1.x)")
    build.add_argument("--etapes", action="store_true", help="affiche la durée de chaque étape après la construction")
    build.add_argument("-v", "--verbeux", action="store_true", help="affiche aussi les messages de détail du générateur")


class _Stopped(BaseException):
    """A termination signal (CI timeout, closed terminal): the build unwinds and cleans up."""


def _stop(signum: int, _frame: object) -> None:
    raise _Stopped(signal.Signals(signum).name)


def run(root: Path, args: argparse.Namespace) -> int:
    from guide_nr.pipeline import BuildFailed, build

    _logging(args.verbeux)
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), _stop)
    start = time.perf_counter()
    try:
        report = build(root, site_dir=args.site_dir, strict=args.strict, pdf=args.pdf, generator=args.generateur)
    except ValidationFailed as failure:
        print(failure.report(), file=sys.stderr)  # ends with « rien n’a été écrit »: the previous site is untouched
        return 1
    except BuildFailed as failure:
        print(f"ERREUR    -  {failure}\nLe site précédent est conservé.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("Construction interrompue ; le site précédent est conservé.", file=sys.stderr)
        return 130
    except _Stopped as stopped:
        print(f"Construction interrompue ({stopped}) ; le site précédent est conservé.", file=sys.stderr)
        return 128 + int(getattr(signal, str(stopped)))
    except Exception as error:  # a bug of the tool, not of the sources: say so, keep the site
        if os.environ.get("GUIDE_DEBUG"):
            traceback.print_exc()
        print(f"ERREUR    -  erreur inattendue de l’outil ({type(error).__name__} : {error}). Le site précédent est conservé. "
              "Relancez avec GUIDE_DEBUG=1 pour le détail technique, et signalez-le.", file=sys.stderr)
        return 1
    seconds = time.perf_counter() - start
    print(f"INFO      -  Site construit dans {report.site} : {report.pages} pages en {seconds:.1f} s.", file=sys.stderr)
    if args.etapes:
        for name, duration in report.timings:
            print(f"{duration:8.2f} s  {name}", file=sys.stderr)
    return 0
