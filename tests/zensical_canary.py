"""Zensical canary (`make sonde-zensical`): how far is the guide from building with Zensical?

Not a test: a report, run by CI after the suite and never failing it. Zensical (the
successor announced by Material's authors) reads ``mkdocs.yml`` but ignores ``hooks:``; the
engine does not need them, so the canary gives Zensical the same staged docs tree as
``guide build`` (generated pages included), builds it in Zensical's own virtualenv, runs the
output guard on the result and compares it with the site ``guide build`` makes.

    python tests/zensical_canary.py [ZENSICAL_EXECUTABLE]
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _config(root: Path, config: dict, nav) -> dict:
    out = {key: value for key, value in config.items() if key not in ("hooks", "site_url")}
    out.update(docs_dir="docs", site_dir="site")
    theme = dict(out.get("theme") or {})
    theme["custom_dir"] = str(root / (theme.get("custom_dir") or "overrides"))
    out["theme"] = theme
    if nav is not None:
        out["nav"] = nav
    return out


def main(argv: list[str]) -> int:
    from guide_nr.pages.site import generator_settings, site_files
    from guide_nr.pipeline import build, stage_docs
    from guide_nr.postbuild.html import SitePages
    from guide_nr.postbuild.inert import inert_faults
    from guide_nr.postbuild.outputs import check_outputs
    from guide_nr.sources.project import load_project, read_config

    zensical = str(Path(argv[1]).resolve()) if len(argv) > 1 else shutil.which("zensical")
    print("# Sonde Zensical (non bloquante)\n")
    if not zensical or not Path(zensical).exists():
        print("Zensical n’est pas installé : rien à comparer.")
        return 0
    version = subprocess.run([zensical, "--version"], capture_output=True, text=True).stdout.strip()
    guide = load_project(REPO).load()
    config = read_config(REPO)
    with tempfile.TemporaryDirectory(prefix="sonde-zensical-") as folder:
        work = Path(folder)
        start = time.perf_counter()
        build(REPO, site_dir=work / "reference", pdf=False)
        reference_seconds = time.perf_counter() - start
        stage_docs(REPO / (config.get("docs_dir") or "docs"), site_files(guide), work / "docs")
        for name in ("fiches", "organisation"):  # the macros of docs/ pages read the guide from the project folder
            if (REPO / name).is_dir():
                shutil.copytree(REPO / name, work / name)
        settings = generator_settings(guide, config.get("nav"))
        (work / "mkdocs.yml").write_text(yaml.safe_dump(_config(REPO, config, settings.get("nav", config.get("nav"))),
                                                        allow_unicode=True, sort_keys=False), encoding="utf-8")
        start = time.perf_counter()
        result = subprocess.run([zensical, "build", "-f", str(work / "mkdocs.yml")], cwd=work, capture_output=True, text=True, timeout=900)
        seconds = time.perf_counter() - start
        print(f"- {version or 'zensical'} : code de sortie {result.returncode} en {seconds:.1f} s "
              f"(guide build sans PDF : {reference_seconds:.1f} s).")
        site = work / "site"
        if result.returncode != 0 or not site.is_dir():
            print("- Échec de la construction ; fin de la sortie :\n\n```\n" + (result.stderr or result.stdout)[-2000:] + "\n```")
            return 0
        ours = {p.relative_to(site).as_posix() for p in site.rglob("*.html")}
        reference = {p.relative_to(work / "reference").as_posix() for p in (work / "reference").rglob("*.html")}
        missing, extra = sorted(reference - ours), sorted(ours - reference)
        print(f"- Pages HTML : {len(ours)} (guide build : {len(reference)}) ; absentes : {len(missing)} "
              f"{missing[:8]} ; en plus : {len(extra)} {extra[:8]}.")
        pages = SitePages(site)
        faults = check_outputs(site, guide, None)  # the guard reads the pages itself (notes=None)
        print(f"- Contrôle des sorties (toutes les fiches partout) : {len(faults)} écart(s).")
        for fault in faults[:12]:
            print(f"  - {fault}")
        unsafe = inert_faults(site, [], ((p.path, p.text) for p in pages))
        print(f"- Contrôle d’inertie (scripts, styles, adresses) : {len(unsafe)} écart(s) ; "
              f"premiers : {[u.split(' : ', 1)[1][:70] for u in unsafe[:3]]}.")
        print("- Les étapes après construction (feuille de style unique, version imprimable, mesures, index de "
              "recherche) ne sont pas jouées par Zensical : `guide build` les joue après le générateur.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
