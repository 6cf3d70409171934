"""Pages stage, shared parts: the validated guide → Markdown pages.

Page modules are pure functions returning a :class:`GeneratedPage` (source path, Markdown);
the pipeline writes them into the staged docs tree. Fiche text goes into these pages as
Markdown data: every generated page carries ``render_macros: false`` so the macros plugin
never evaluates it as a template, and plain-text fields (titles, labels…) are escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

import yaml

from guide_nr import routes
from guide_nr.model.fiche import DIFFICULTY_PHRASES, Fiche
from guide_nr.model.guide import Guide
from guide_nr.routes import link
from guide_nr.templating import render
from guide_nr.text import inline

PDF_SIZE_MARKER = "data-taille-pdf"  # post-build, the PDF's size is written into such links
NNBSP = "\u202f"  # French narrow no-break space, before « : ; ! ? »


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    markdown: str


# -- words, numbers and table rows of generated pages ---------------------------------------


def plural(count: int, word: str, many: str | None = None) -> str:
    """« 1 action », « 3 actions » (``many``: the plural when it is not ``word`` + s)."""
    return f"{count} {word if count <= 1 else many or word + 's'}"


def enumeration(items: list[str]) -> str:
    """« a », « a et b », « a, b et c »."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"


def number(value: float) -> str:
    """French number: « 3 000 », « 61,5 », « 0,33 »."""
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return text.replace(",", NNBSP).replace(".", ",")


def euros(value: float) -> str:
    return f"{number(value)}{NNBSP}€"


def delay(days: int) -> str:
    """A delay in words: « 1 jour », « 45 jours », « 120 jours (environ 4 mois) »."""
    if days == 1:
        return "1 jour"
    if days < 60:
        return f"{days} jours"
    return f"{days} jours (environ {round(days / 30.44)} mois)"


def table_row(*cells: str) -> str:
    """A Markdown table row: a pipe in the organisation's text must not split it."""
    return "| " + " | ".join(cell.replace("|", "&#124;") for cell in cells) + " |\n"


def front_matter(title: str, description: str, **extra: object) -> str:
    meta = {"title": title, "description": description, "render_macros": False, **extra}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


def breadcrumb(from_path: str, trail: list[tuple[str, str]], current: str) -> str:
    """The page's breadcrumb as an HTML block: ``trail`` is (plain-text label, source path) from
    the home page down; ``current`` the page's own plain-text label. Labels are escaped."""
    steps = [("Accueil", routes.HOME_PAGE), *trail]
    # Raw HTML: the site generator does not rewrite its links, so they are built URLs already.
    hrefs = [(label, (routes.root_prefix(from_path) + routes.page_url(target)) or "./") for label, target in steps]
    return render("breadcrumb.html", trail=hrefs, current=current).rstrip("\n") + "\n\n"


def fiche_label(fiche: Fiche) -> str:
    return f"{inline(fiche.id)} {inline(fiche.title)}"


def fiche_list(guide: Guide, fiches: list[Fiche], from_path: str) -> str:
    """Markdown list of fiches with their summary, priority and difficulty."""
    if not fiches:
        return "*Aucune fiche ne correspond.*\n"
    lines = []
    for fiche in fiches:
        lines.append(
            f"- [{fiche_label(fiche)}]({link(from_path, fiche.page_path)}) — {inline(fiche.summary)} "
            f"*{inline(fiche.priority)}, {DIFFICULTY_PHRASES[fiche.difficulty]}*"
        )
    return "\n".join(lines) + "\n"


def grouped_fiche_list(guide: Guide, fiches: list[Fiche], from_path: str, level: int = 2) -> str:
    """``fiche_list`` under one heading per theme (themes without a fiche are skipped)."""
    out = []
    for theme in guide.themes:
        selected = [f for f in fiches if f.theme == theme.id]
        if selected:
            out.append(f"{'#' * level} {inline(theme.title)}\n\n{fiche_list(guide, selected, from_path)}\n")
    return "".join(out) or "*Aucune fiche ne correspond.*\n"


def theme_list(guide: Guide, from_path: str) -> str:
    """Markdown list of the themes with their number of fiches."""
    lines = []
    for theme in guide.themes:
        count = len(guide.fiches_of(theme.id))
        noun = "fiche" if count == 1 else "fiches"
        lines.append(f"- [{inline(theme.title)}]({link(from_path, routes.theme_page(theme.id))}) — {count} {noun}")
    return "\n".join(lines) + "\n"
