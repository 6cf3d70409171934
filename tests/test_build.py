"""A real `guide build --strict`: the pages readers get, and the guarantees around failures."""

import datetime
import gzip
import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, fiche_yaml, guide_build, mkdocs_build
from guide_nr.model.fiche import FEEDBACK_NATURES
from guide_nr.model.release import fiche_release
from guide_nr.sources.project import load_project
from guide_nr.text import french_date


def html(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# -- the repository's own guide ---------------------------------------------------


def test_fiche_page_shows_every_part_of_the_fiche(built_site):
    page = html(built_site / "fiches" / "f.8" / "index.html")
    article = page.select_one("article")
    assert article.h1.get_text() == "Réduire la consommation énergétique du numérique"
    assert page.title.get_text().startswith("f.8 Réduire la consommation énergétique du numérique")
    assert page.find("meta", attrs={"name": "description"})["content"].startswith("Éteindre les équipements inutilisés")
    facts = {dt.get_text(): dt.find_next_sibling("dd") for dt in article.select(".fiche-faits dt")}
    assert list(facts) == ["Fiche", "Thème", "Priorité", "Difficulté", "Pilotes", "Révision"]
    assert facts["Priorité"].get_text() == "Recommandée"
    assert facts["Priorité"].a["href"] == "../../priorites/recommandee/"
    assert facts["Difficulté"].get_text() == "Facile"
    assert [a["href"] for a in facts["Pilotes"].select("a")][0] == "../../pilotes/direction-generale/"
    assert facts["Thème"].a["href"] == "../../themes/f/"
    assert (built_site / "themes" / "f" / "index.html").is_file()
    fiche = load_project(REPO).load().fiche("f.8")
    loaded = load_project(REPO).load()
    release = fiche_release(loaded.as_released(fiche), loaded.releases)  # a fork's hiding is not a change
    assert facts["Révision"].time["datetime"] == fiche.revision.isoformat()
    revision = " ".join(facts["Révision"].get_text().split())
    if release is None:  # changed since the last release: said so, never dated by a release it is not in
        assert "pas encore publié" in revision, revision
    else:
        assert f"publié dans la version {release.version} du guide ({french_date(datetime.date.fromisoformat(release.date))})" in revision
    assert revision.endswith(f"faits à jour au {french_date(fiche.updated)}") or fiche.revised is None, revision
    assert "Délégué au numérique responsable" in facts["Pilotes"].get_text()
    indicators = article.find(id="indicateurs").find_next_sibling("ul").get_text()
    assert "MWh économisés" in indicators
    if fiche.feedback:
        first = fiche.feedback[0]
        feedback = article.find(id="retours-experience").find_next_sibling("h3")
        assert feedback.get_text().startswith(first.organisation.replace("'", "’"))
        source = article.select_one("p.source").get_text()
        assert source.startswith(FEEDBACK_NATURES[first.nature]) and first.source.title.split()[0] in source
    else:
        assert article.find(id="retours-experience") is None
    assert article.find(id="references") is not None
    related = [a["href"] for a in article.find(id="fiches-liees").find_next_sibling("ul").select("a")]
    assert related == [f"../{i}/" for i in fiche.related]  # as loaded: a fork drops the links to fiches it hides
    assert "Fiche précédente" in article.find(id="dans-le-theme").find_next_sibling("ul").get_text()


def test_fiche_urls_depend_on_the_id_only(built_site):
    from conftest import REPO

    loaded = load_project(REPO).load()  # published fiches and retired ids: a fork hides and adds its own
    ids = sorted([f.id for f in loaded.fiches] + [r.id for r in loaded.retired])
    assert sorted(p.name for p in (built_site / "fiches").iterdir()) == ids


def test_theme_page_lists_its_fiches(built_site):
    page = html(built_site / "themes" / "f" / "index.html")
    assert page.select_one("article h1").get_text() == "Phase d’usage, administration et paramétrages"
    links = [a["href"] for a in page.select("article li a") if not a.find_parent(class_="fil-ariane")]
    assert links == [f"../../fiches/f.{n}/" for n in range(1, 9)]
    assert [a["href"] for a in page.select(".fil-ariane a")] == ["../../", "../../themes/"]  # home, themes


def test_home_page_macros_list_themes_and_counts(built_site):
    guide = load_project(REPO).load()  # published fiches: a fork hides fiches and themes, and adds its own
    page = html(built_site / "index.html")
    text = page.select_one("article").get_text()
    assert f"Ce guide rassemble {len(guide.fiches)} bonnes pratiques" in text
    theme = guide.themes[0]
    count = len(guide.select(theme=theme.id))
    assert f"{theme.title} — {count} fiche{'s' if count > 1 else ''}" in text
    assert page.select_one(f'article a[href="themes/{theme.id}/"]') is not None


def test_fiche_pages_stay_out_of_the_navigation_and_no_search_is_shipped(built_site):
    home = html(built_site / "index.html")
    nav_links = [a.get("href") for a in home.select("nav a")]
    assert not any("fiches/" in (href or "") for href in nav_links)
    assert not (built_site / "search" / "search_index.json").exists()
    for page in built_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, page
        assert 'name="search"' not in text, page


def test_json_schema_is_published(built_site):
    schema = json.loads((built_site / "schema" / "fiche.schema.json").read_text(encoding="utf-8"))
    assert "priority" in schema["properties"]


# -- fiche text is data -----------------------------------------------------------


def test_template_syntax_in_a_fiche_is_shown_literally(site_project):
    body = "## Pourquoi agir\n\nValeur : {{ config }} et {% include 'x.html' %} et {{ 7*7 }}.\n"
    (site_project / "fiches" / "a.1.yml").write_text(
        fiche_yaml(body=body, title="Titre {{ config.site_name }}", pilots=["Direction générale"]), encoding="utf-8"
    )
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 0, result.stderr
    page = html(site_project / "site" / "fiches" / "a.1" / "index.html")
    text = page.select_one("article").get_text()
    assert "{{ config }} et {% include 'x.html' %} et {{ 7*7 }}" in text
    assert page.select_one("article h1").get_text() == "Titre {{ config.site_name }}"
    assert "49" not in text


def test_script_in_a_fiche_fails_the_build_without_traceback(site_project):
    (site_project / "fiches" / "a.1.yml").write_text(fiche_yaml(body="Texte.\n\n<script>alert(1)</script>\n"), encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    assert "fiches/a.1.yml:15 · champ « body » : balise HTML <script> refusée" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (site_project / "site").exists()


def test_a_broken_fiche_reports_every_problem_and_exits_non_zero(site_project):
    (site_project / "fiches" / "a.1.yml").write_text(
        fiche_yaml(priority="Recomandée", pilots=["Direction generale"]).replace("difficulty:", "dificulty:"), encoding="utf-8"
    )
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 1
    assert "4 problèmes dans les sources du guide" in result.stderr
    for expected in [
        "fiches/a.1.yml:5 · champ « priority » : valeur « Recomandée » non autorisée. Vouliez-vous dire « Recommandée » ?",
        "fiches/a.1.yml:6 · champ « dificulty » : champ inconnu. Vouliez-vous dire « difficulty » ?",
        "fiches/a.1.yml:1 · champ « difficulty » : obligatoire, mais absent.",
        "fiches/a.1.yml:8 · champ « pilots[0] » : pilote « Direction generale » inconnu. Vouliez-vous dire « Direction générale » ?",
    ]:
        assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_search_index_holds_the_measured_ecodesign_figures(built_site):
    """The search index is built after the eco-design step: it indexes the figures, not a placeholder."""
    statement = html(built_site / "ecoconception" / "index.html").select_one("#mesures-ecoconception").get_text(" ")
    figures = re.search(r"(\d+) pages sur (\d+)", statement)
    assert figures, statement
    fragments = [gzip.decompress(f.read_bytes()).decode("utf-8") for f in (built_site / "pagefind" / "fragment").glob("*.pf_fragment")]
    indexed = next(f for f in fragments if '"url":"/ecoconception/"' in f)
    assert figures.group(0) in indexed and "ajoutées à cette page lors de la construction" not in indexed


# -- a failed build leaves site/ intact -------------------------------------------


@pytest.fixture
def previous_site(site_project):
    site = site_project / "site"
    site.mkdir()
    (site / "index.html").write_text("version publiée précédente", encoding="utf-8")
    return site


def test_validation_failure_leaves_the_previous_site_untouched(site_project, previous_site):
    (site_project / "fiches" / "f.1.yml").unlink()  # f.8 and h.5 still link to it
    result = guide_build(site_project)
    assert result.returncode == 1
    assert "fiche « f.1 » inconnue" in result.stderr
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "version publiée précédente"
    assert _leftovers(site_project) == []


def _leftovers(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir() if p.name.startswith((".site", ".guide-docs")))


def test_strict_warning_of_the_generator_stops_before_any_post_build_step(site_project, previous_site):
    (site_project / "docs" / "lien-casse.md").write_text("# Page\n\n[Lien](page-absente.md)\n", encoding="utf-8")
    result = guide_build(site_project, pdf=True)
    assert result.returncode == 1
    assert "page-absente.md" in result.stderr
    assert "PDF" not in result.stderr and "Pagefind" not in result.stderr  # no expensive step after a warning
    assert "Traceback" not in result.stderr and "Aborted" not in result.stderr
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "version publiée précédente"
    assert _leftovers(site_project) == []


def test_strict_warning_of_a_post_build_step_stops_before_the_search_index(site_project, previous_site):
    data = yaml.safe_load((site_project / "fiches" / "a.1.yml").read_text(encoding="utf-8"))
    data["body"] += "\n\n## Liste longue\n\n" + "".join(f"- point {n}\n" for n in range(150))  # > 220 elements
    (site_project / "fiches" / "a.1.yml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = guide_build(site_project)
    assert result.returncode == 1
    assert "Budget dépassé : fiches/a.1/index.html (page de fiche)" in result.stderr
    assert "construction arrêtée avant « index de recherche »" in result.stderr
    assert "Pagefind" not in result.stderr
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "version publiée précédente"
    assert _leftovers(site_project) == []


def test_plain_mkdocs_build_reaches_the_same_site(site_project, built_site):
    """`mkdocs build` (hooks) runs the same steps as `guide build`: same pages, same bytes."""
    if (REPO / "organisation").is_dir():  # in a fork, the same organisation folder
        shutil.copytree(REPO / "organisation", site_project / "organisation")
    result = mkdocs_build(site_project, "-d", "site", env={"GUIDE_PDF": "non"})
    assert result.returncode == 0, result.stderr
    assert "Sorties vérifiées" in result.stderr
    ours = sorted(p.relative_to(site_project / "site").as_posix() for p in (site_project / "site").rglob("*.html"))
    assert ours == sorted(p.relative_to(built_site).as_posix() for p in built_site.rglob("*.html"))
    strip = re.compile(r"<a [^>]*data-taille-pdf[^>]*>[^<]*</a>|PDF non généré en prévisualisation")  # no PDF here
    for path in ("fiches/a.1/index.html", "catalogue/index.html", "themes/a/index.html", "404.html"):
        mine = (site_project / "site" / path).read_text(encoding="utf-8")
        assert strip.sub("", mine) == strip.sub("", (built_site / path).read_text(encoding="utf-8")), path
    assert "pages sur" in (site_project / "site" / "ecoconception" / "index.html").read_text(encoding="utf-8")
    assert os.stat(site_project / "site").st_mode & 0o755 == 0o755  # readable by the web server


def test_successful_build_replaces_the_site(site_project, previous_site):
    result = guide_build(site_project)
    assert result.returncode == 0, result.stderr
    assert "version publiée précédente" not in (previous_site / "index.html").read_text(encoding="utf-8")
    assert (previous_site / "fiches" / "a.1" / "index.html").is_file()
    assert _leftovers(site_project) == []


# -- macros -----------------------------------------------------------------------


def test_macros_in_a_narrative_page(site_project):
    (site_project / "docs" / "essai.md").write_text(
        "# Essai\n\n{{ fiche_count(theme='f') }} fiches.\n\n{{ fiche_list(theme='f', difficulty='Facile') }}\n\n{{ fiche_link('h.5') }}\n",
        encoding="utf-8",
    )
    text = (site_project / "mkdocs.yml").read_text(encoding="utf-8").replace("  - Thèmes: themes/index.md", "  - Thèmes: themes/index.md\n  - Essai: essai.md")
    (site_project / "mkdocs.yml").write_text(text, encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode == 0, result.stderr
    from guide_nr.sources.project import load_project

    guide = load_project(site_project).load()
    article = html(site_project / "site" / "essai" / "index.html").select_one("article")
    assert f"{len(guide.select(theme='f'))} fiches." in article.get_text()
    expected = [f"../fiches/{f.id}/" for f in guide.select(theme="f", difficulty="Facile")]
    assert [a["href"] for a in article.select("li a")] == expected
    assert article.select("p a")[-1]["href"] == "../fiches/h.5/"


def test_macro_with_an_unknown_value_fails_with_a_french_message(site_project):
    (site_project / "docs" / "index.md").write_text("# Accueil\n\n{{ fiche_list(theme='z', priority='Recomandée') }}\n", encoding="utf-8")
    result = guide_build(site_project, "-d", "site")
    assert result.returncode != 0
    assert "fiche_list(theme=…) : valeur « z » inconnue." in result.stderr


# -- the site folder ---------------------------------------------------------------


@pytest.mark.parametrize("target", ["docs", ".", "fiches", "docs/sous-dossier", "overrides", "tests", "exemples", "deploy"])
def test_a_site_folder_that_would_replace_the_sources_is_refused(site_project, target):
    if not (site_project / target).exists() or target in ("tests", "exemples", "deploy"):  # any folder of the project that is not a built site
        (site_project / target).mkdir(exist_ok=True)
        (site_project / target / "a-garder.txt").write_text("à garder", encoding="utf-8")
    before = sorted(p.relative_to(site_project).as_posix() for p in site_project.rglob("*") if "__pycache__" not in p.parts)
    result = guide_build(site_project, "-d", target)
    assert result.returncode == 1 and "dossier du site refusé" in result.stderr and "Traceback" not in result.stderr
    after = sorted(p.relative_to(site_project).as_posix() for p in site_project.rglob("*") if "__pycache__" not in p.parts)
    assert after == before


def test_the_published_site_is_readable_whatever_the_umask_and_keeps_the_hosts_hidden_files(site_project, previous_site):
    (previous_site / ".git").mkdir()
    (previous_site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n", encoding="utf-8")
    (previous_site / ".nojekyll").write_text("", encoding="utf-8")
    result = guide_build(site_project, umask=0o077)
    assert result.returncode == 0, result.stderr
    assert (previous_site / ".git" / "HEAD").is_file() and (previous_site / ".nojekyll").is_file()
    modes = {p: p.stat().st_mode & 0o777 for p in [previous_site, *previous_site.rglob("*")] if ".git" not in p.parts}
    assert len(modes) > 100
    # what a web server running as another user needs: every folder o+rx, every file o+r
    assert [p for p, mode in modes.items() if p.is_dir() and mode & 0o005 != 0o005] == []
    assert [p for p, mode in modes.items() if p.is_file() and mode & 0o004 != 0o004] == []
    assert {mode for p, mode in modes.items() if p.is_dir()} == {0o755}
    assert {mode for p, mode in modes.items() if p.is_file() and p.name != ".nojekyll"} == {0o644}


def test_the_swap_sets_folders_0755_and_files_0644_whatever_their_modes(tmp_path):
    from guide_nr.postbuild.swap import SiteSwap

    swap = SiteSwap(tmp_path / "site")
    modes = {"index.html": 0o600, "prive/index.html": 0o640, "ouvert/index.html": 0o666, "script.js": 0o755, "ouvert/data.json": 0o777}
    for name, mode in modes.items():
        (swap.staging / name).parent.mkdir(exist_ok=True)
        (swap.staging / name).write_text("x", encoding="utf-8")
        os.chmod(swap.staging / name, mode)
    os.chmod(swap.staging / "prive", 0o700)
    os.chmod(swap.staging / "ouvert", 0o777)
    os.chmod(swap.staging, 0o700)  # as mkdtemp makes it
    swap.publish()
    site = tmp_path / "site"
    published = {p.relative_to(site).as_posix(): p.stat().st_mode & 0o777 for p in [site, *site.rglob("*")]}
    assert published == {".": 0o755, "prive": 0o755, "ouvert": 0o755, **{name: 0o644 for name in modes}}


def test_a_terminated_build_cleans_up_and_keeps_the_previous_site(site_project, previous_site):
    import signal
    import subprocess
    import sys
    import time

    process = subprocess.Popen([sys.executable, "-m", "guide_nr.cli", "--projet", str(site_project), "build"], cwd=site_project,
                               stderr=subprocess.PIPE, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    lines = []
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        lines.append(line)
        if "mise en page" in line or not line:  # the PDF step: the site is staged, the generator done
            break
    process.send_signal(signal.SIGTERM)
    _, rest = process.communicate(timeout=60)
    assert process.returncode == 128 + signal.SIGTERM, "".join(lines) + rest
    assert "Construction interrompue (SIGTERM) ; le site précédent est conservé." in rest and "Traceback" not in rest
    assert (previous_site / "index.html").read_text(encoding="utf-8") == "version publiée précédente"
    assert _leftovers(site_project) == []
