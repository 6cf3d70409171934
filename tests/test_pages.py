"""Page generation (engine only, no MkDocs): structure, escaping, order and neighbours."""

import yaml

from guide_nr.pages.fiche import fiche_page
from guide_nr.pages.site import all_pages
from guide_nr.pages.theme import theme_page
from guide_nr.routes import link


def front_matter(markdown):
    _, meta, rest = markdown.split("---\n", 2)
    return yaml.safe_load(meta), rest


def test_every_generated_page_disables_macros(project):
    project.fiche()
    pages = all_pages(project.load())
    paths = [p.path for p in pages]
    assert paths[:4] == ["themes/index.md", "themes/a.md", "themes/b.md", "fiches/a.1.md"]
    assert {"catalogue.md", "par-ou-commencer.md", "priorites/prioritaire.md", "pilotes/direction-generale.md"} <= set(paths)
    assert len(paths) == len(set(paths))
    for page in pages:
        meta, _ = front_matter(page.markdown)
        assert meta["render_macros"] is False


def test_fiche_page_meta_and_sections(project):
    project.fiche(name="a.2.yml", id="a.2")
    project.fiche(
        feedback=[{"organisation": "ADEME", "year": 2021, "text": "Bilan amélioré de 50 %.", "source": {"title": "ADEME", "url": "https://www.ademe.fr/"}}],
        references=[{"title": "RGESN", "url": "https://ecoresponsable.numerique.gouv.fr/"}, {"title": "Loi REEN"}],
        related=["a.2"],
    )
    guide = project.load()
    meta, text = front_matter(fiche_page(guide, guide.fiche("a.1")).markdown)
    assert meta["title"] == "a.1 Coordonner la démarche"
    assert meta["description"] == "Confier la coordination à une personne identifiée."
    assert "Thème\n:   [Stratégie et gouvernance](../themes/a.md)" in text
    assert "### ADEME (2021)" in text
    assert "- Loi REEN\n" in text
    assert "- [a\\.2 Coordonner la démarche](a.2.md)" in text
    assert "Fiche suivante\u202f: [a\\.2 Coordonner la démarche](a.2.md)" in text
    assert "Fiche précédente" not in text


def test_plain_text_fields_are_escaped(project):
    project.fiche(title="<b>*Sobriété*</b> [lien](x)", pilots=["Direction générale"])
    guide = project.load()
    _, text = front_matter(fiche_page(guide, guide.fiche("a.1")).markdown)
    assert "# &lt;b&gt;\\*Sobriété\\*&lt;/b&gt; \\[lien\\]\\(x\\)\n" in text


def test_theme_page_lists_fiches_in_number_order(project):
    for n in (10, 2, 1):
        project.fiche(name=f"a.{n}.yml", id=f"a.{n}", title=f"Fiche {n}")
    page = theme_page(project.load(), "a")
    positions = [page.markdown.index(f"(../fiches/a.{n}.md)") for n in (1, 2, 10)]
    assert positions == sorted(positions)
    assert "## Les 3 fiches du thème" in page.markdown


def test_relative_links():
    assert link("fiches/a.1.md", "themes/a.md") == "../themes/a.md"
    assert link("index.md", "fiches/a.1.md") == "fiches/a.1.md"
    assert link("themes/index.md", "themes/a.md") == "a.md"


def test_theme_page_description_is_the_intro_first_sentence_in_plain_text(project):
    project.write(
        "fiches/_themes.yml",
        "- id: a\n  title: Stratégie\n  short_title: Gouv\n  order: 1\n  intro: |\n"
        "    Le **pilotage** suit le [plan d’action](https://exemple.org) de près. Deuxième phrase.\n",
    )
    project.fiche()
    meta, _ = front_matter(theme_page(project.load(), "a").markdown)
    assert meta["description"] == "Le pilotage suit le plan d’action de près."
