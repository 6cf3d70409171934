"""Whole pages pass the sanitizer once assembled, macros run sandboxed, and a refused build
keeps the previous site: what only the assembly of several files can make is still caught."""

from __future__ import annotations

import re
import shutil

import pytest
import yaml

from conftest import REPO, guide_build

PWN = "window.__pwned=1"


def _fork(site_project):
    shutil.copytree(REPO / "exemples/organisation-fictive", site_project / "organisation")
    return site_project


def test_markup_made_by_a_macro_in_an_organisation_page_stops_the_build(site_project):
    """The page's text has no tag (the load-time check passes); the macro assembles one at
    build time. The assembled page is sanitized and the build stops, keeping the previous site."""
    root = _fork(site_project)
    first = guide_build(root, "-d", "site")
    assert first.returncode == 0, first.stderr
    before = (root / "site/demarche/gouvernance/index.html").read_bytes()
    page = root / "organisation/pages/gouvernance.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ "<scr" ~ "ipt>' + PWN + '</scr" ~ "ipt>" }}\n', encoding="utf-8")

    result = guide_build(root, "-d", "site")
    assert result.returncode != 0
    assert "page « demarche/gouvernance.md » (sources : organisation) : une fois assemblée, elle contient ce que le filtre HTML refuse :" \
        in result.stderr
    assert "balise HTML <script> refusée" in result.stderr and "Traceback" not in result.stderr
    assert (root / "site/demarche/gouvernance/index.html").read_bytes() == before


def test_a_text_repeating_an_id_of_the_page_stops_the_build(site_project):
    fiche = yaml.safe_load((site_project / "fiches/a.1.yml").read_text(encoding="utf-8"))
    fiche["body"] += "\n## Sommaire {#contenu}\n\nTexte.\n"
    (site_project / "fiches/a.1.yml").write_text(yaml.safe_dump(fiche, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    assert "fiches/a.1/index.html : identifiant « contenu » en double" in result.stderr


def test_a_maintainers_page_passes_the_same_sanitizer(site_project):
    page = site_project / "docs/ressources.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n<p style="position:fixed;inset:0">Bandeau</p>\n', encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    assert "page « ressources.md » (sources : ressources.md)" in result.stderr and "« style » refusé" in result.stderr
    assert not (site_project / "site").exists()


@pytest.mark.parametrize("template", [
    "{{ config.hooks['macros/hooks/print_version.py'].os.system('id') }}",
    "{{ page.file.abs_src_path }}",
    "{{ context() }}",
    "{{ macros_info() }}",
    "{{ fiche_list.__globals__ }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{% macro m() %}x{% endmacro %}{{ m.__call__.__globals__ }}",
    '{% include "index.md" %}',
])
def test_a_page_reaches_nothing_but_the_macros(site_project, template):
    page = site_project / "docs/a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{template}\n", encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    line = len((REPO / "docs/a-propos.md").read_text(encoding="utf-8").splitlines()) + 2  # the line the template was added at
    assert f"page « docs/a-propos.md », ligne {line} : " in result.stderr
    assert re.search(r"erreur dans un appel de macro : nom ou attribut refusé|nom « \w+ » inconnu|« \{% include %\} » refusé", result.stderr)
    assert "Traceback" not in result.stderr and "unsafe" not in result.stderr and "undefined" not in result.stderr
    assert not (site_project / "site").exists()


@pytest.mark.parametrize("template, message", [
    ("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}", "plus de 10 s à s’afficher"),
    ('{{ "a" * 100000000 }}', "résultat trop grand"),
    ('{{ "a".ljust(200000000) }}', "nom ou attribut refusé"),
    ('{{ "a"|center(100000000) }}', "gabarit invalide : filtre « center » refusé."),
    ("{{ fiche_list(bogus=1) }}", "argument « bogus » inconnu"),
])
def test_a_page_cannot_exhaust_the_build(site_project, template, message):
    page = site_project / "docs/a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + f"\n{template}\n", encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    assert message in result.stderr and "Traceback" not in result.stderr


def test_an_organisation_page_cannot_build_free_classes_with_a_macro(site_project):
    root = _fork(site_project)
    page = root / "organisation/pages/gouvernance.md"
    page.write_text(page.read_text(encoding="utf-8") + '\n{{ matrix(theme="a") }}\n\n'
                    '{{ "<div cla" ~ "ss=\'md-sidebar md-header\' markdown=\'1\'>" }}\n## Faux menu\n{{ "</div>" }}\n', encoding="utf-8")
    result = guide_build(root, "-d", "site")
    assert result.returncode != 0
    assert "page « demarche/gouvernance.md »" in result.stderr and "classe « md-header » refusée" in result.stderr
    assert "matrice" not in result.stderr  # the macro's own table is accepted


def test_macros_still_render_the_guide_pages(site_project):
    page = site_project / "docs/a-propos.md"
    page.write_text(page.read_text(encoding="utf-8") + "\nCe guide compte {{ fiche_count() }} fiches ({{ 'abc'.upper() }}).\n",
                    encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 0, result.stderr
    count = len(list((site_project / "fiches").glob("[a-z]*.yml")))
    assert f"Ce guide compte {count} fiches (ABC)." in (site_project / "site/a-propos/index.html").read_text(encoding="utf-8")
