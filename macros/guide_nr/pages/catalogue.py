"""The catalogue: every fiche on one page, with facet filters as a progressive enhancement.

Without JavaScript it is the full list grouped by theme, with links to the static facet
pages. With JavaScript (``overrides/assets/scripts/catalogue.js``, loaded by the
``catalogue.html`` template of this page only) a form of checkboxes filters the list:
several values of one facet are alternatives, facets combine, the state lives in the URL.
Each list item carries its facets' slugs as ``data-*`` attributes. In a fork with a charter,
a « Notre charte » group filters by commitment, and each committed fiche's entry says its
status in words and is marked by a rule in the margin (there with or without script).
"""

from __future__ import annotations

import html

from guide_nr import routes
from guide_nr.model.fiche import DIFFICULTY_PHRASES
from guide_nr.model.guide import Guide
from guide_nr.pages.common import NNBSP, GeneratedPage, front_matter
from guide_nr.pages.composer import composer_link
from guide_nr.pages.facets import PARAMETERS, all_values, fiche_slugs
from guide_nr.routes import CATALOGUE_PAGE, link
from guide_nr.templating import render
from guide_nr.text import inline

LEGENDS = {"theme": "Thème", "priority": "Priorité", "difficulty": "Difficulté", "pilot": "Pilote", "commitment": "Notre charte"}
BROWSE_PAGES = [
    (routes.THEMES_INDEX, "par thème"),
    (routes.facet_index("priority"), "par priorité"),
    (routes.facet_index("difficulty"), "par difficulté"),
    (routes.facet_index("pilot"), "par pilote"),
    ("par-ou-commencer.md", "selon la priorité et la difficulté (« Par où commencer ? »)"),
]


def _filters(guide: Guide) -> str:
    """The filter form, hidden until the script shows it (it does nothing without script)."""
    groups = [{"name": PARAMETERS[facet], "legend": LEGENDS[facet],
               "values": [{"slug": v.slug, "label": v.label, "count": sum(1 for f in guide.fiches if v.matches(f))} for v in values]}
              for facet, values in all_values(guide).items()]
    return render("catalogue_filters.html", groups=groups).rstrip("\n")


def catalogue_page(guide: Guide) -> GeneratedPage:
    path = CATALOGUE_PAGE
    count = len(guide.fiches)
    committed = "commitment" in all_values(guide)
    pages = BROWSE_PAGES[:4] + ([(routes.facet_index("commitment"), "par engagement de notre charte")] if committed else []) + BROWSE_PAGES[4:]
    browse = ", ".join(f"[{label}]({link(path, target)})" for target, label in pages)
    criteria = "thème, priorité, difficulté, pilote et engagement" if committed else "thème, priorité, difficulté et pilote"
    out = [
        front_matter("Catalogue des fiches", f"Les {count} fiches du guide sur une page, à filtrer par {criteria}.",
                     template="catalogue.html", hide=["toc"], recherche=False),
        "# Catalogue des fiches\n\n",
        f"Toutes les fiches du guide, regroupées par thème. Vous pouvez aussi les parcourir {browse}.\n\n",
        _filters(guide) + "\n\n",
        f'<p id="compte" role="status" aria-live="polite">{count} fiches</p>\n\n',
        f'<p class="vers-composeur"><a id="vers-composeur" href="{composer_link(path)}">Composer ma charte</a></p>\n\n',
        '<p id="vide" hidden>Aucune fiche ne réunit tous ces critères. Retirez un critère, ou '
        "choisissez plusieurs valeurs dans un même groupe pour élargir la recherche.</p>\n\n",
    ]
    for theme in guide.themes:
        fiches = guide.fiches_of(theme.id)
        if not fiches:
            continue
        out.append(f'<section data-groupe markdown>\n\n## {inline(theme.title)} {{ #theme-{theme.id} }}\n\n')
        for fiche in fiches:
            facts = f"{fiche.priority}, {DIFFICULTY_PHRASES[fiche.difficulty]} — {', '.join(fiche.pilots)}"
            data = " ".join(f'data-{key}="{html.escape(value)}"' for key, value in fiche_slugs(fiche, guide).items())
            label = f"[{inline(fiche.id)} {inline(fiche.title)}]({link(path, fiche.page_path)})"
            commitment = guide.organisation.commitment(fiche.id)
            # Words, not an element: the catalogue stays within its element budget however many commitments.
            badge = f" · dans notre charte{NNBSP}: {commitment.status}" if commitment is not None else ""
            out.append(f'- {label} · {inline(facts)}{badge}\n{{ data-fiche="{fiche.id}" {data} }}\n')
        out.append("\n</section>\n\n")
    return GeneratedPage(path, "".join(out))
