"""Pages stage: one page per theme, and the index of the themes."""

from __future__ import annotations

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.pages.common import GeneratedPage, breadcrumb, fiche_list, front_matter, theme_list
from guide_nr.text import first_sentence, inline, plain_text


def theme_page(guide: Guide, theme_id: str) -> GeneratedPage:
    theme = guide.theme(theme_id)
    path = routes.theme_page(theme_id)
    fiches = guide.fiches_of(theme_id)
    count = len(fiches)
    noun = "fiche" if count == 1 else "fiches"
    out = [
        front_matter(theme.title, first_sentence(plain_text(theme.intro)), theme=theme.id, rubrique=routes.THEMES_INDEX,
                     recherche_nature="Thème"),
        breadcrumb(path, [("Thèmes", routes.THEMES_INDEX)], theme.title),
        f"# {inline(theme.title)}\n\n",
        theme.intro.strip() + "\n\n",
        # The list repeats the fiches' titles and summaries: indexed on the fiches' own pages only.
        f"<div data-pagefind-ignore markdown>\n\n## Les {count} {noun} du thème {{ #fiches }}\n\n",
        fiche_list(guide, fiches, path),
        "\n</div>\n",
    ]
    return GeneratedPage(path, "".join(out))


def themes_index(guide: Guide) -> GeneratedPage:
    count = len(guide.fiches)
    out = [
        front_matter("Thèmes", f"Les {len(guide.themes)} thèmes du guide et leurs {count} fiches.", recherche=False),
        "# Thèmes\n\n",
        f"Les {count} bonnes pratiques du guide sont réparties en {len(guide.themes)} thèmes.\n\n",
        theme_list(guide, routes.THEMES_INDEX),
    ]
    return GeneratedPage(routes.THEMES_INDEX, "".join(out))
