"""The site generator is an adapter: the same guide, built with ProperDocs, is the same site."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import REPO, guide_build

GENERATOR_TAG = re.compile(r'<meta name="generator" content="[^"]*">')


def _html_files(site: Path) -> dict[str, str]:
    return {p.relative_to(site).as_posix(): GENERATOR_TAG.sub("", p.read_text(encoding="utf-8")) for p in site.rglob("*.html")}


def test_properdocs_builds_the_same_site_and_runs_every_post_build_step(built_site, tmp_path):
    out = tmp_path / "site"
    result = guide_build(REPO, "--site-dir", str(out), "--generateur", "properdocs")
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Sorties vérifiées" in result.stderr and "Écoconception" in result.stderr
    ours, reference = _html_files(out), _html_files(built_site)
    assert sorted(ours) == sorted(reference)
    # The statement page measures the final pages: the session build's hold one more element,
    # the PDF link, so its figures differ; what surrounds them may not.
    statement = "ecoconception/index.html"
    figures = re.compile(r'<div id="mesures-ecoconception">.*?</p></div>', re.S)  # the block ends with a paragraph
    assert figures.search(ours[statement]) and figures.search(reference[statement])
    ours[statement], reference[statement] = figures.sub("", ours[statement]), figures.sub("", reference[statement])
    differing = [path for path in reference if ours[path] != reference[path]]
    # Only the PDF links differ: this build has no PDF, the session build has one.
    assert all("PDF" in reference[path] for path in differing), differing
    for path in differing:
        strip = re.compile(r"<a [^>]*data-taille-pdf[^>]*>[^<]*</a>|PDF non généré en prévisualisation")
        assert strip.sub("", ours[path]) == strip.sub("", reference[path]), path
    assert 'content="mkdocs-ProperDocs' in (out / "index.html").read_text(encoding="utf-8")


def test_an_unknown_generator_is_refused_in_french(site_project):
    result = guide_build(site_project, "--generateur", "hugo")
    assert result.returncode != 0
    assert "invalid choice" not in result.stderr and "hugo" in result.stderr and "Traceback" not in result.stderr
