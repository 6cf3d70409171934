"""Scaling benchmark (`make bench`): build synthetic guides of 60, 600 and 3 000 fiches.

For each size it reports wall time, peak memory of the build, the weight of a fiche page
and the size of the site, as a Markdown table. Figures depend on the machine: this is a
benchmark, never a test. Targets: 3 000 fiches in 40 s or less on 2 cores; a fiche page at
3 000 fiches weighs at most 1.1 × its weight at 60.

    python tests/benchmark.py [--tailles 60 600 3000]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
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


def make_project(target: Path, count: int) -> Path:
    for name in ("docs", "macros", "overrides"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8").replace("strict: true", "strict: false")
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


def build(project: Path) -> tuple[float, float]:
    """Wall seconds and peak resident memory (MiB) of one `mkdocs build` (PDF excluded: timed apart)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GUIDE_PDF": "non"}
    start = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", "site"], cwd=project, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"la construction de {project} a échoué")
    return elapsed, usage.ru_maxrss / 1024


def pdf_time(project: Path) -> tuple[float, int, int]:
    """Seconds to lay out and write the guide's PDF from an already built site, pages, bytes."""
    from guide_nr.postbuild import printing
    from guide_nr.sources.project import load_project

    guide = load_project(project).load()
    document = printing.documents(guide, title="Guide", version=guide.settings.version, licence="")[0]
    result = printing.write_pdf(project / "site", document)  # the build wrote its print page
    return result.seconds, result.pages, result.path.stat().st_size


def site_bytes(site: Path) -> int:
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file())


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Banc d’essai de montée en charge du guide.")
    parser.add_argument("--tailles", type=int, nargs="+", default=[60, 600, 3000], help="nombres de fiches (défaut : 60 600 3000)")
    args = parser.parse_args(argv)
    rows = []
    with tempfile.TemporaryDirectory(prefix="guide-bench-") as tmp:
        for count in args.tailles:
            print(f"… {count} fiches : génération puis construction", file=sys.stderr, flush=True)
            project = make_project(Path(tmp) / f"guide-{count}", count)
            seconds, memory = build(project)
            site = project / "site"
            fiche = measure_page(site, "fiches/a.1/index.html")
            rows.append((count, seconds, memory, fiche.bytes, fiche.dom, site_bytes(site)))
            shutil.rmtree(project)
        print("… le guide réel (59 fiches) : construction puis PDF", file=sys.stderr, flush=True)
        real = Path(tmp) / "guide-reel"
        for name in ("docs", "macros", "overrides", "fiches"):
            shutil.copytree(REPO / name, real / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        shutil.copy2(REPO / "mkdocs.yml", real / "mkdocs.yml")
        build(real)
        pdf_seconds, pdf_pages, pdf_size = pdf_time(real)
    base_weight = rows[0][3]
    cores = os.cpu_count()
    print(f"Machine : {platform.machine()}, {cores} cœurs, Python {platform.python_version()}, {platform.system()}\n")
    print("| Fiches | Construction | Mémoire max | Page de fiche (gzip) | DOM de la fiche | Taille du site |")
    print("|---:|---:|---:|---:|---:|---:|")
    for count, seconds, memory, weight, dom, size in rows:
        print(f"| {count} | {seconds:.1f} s | {memory:.0f} Mio | {weight / 1000:.1f} Ko ({weight / base_weight:.2f} ×) | {dom} | {size / 1e6:.1f} Mo |")
    largest = rows[-1]
    print()
    if largest[0] >= 3000:
        print(f"Objectif 3 000 fiches ≤ 40 s : {'atteint' if largest[1] <= 40 else 'MANQUÉ'} ({largest[1]:.1f} s).")
    print(f"Objectif poids de fiche ≤ 1,1 × : {'atteint' if largest[3] <= 1.1 * base_weight else 'MANQUÉ'} ({largest[3] / base_weight:.2f} ×).")
    print(f"PDF du guide (59 fiches) : {pdf_pages} pages, {pdf_size / 1e6:.2f} Mo, généré en {pdf_seconds:.1f} s "
          f"(objectifs ≤ 1,5 Mo : {'atteint' if pdf_size <= 1_500_000 else 'MANQUÉ'} ; ≤ 30 s : {'atteint' if pdf_seconds <= 30 else 'MANQUÉ'}).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
