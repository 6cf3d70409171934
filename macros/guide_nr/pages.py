"""Second stage of the pipeline: the validated guide → Markdown pages.

Pure functions returning ``(source path, Markdown text)``; the MkDocs hook only hands
them to MkDocs as generated files. Fiche text goes into these pages as Markdown data:
every generated page carries ``render_macros: false`` so the macros plugin never
evaluates it as a template, and plain-text fields (titles, labels…) are escaped.
"""

from __future__ import annotations

import html
import posixpath
from dataclasses import dataclass

import yaml

from .facets import value_of
from .fiche import Fiche
from .guide import Guide
from .text import first_sentence, french_date, inline, plain_text

THEMES_INDEX = "themes/index.md"
PRINT_PAGE_URL = "imprimer/"
PDF_FILE = "guide-numerique-responsable.pdf"
PDF_SIZE_MARKER = "data-taille-pdf"  # post-build, the PDF's size is written into such links
CATALOGUE_PAGE = "catalogue.md"
NNBSP = "\u202f"  # French narrow no-break space, before « : ; ! ? »


@dataclass(frozen=True)
class GeneratedPage:
    path: str
    markdown: str


def theme_page_path(theme_id: str) -> str:
    return f"themes/{theme_id}.md"


def root_prefix(from_path: str) -> str:
    """Relative URL from a page to the site root, for raw HTML links to files MkDocs does not
    know (the print page and the PDF are written after the build). Pages are published at
    directory URLs (``fiches/a.1.md`` → ``fiches/a.1/``)."""
    depth = from_path.count("/") + (0 if from_path.endswith("index.md") else 1)
    return "../" * depth


def built_page(source: str) -> str:
    """The file a generated page becomes in the site: ``demarche/charte.md`` →
    ``demarche/charte/index.html`` (directory URLs)."""
    stem = source[: -len(".md")]
    return f"{stem}.html" if stem == "index" or stem.endswith("/index") else f"{stem}/index.html"


def link(from_path: str, to_path: str) -> str:
    """Relative link between two source pages, as MkDocs resolves them."""
    return posixpath.relpath(to_path, posixpath.dirname(from_path) or ".")


def front_matter(title: str, description: str, **extra) -> str:
    meta = {"title": title, "description": description, "render_macros": False, **extra}
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False, width=10_000) + "---\n\n"


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
            f"*{inline(fiche.priority)}, difficulté {inline(fiche.difficulty.lower())}*"
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
        lines.append(f"- [{inline(theme.title)}]({link(from_path, theme_page_path(theme.id))}) — {count} {noun}")
    return "\n".join(lines) + "\n"


def _facet_link(guide: Guide, from_path: str, facet: str, value: str) -> str:
    """A fiche label as a link to the static page of that facet value."""
    target = value_of(facet, value, guide)
    return f"[{inline(value)}]({link(from_path, target.page_path)})"


def _reference(reference) -> str:
    """A reference as a link; the address goes into an escaped HTML attribute, never into
    Markdown link syntax, so no character of it can end the link or add attributes."""
    if reference.url:
        return f'<a href="{html.escape(reference.url, quote=True)}">{inline(reference.title)}</a>'
    return inline(reference.title)


def fiche_page(guide: Guide, fiche: Fiche) -> GeneratedPage:
    path = fiche.page_path
    theme = guide.theme(fiche.theme)
    out = [
        front_matter(f"{fiche.id} {fiche.title}", fiche.summary, fiche=fiche.id, hide=["toc"]),
        f"# {inline(fiche.title)}\n\n",
        f"{inline(fiche.summary)}\n{{ .fiche-resume }}\n\n",
        '<div class="fiche-faits" markdown>\n\n',
        f"Fiche\n:   {inline(fiche.id)}\n\n",
        f"Thème\n:   [{inline(theme.title)}]({link(path, theme_page_path(theme.id))})\n\n",
        f"Priorité\n:   {_facet_link(guide, path, 'priority', fiche.priority)}\n\n",
        f"Difficulté\n:   {_facet_link(guide, path, 'difficulty', fiche.difficulty)}\n\n",
        f"Pilotes\n:   {' ; '.join(_facet_link(guide, path, 'pilot', p) for p in fiche.pilots)}\n\n",
        f'Mise à jour\n:   <time datetime="{fiche.updated.isoformat()}">{french_date(fiche.updated)}</time>\n\n',
        *([f"Origine\n:   fiche propre à {inline(guide.identity.name)}, absente du guide commun\n\n"] if guide.is_own(fiche.id) else []),
        "</div>\n\n",
        fiche.body.strip() + "\n\n",
        "## Indicateurs de pilotage { #indicateurs }\n\n",
        "".join(f"- {inline(i)}\n" for i in fiche.indicators) + "\n",
    ]
    if fiche.feedback:
        out.append("## Retours d’expérience { #retours-experience }\n\n")
        for item in fiche.feedback:
            year = f" ({item.year})" if item.year and str(item.year) not in item.organisation else ""
            out.append(f"### {inline(item.organisation)}{year}\n\n{item.text.strip()}\n\n")
            if item.source:
                out.append(f"Source{NNBSP}: {_reference(item.source)}\n{{ .source }}\n\n")
    if fiche.references:
        out.append("## Pour aller plus loin { #references }\n\n")
        out.append("".join(f"- {_reference(r)}\n" for r in fiche.references) + "\n")
    if fiche.related:
        out.append("## Fiches liées { #fiches-liees }\n\n")
        for related_id in fiche.related:
            related = guide.fiche(related_id)
            out.append(f"- [{fiche_label(related)}]({link(path, related.page_path)})\n")
        out.append("\n")
    commitment = guide.commitment(fiche.id)
    if commitment is not None:
        from .organisation_pages import commitment_box  # the organisation part is optional

        out.append(commitment_box(guide, commitment, path))
    root = root_prefix(path)
    out.append(
        f'<p class="imprimer">Version imprimable{NNBSP}: <a href="{root}{PRINT_PAGE_URL}#fiche-{fiche.id}">cette fiche '
        f'dans le guide à imprimer</a> · <a href="{root}{PDF_FILE}" {PDF_SIZE_MARKER}>le guide complet en PDF</a></p>\n\n'
    )
    previous, following = guide.neighbours(fiche)
    if previous or following:
        out.append(f"## Dans le thème « {inline(theme.short_title)} » {{ #dans-le-theme }}\n\n")
        if previous:
            out.append(f"- Fiche précédente{NNBSP}: [{fiche_label(previous)}]({link(path, previous.page_path)})\n")
        if following:
            out.append(f"- Fiche suivante{NNBSP}: [{fiche_label(following)}]({link(path, following.page_path)})\n")
        out.append("\n")
    return GeneratedPage(path, "".join(out))


def theme_page(guide: Guide, theme_id: str) -> GeneratedPage:
    theme = guide.theme(theme_id)
    path = theme_page_path(theme_id)
    fiches = guide.fiches_of(theme_id)
    count = len(fiches)
    noun = "fiche" if count == 1 else "fiches"
    out = [
        front_matter(theme.title, first_sentence(plain_text(theme.intro)), theme=theme.id),
        f"# {inline(theme.title)}\n\n",
        theme.intro.strip() + "\n\n",
        f"## Les {count} {noun} du thème {{ #fiches }}\n\n",
        fiche_list(guide, fiches, path),
    ]
    return GeneratedPage(path, "".join(out))


def themes_index(guide: Guide) -> GeneratedPage:
    count = len(guide.fiches)
    out = [
        front_matter("Thèmes", f"Les {len(guide.themes)} thèmes du guide et leurs {count} fiches.", recherche=False),
        "# Thèmes\n\n",
        f"Les {count} bonnes pratiques du guide sont réparties en {len(guide.themes)} thèmes.\n\n",
        theme_list(guide, THEMES_INDEX),
    ]
    return GeneratedPage(THEMES_INDEX, "".join(out))


def retired_page(guide: Guide, retired) -> GeneratedPage:
    """The page left at a retired fiche's address: why, and where to go instead."""
    path = f"fiches/{retired.id}.md"
    out = [
        front_matter(f"{retired.id} {retired.title} (fiche retirée)", f"La fiche {retired.id} a été retirée du guide.", hide=["toc"], recherche=False),
        f"# {inline(retired.title)}\n\n",
        f"**Cette fiche ({inline(retired.id)}) a été retirée du guide**"
        + (f" le {french_date(retired.date)}" if retired.date else "") + f"\u202f: {inline(retired.reason)}\n\n",
    ]
    if retired.replaced_by:
        replacement = guide.fiche(retired.replaced_by)
        out.append(f"Elle est remplacée par la fiche [{fiche_label(replacement)}]({link(path, replacement.page_path)}).\n\n")
    out.append(f"Voir aussi le [catalogue des fiches]({link(path, CATALOGUE_PAGE)}) et le [journal des modifications]({link(path, 'journal.md')}).\n")
    return GeneratedPage(path, "".join(out))
