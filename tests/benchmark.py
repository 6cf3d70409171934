"""Scaling benchmark (`make bench`): build synthetic guides of 60, 600 and 3 000 fiches.

For each size it reports the wall time and peak memory of `guide build --sans-pdf`, the time
of each post-build step, the weight of a fiche page and the size of the site, as Markdown
tables; then the real guide's PDF. With ``--reference REF`` it also builds the same synthetic
guides with the code of an earlier commit (``mkdocs build``, as it was then), in the same run,
so old and new are compared on the same machine under the same load. Figures depend on the
machine: this is a benchmark, never a test (CI runs it once on 60 fiches, as a smoke test).

    python tests/benchmark.py [--tailles 60 600 3000] [--reference a415683] [--sans-pdf]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "macros"))

from guide_nr.postbuild.ecodesign import measure_page  # noqa: E402

WORDS = (
    "équipement parc réemploi sobriété donnée serveur usage achat durée vie réparation indicateur "
    "pilote consommation énergie impression messagerie hébergement fournisseur formation référent "
    "plan action mesure empreinte fabrication collecte recyclage écoconception service utilisateur"
).split()


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def synthetic_fiche(rng, theme: str, number: int, pilots: list[str], per_theme: int) -> dict:
    paragraphs = [" ".join(sentence(rng, 14) for _ in range(4)) for _ in range(3)]
    related = sorted({f"{theme}.{rng.randint(1, per_theme)}" for _ in range(2)} - {f"{theme}.{number}"})
    return {
        "id": f"{theme}.{number}",
        "theme": theme,
        "title": sentence(rng, 7)[:-1],
        "summary": sentence(rng, 18),
        "priority": rng.choice(["Prioritaire", "Recommandée", "Aller plus loin"]),
        "difficulty": rng.choice(["Facile", "Moyenne", "Difficile"]),
        "pilots": rng.sample(pilots, 2),
        "indicators": [sentence(rng, 8) for _ in range(2)],
        "updated": "2024-01-15",
        "body": f"{paragraphs[0]}\n\n## Pourquoi agir\n\n{paragraphs[1]}\n\n## Par où commencer\n\n{paragraphs[2]}\n",
        "feedback": [{"organisation": "Organisation fictive du banc d’essai", "text": sentence(rng, 20)}],
        "references": [{"title": "Ressource de test", "url": "https://example.org/ressource"}],
        "related": related,
    }


def make_project(target: Path, count: int, code: Path = REPO) -> Path:
    """A synthetic guide of ``count`` fiches, with the docs, templates and config of ``code``."""
    for name in ("docs", "macros", "overrides"):
        shutil.copytree(code / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    config = (code / "mkdocs.yml").read_text(encoding="utf-8").replace("strict: true", "strict: false")
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    fiches = target / "fiches"
    fiches.mkdir()
    for name in ("_themes.yml", "_pilots.yml"):
        shutil.copy2(REPO / "fiches" / name, fiches / name)
    themes = [t["id"] for t in yaml.safe_load((fiches / "_themes.yml").read_text(encoding="utf-8"))]
    pilots = [p["label"] for p in yaml.safe_load((fiches / "_pilots.yml").read_text(encoding="utf-8"))]
    rng = random.Random(count)
    per_theme = -(-count // len(themes))
    written = 0
    for theme in themes:
        for number in range(1, per_theme + 1):
            if written == count:
                break
            data = synthetic_fiche(rng, theme, number, pilots, min(per_theme, count - per_theme * themes.index(theme)))
            (fiches / f"{data['id']}.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
            written += 1
    return target


STEP_LINE = re.compile(r"^\s*([0-9.]+) s  (.+)$")


def _run(command: list[str], project: Path, env: dict) -> tuple[float, float, str]:
    start = time.monotonic()
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command, cwd=project, env=env, stderr=log, stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.monotonic() - start
        log.seek(0)
        output = log.read()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"la construction de {project} a échoué :\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss / 1024, output


def build(project: Path, pdf: bool = False) -> tuple[float, float, dict[str, float]]:
    """Wall seconds, peak resident memory (MiB) and per-step seconds of one `guide build`."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    command = [sys.executable, "-m", "guide_nr.cli", "--projet", str(project), "build", "-d", str(project / "site"), "--etapes",
               *([] if pdf else ["--sans-pdf"])]
    seconds, memory, output = _run(command, project, env)
    steps = {m.group(2): float(m.group(1)) for line in output.splitlines() if (m := STEP_LINE.match(line))}
    return seconds, memory, steps


def build_reference(project: Path, code: Path) -> tuple[float, float]:
    """The same build with an earlier commit's code (``code``: its checkout): `mkdocs build` then."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_PDF": "non", "PYTHONPATH": str(code / "macros")}
    seconds, memory, _ = _run([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], project, env)
    return seconds, memory


def pdf_time(project: Path) -> tuple[float, int, int]:
    """Seconds to lay out and write the guide's PDF from an already built site, pages, bytes."""
    from guide_nr.postbuild import printing
    from guide_nr.sources.project import load_project

    guide = load_project(project).load()
    document = printing.documents(guide, title="Guide", version=guide.settings.version, licence="")[0]
    result = printing.write_pdf(project / "site", document)  # the build wrote its print page
    return result.seconds, result.pages, result.path.stat().st_size


def reference_checkout(ref: str, folder: Path) -> Path:
    subprocess.run(["git", "-C", str(REPO), "worktree", "add", "-q", "--detach", str(folder), ref], check=True)
    return folder


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Banc d’essai de montée en charge du guide.")
    parser.add_argument("--tailles", type=int, nargs="+", default=[60, 600, 3000], help="nombres de fiches (défaut : 60 600 3000)")
    parser.add_argument("--reference", metavar="COMMIT", help="construit aussi avec le code de ce commit, dans le même passage")
    parser.add_argument("--sans-pdf", dest="pdf", action="store_false", help="ne mesure pas le PDF du guide réel")
    args = parser.parse_args(argv)
    rows, references, step_rows = [], {}, []
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        old_code = reference_checkout(args.reference, Path(tmp) / "reference") if args.reference else None
        try:
            for count in args.tailles:
                print(f"… {count} fiches : génération puis construction", file=sys.stderr, flush=True)
                project = make_project(Path(tmp) / f"guide-{count}", count)
                seconds, memory, steps = build(project)
                site = project / "site"
                fiche = measure_page(site, "fiches/a.1/index.html")
                pages = sum(1 for _ in site.rglob("*.html"))
                rows.append((count, seconds, memory, fiche.bytes, fiche.dom, site_bytes(site), pages))
                step_rows.append((count, steps))
                shutil.rmtree(project)
                if old_code is not None:
                    print(f"… {count} fiches : construction avec le code de {args.reference}", file=sys.stderr, flush=True)
                    project = make_project(Path(tmp) / f"ancien-{count}", count, code=old_code)
                    references[count] = build_reference(project, old_code)
                    shutil.rmtree(project)
            if args.pdf:
                print("… le guide réel (59 fiches) : construction puis PDF", file=sys.stderr, flush=True)
                real = Path(tmp) / "guide-reel"
                for name in ("docs", "macros", "overrides", "fiches"):
                    shutil.copytree(REPO / name, real / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
                shutil.copy2(REPO / "mkdocs.yml", real / "mkdocs.yml")
                build(real)
                pdf_seconds, pdf_pages, pdf_size = pdf_time(real)
        finally:
            if old_code is not None:
                subprocess.run(["git", "-C", str(REPO), "worktree", "remove", "--force", str(old_code)], check=False)
    base_weight = rows[0][3]
    print(f"Machine : {platform.machine()}, {os.cpu_count()} cœurs, Python {platform.python_version()}, {platform.system()}, "
          f"le {time.strftime('%Y-%m-%d')}\n")
    print("| Fiches | Construction (sans PDF) | Mémoire max | Par fiche | Page de fiche (gzip) | DOM de la fiche | Pages | Taille du site |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for count, seconds, memory, weight, dom, size, pages in rows:
        print(f"| {count} | {seconds:.1f} s | {memory:.0f} Mio | {1000 * seconds / count:.1f} ms | "
              f"{weight / 1000:.1f} Ko ({weight / base_weight:.2f} ×) | {dom} | {pages} | {size / 1e6:.1f} Mo |")
    if references:
        print(f"\nMême passage, code de {args.reference} (`mkdocs build`) :\n")
        print("| Fiches | Avant | Maintenant | Rapport | Mémoire avant | Mémoire maintenant |")
        print("|---:|---:|---:|---:|---:|---:|")
        for count, seconds, memory, *_ in rows:
            old_seconds, old_memory = references[count]
            print(f"| {count} | {old_seconds:.1f} s | {seconds:.1f} s | {seconds / old_seconds:.2f} × | {old_memory:.0f} Mio | {memory:.0f} Mio |")
    names = list(dict.fromkeys(name for _, steps in step_rows for name in steps))
    print("\nÉtapes de la construction (secondes ; après le générateur, chaque page HTML est lue une fois, à « lecture des pages ») :\n")
    print("| Étape | " + " | ".join(f"{count} fiches" for count, _ in step_rows) + " |")
    print("|---|" + "---:|" * len(step_rows))
    for name in names:
        print(f"| {name} | " + " | ".join(f"{steps.get(name, 0):.2f}" for _, steps in step_rows) + " |")
    print()
    by_count = {row[0]: row for row in rows}
    if 600 in by_count and 3000 in by_count:
        ratio = by_count[3000][1] / by_count[600][1]
        print(f"Linéarité de 600 à 3 000 fiches : {ratio:.2f} × le temps pour 5 × les fiches.")
    if 3000 in by_count and 3000 in references:
        print(f"Objectif 3 000 fiches ≤ 0,6 × l’ancien code : {'atteint' if by_count[3000][1] <= 0.6 * references[3000][0] else 'MANQUÉ'} "
              f"({by_count[3000][1] / references[3000][0]:.2f} ×) ; mémoire ≤ l’ancienne : "
              f"{'atteint' if by_count[3000][2] <= references[3000][1] else 'MANQUÉ'}.")
    largest = rows[-1]
    print(f"Objectif poids de fiche ≤ 1,1 × : {'atteint' if largest[3] <= 1.1 * base_weight else 'MANQUÉ'} ({largest[3] / base_weight:.2f} ×).")
    if args.pdf:
        print(f"PDF du guide (59 fiches) : {pdf_pages} pages, {pdf_size / 1e6:.2f} Mo, généré en {pdf_seconds:.1f} s "
              f"(objectifs ≤ 0,7 Mo : {'atteint' if pdf_size <= 700_000 else 'MANQUÉ'} ; ≤ 30 s : {'atteint' if pdf_seconds <= 30 else 'MANQUÉ'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
