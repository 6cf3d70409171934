"""Static pages of the facets: one page per priority, difficulty and pilot, and their indexes.

They make every way into the guide work without JavaScript; the fiche pages link their
labels here, and each page links to the catalogue pre-filtered on its value. In a fork with
a charter, the commitments too: « Nos engagements » and one page per status.
"""

from __future__ import annotations

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.pages.common import GeneratedPage, breadcrumb, front_matter, grouped_fiche_list
from guide_nr.pages.facets import ANY_COMMITMENT, DIFFICULTY_MEANINGS, PRIORITY_MEANINGS, FacetValue, all_values
from guide_nr.routes import CATALOGUE_PAGE, link
from guide_nr.text import inline

INDEX_PAGES = {
    "priority": (routes.facet_index("priority"), "Fiches par priorité", "Trois niveaux de priorité aident à ordonner un plan d’action."),
    "difficulty": (routes.facet_index("difficulty"), "Fiches par difficulté", "Trois niveaux de difficulté de mise en œuvre, pour estimer l’effort à prévoir."),
    "pilot": (routes.facet_index("pilot"), "Fiches par pilote", "Chaque fiche propose un ou plusieurs pilotes : les fonctions les mieux placées pour porter la pratique."),
    "commitment": (routes.facet_index("commitment"), "Fiches par engagement", "Les pratiques de notre charte, selon l’avancement de l’engagement."),
}
FACET_NAMES = {"priority": "Priorité", "difficulty": "Difficulté", "pilot": "Pilote", "commitment": "Engagement"}


def _meaning(value: FacetValue, guide: Guide) -> str:
    if value.facet == "priority":
        return f"Priorité « {value.label} » : {PRIORITY_MEANINGS[value.value]}"
    if value.facet == "difficulty":
        return f"Difficulté « {value.label} » : {DIFFICULTY_MEANINGS[value.value]}"
    if value.facet == "commitment":
        naming = guide.organisation.naming
        if value.value == ANY_COMMITMENT:
            return f"Les pratiques du guide que {naming.with_article} a retenues dans sa charte, quel que soit leur avancement."
        return f"Les pratiques de la charte {naming.of_name} dont l’engagement est « {value.value} »."
    pilot = next(p for p in guide.pilots if p.label == value.value)
    return pilot.description or f"Fiches pilotées par : {value.label}."


def facet_page(guide: Guide, value: FacetValue) -> GeneratedPage:
    path = value.page_path
    fiches = [f for f in guide.fiches if value.matches(f)]
    count = len(fiches)
    noun = "fiche" if count == 1 else "fiches"
    title = f"{FACET_NAMES[value.facet]} : {value.label}".replace(" :", "\u202f:")
    description = f"Les {count} {noun} du guide dont {FACET_NAMES[value.facet].lower()} est « {value.label} »."
    if value.facet == "commitment" and value.value == ANY_COMMITMENT:
        title, description = value.label, f"Les {count} {noun} du guide retenues dans la charte {guide.organisation.naming.of_name}."
    out = [
        front_matter(title, description, hide=["toc"], recherche=False, rubrique=CATALOGUE_PAGE),
        breadcrumb(path, [("Catalogue", CATALOGUE_PAGE), (INDEX_PAGES[value.facet][1], INDEX_PAGES[value.facet][0])], value.label),
        f"# {inline(title)}\n\n",
        f"{inline(_meaning(value, guide))}\n\n",
        f"{count} {noun} — [combiner avec d’autres critères dans le catalogue]({link(path, CATALOGUE_PAGE)}{value.query()}).\n\n",
        grouped_fiche_list(guide, fiches, path, level=2),
    ]
    return GeneratedPage(path, "".join(out).replace(" :", "\u202f:"))


def index_page(guide: Guide, facet: str) -> GeneratedPage:
    path, title, intro = INDEX_PAGES[facet]
    lines = []
    for value in all_values(guide)[facet]:
        count = sum(1 for f in guide.fiches if value.matches(f))
        noun = "fiche" if count == 1 else "fiches"
        lines.append(f"- [{inline(value.label)}]({link(path, value.page_path)}) — {count} {noun}")
    out = [front_matter(title, intro, recherche=False, rubrique=CATALOGUE_PAGE), breadcrumb(path, [("Catalogue", CATALOGUE_PAGE)], title), f"# {title}\n\n", f"{intro}\n\n", "\n".join(lines) + "\n"]
    return GeneratedPage(path, "".join(out).replace(" :", "\u202f:"))


def facet_pages(guide: Guide) -> list:
    values = all_values(guide)
    pages = [index_page(guide, facet) for facet in INDEX_PAGES if facet in values]
    for facet in ("priority", "difficulty", "pilot", "commitment"):
        pages += [facet_page(guide, value) for value in values.get(facet, [])]
    return pages
