"""« Par où commencer ? »: the priority × difficulty matrix.

Rows are priorities (Prioritaire first), columns difficulties (Facile first), so the quick
wins — Prioritaire × Facile — sit in the first cell. The table is HTML (for row and column
headers) whose cells are Markdown (``md_in_html``), so fiche links stay ordinary MkDocs links.
"""

from __future__ import annotations

from markupsafe import Markup

from guide_nr.model.fiche import DIFFICULTIES, DIFFICULTY_PHRASES, PRIORITIES
from guide_nr.model.guide import Guide
from guide_nr.pages.common import GeneratedPage, front_matter
from guide_nr.routes import MATRIX_PAGE, link
from guide_nr.templating import render
from guide_nr.text import inline


def matrix_html(guide: Guide, from_path: str, theme: str | None = None) -> str:
    """The 3 × 3 table of fiche links (one theme's fiches when ``theme`` is given)."""
    fiches = guide.select(theme=theme)
    caption = "Fiches par priorité (lignes) et difficulté (colonnes)"
    if theme:
        caption += f" — thème « {guide.theme(theme).title} »"
    rows = []
    for priority in PRIORITIES:
        cells = []
        for difficulty in DIFFICULTIES:
            cell = [f for f in fiches if f.priority == priority and f.difficulty == difficulty]
            links = "\n".join(f"- [{inline(f.id)} {inline(f.title)}]({link(from_path, f.page_path)})" for f in cell)
            cells.append({"links": Markup(links), "count": len(cell), "phrase": DIFFICULTY_PHRASES[difficulty],
                          "quick": (priority, difficulty) == (PRIORITIES[0], DIFFICULTIES[0])})
        rows.append({"priority": priority, "cells": cells})
    return render("matrix.html", caption=caption, difficulties=DIFFICULTIES, rows=rows)


def matrix_page(guide: Guide) -> GeneratedPage:
    path = MATRIX_PAGE
    quick = guide.select(priority=PRIORITIES[0], difficulty=DIFFICULTIES[0])
    out = [
        front_matter("Par où commencer ?", "Les fiches du guide classées par priorité et difficulté, gains rapides en tête.", hide=["toc"], recherche=False),
        "# Par où commencer\u202f?\n\n",
        "Ce tableau croise la **priorité** d’une pratique (en ligne) et la **difficulté** de sa mise en œuvre "
        "(en colonne). La première case réunit les **gains rapides**\u202f: des pratiques prioritaires et faciles, "
        f"au nombre de {len(quick)}, par lesquelles un plan d’action peut commencer dès maintenant.\n\n",
        "Pour lire le tableau\u202f: avancez d’abord sur la première ligne, de gauche à droite, en lançant en parallèle "
        "une ou deux pratiques difficiles mais prioritaires, qui demandent du temps. Les pratiques « Aller plus loin » "
        "viennent ensuite, quand la démarche est installée.\n\n",
        matrix_html(guide, path),
    ]
    return GeneratedPage(path, "".join(out))
