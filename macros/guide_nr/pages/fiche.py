"""Pages stage: one page per fiche, and the page left at a retired fiche's address."""

from __future__ import annotations

import datetime as _dt
import html

from guide_nr import routes
from guide_nr.model.fiche import FEEDBACK_NATURES, Fiche, Reference
from guide_nr.model.guide import Guide
from guide_nr.model.release import Retired, fiche_release
from guide_nr.pages.common import NNBSP, PDF_SIZE_MARKER, GeneratedPage, breadcrumb, fiche_label, front_matter
from guide_nr.pages.composer import composer_link
from guide_nr.pages.facets import value_of
from guide_nr.pages.organisation import commitment_box
from guide_nr.routes import link, root_prefix
from guide_nr.text import french_date, inline


def _facet_link(guide: Guide, from_path: str, facet: str, value: str) -> str:
    """A fiche label as a link to the static page of that facet value."""
    target = value_of(facet, value, guide)
    return f"[{inline(value)}]({link(from_path, target.page_path)})"


def _reference(reference: Reference) -> str:
    """A reference as a link; the address goes into an escaped HTML attribute, never into
    Markdown link syntax, so no character of it can end the link or add attributes."""
    if reference.url:
        return f'<a href="{html.escape(reference.url, quote=True)}">{inline(reference.title)}</a>'
    return inline(reference.title)


def _revision(guide: Guide, fiche: Fiche) -> str:
    """When the text was last revised, and the guide version that published it as it is (the
    revision date is kept honest by a test: model.release.stale_revision_dates)."""
    revised = f'texte révisé le <time datetime="{fiche.revision.isoformat()}">{french_date(fiche.revision)}</time>'
    facts = f" ; faits à jour au {french_date(fiche.updated)}" if fiche.revised is not None and fiche.updated != fiche.revised else ""
    if guide.organisation.is_own(fiche.id):
        return revised + facts
    release = fiche_release(guide.as_released(fiche), guide.releases)
    if release is not None:
        return f"{revised}, publié dans la version {inline(release.version)} du guide ({french_date(_dt.date.fromisoformat(release.date))}){facts}"
    if guide.releases:
        return f"{revised}, pas encore publié (version {inline(guide.releases[-1].version)} en cours de révision){facts}"
    return f"{revised}, pas encore publié{facts}"


def fiche_page(guide: Guide, fiche: Fiche) -> GeneratedPage:
    path = fiche.page_path
    theme = guide.theme(fiche.theme)
    out = [
        front_matter(f"{fiche.id} {fiche.title}", fiche.summary, fiche=fiche.id, hide=["toc"], rubrique=routes.THEMES_INDEX,
                     recherche_nature=f"Fiche · {fiche.id} · priorité{NNBSP}: {fiche.priority.lower()}"),
        breadcrumb(path, [("Thèmes", routes.THEMES_INDEX), (theme.title, routes.theme_page(theme.id))], f"{fiche.id} {fiche.title}"),
        f"# {inline(fiche.title)}\n\n",
        f"{inline(fiche.summary)}\n{{ .fiche-resume data-pagefind-weight=\"4\" }}\n\n",
        '<div class="fiche-faits" markdown>\n\n',
        f"Fiche\n:   {inline(fiche.id)}\n\n",
        f"Thème\n:   [{inline(theme.title)}]({link(path, routes.theme_page(theme.id))})\n\n",
        f"Priorité\n:   {_facet_link(guide, path, 'priority', fiche.priority)}\n\n",
        f"Difficulté\n:   {_facet_link(guide, path, 'difficulty', fiche.difficulty)}\n\n",
        f"Pilotes\n:   {' ; '.join(_facet_link(guide, path, 'pilot', p) for p in fiche.pilots)}\n\n",
        f"Révision\n:   {_revision(guide, fiche)}\n\n",
        *([f"Origine\n:   fiche propre {inline(guide.organisation.naming.to_name)}, absente du guide commun\n\n"] if guide.organisation.is_own(fiche.id) and guide.organisation.identity is not None else []),
        "</div>\n\n",
        f'<p class="ajouter-charte" data-pagefind-ignore><a href="{composer_link(path, fiche.id)}">Ajouter à ma charte</a>{NNBSP}: '
        "retenir cette fiche dans un projet de charte, composé dans votre navigateur</p>\n\n",
        fiche.body.strip() + "\n\n",
        "## Indicateurs de pilotage { #indicateurs }\n\n",
        "".join(f"- {inline(i)}\n" for i in fiche.indicators) + "\n",
    ]
    if fiche.feedback:
        out.append("## Retours d’expérience { #retours-experience }\n\n")
        for item in fiche.feedback:
            year = f" ({item.year})" if item.year and str(item.year) not in item.organisation else ""
            out.append(f"### {inline(item.organisation)}{year}\n\n{item.text.strip()}\n\n")
            nature = f"{FEEDBACK_NATURES[item.nature]}. " if item.nature else ""
            if item.source:
                out.append(f"{nature}Source{NNBSP}: {_reference(item.source)}\n{{ .source }}\n\n")
            elif nature:
                out.append(f"{nature.rstrip()}\n{{ .source }}\n\n")
    if fiche.references:
        out.append("## Pour aller plus loin { #references }\n\n")
        out.append("".join(f"- {_reference(r)}\n" for r in fiche.references) + "\n")
    # Lists repeated from other pages (related fiches, print links, neighbours) are not indexed
    # for search: a word of another fiche's title must not find this one.
    if fiche.related:
        out.append("<div data-pagefind-ignore markdown>\n\n## Fiches liées { #fiches-liees }\n\n")
        for related_id in fiche.related:
            related = guide.fiche(related_id)
            out.append(f"- [{fiche_label(related)}]({link(path, related.page_path)})\n")
        out.append("\n</div>\n\n")
    commitment = guide.organisation.commitment(fiche.id)
    if commitment is not None:
        out.append(commitment_box(guide, commitment, path))
    root = root_prefix(path)
    out.append(
        f'<p class="imprimer" data-pagefind-ignore>Version imprimable{NNBSP}: <a href="{root}{routes.url_path(routes.PRINT_PAGE)}#fiche-{fiche.id}">cette fiche '
        f'dans le guide à imprimer</a> · <a href="{root}{routes.PDF_FILE}" {PDF_SIZE_MARKER}>le guide complet en PDF</a></p>\n\n'
    )
    previous, following = guide.neighbours(fiche)
    if previous or following:
        out.append(f"<div data-pagefind-ignore markdown>\n\n## Dans le thème « {inline(theme.short_title)} » {{ #dans-le-theme }}\n\n")
        if previous:
            out.append(f"- Fiche précédente{NNBSP}: [{fiche_label(previous)}]({link(path, previous.page_path)})\n")
        if following:
            out.append(f"- Fiche suivante{NNBSP}: [{fiche_label(following)}]({link(path, following.page_path)})\n")
        out.append("\n</div>\n\n")
    return GeneratedPage(path, "".join(out))


def retired_page(guide: Guide, retired: Retired) -> GeneratedPage:
    """The page left at a retired fiche's address: why, and where to go instead."""
    path = routes.fiche_page(retired.id)
    out = [
        front_matter(f"{retired.id} {retired.title} (fiche retirée)", f"La fiche {retired.id} a été retirée du guide.", hide=["toc"], recherche=False,
                     rubrique=routes.CHANGELOG_PAGE),
        breadcrumb(path, [("Journal des modifications", routes.CHANGELOG_PAGE)], f"{retired.id} {retired.title}"),
        f"# {inline(retired.title)}\n\n",
        f"**Cette fiche ({inline(retired.id)}) a été retirée du guide**"
        + (f" le {french_date(retired.date)}" if retired.date else "") + f"\u202f: {inline(retired.reason)}\n\n",
    ]
    if retired.replaced_by and guide.has_fiche(retired.replaced_by):  # a fork may hide the replacement
        replacement = guide.fiche(retired.replaced_by)
        out.append(f"Elle est remplacée par la fiche [{fiche_label(replacement)}]({link(path, replacement.page_path)}).\n\n")
    out.append(f"Voir aussi le [catalogue des fiches]({link(path, routes.CATALOGUE_PAGE)}) et le [journal des modifications]({link(path, routes.CHANGELOG_PAGE)}).\n")
    return GeneratedPage(path, "".join(out))
