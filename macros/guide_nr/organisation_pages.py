"""Pages of an organisation's fork: « Notre charte », « Maturité », and the commitment box
shown on each committed fiche. Charts are inline SVG (no script, greys only, with a text
alternative and the same figures in a table)."""

from __future__ import annotations

import html

from .charter import LEVELS, STATUSES, Commitment
from .guide import Guide
from .pages import GeneratedPage, front_matter, link
from .text import french_date, inline

CHARTER_PAGE = "charte.md"
MATURITY_PAGE = "maturite.md"
PLAN_PAGE = "plan-action.md"
# Greys only (r = g = b): the charts print and read the same in greyscale.
STATUS_GREYS = {"réalisée": "#222222", "en cours": "#666666", "planifiée": "#aaaaaa", "à étudier": "#dddddd", "non retenue": "#ffffff"}


def commitments_by_theme(guide: Guide) -> list[tuple]:
    """``(theme, its commitments)`` for each theme with at least one, in guide order."""
    out = []
    for theme in guide.themes:
        mine = [c for c in guide.charter.commitments if guide.fiche(c.fiche).theme == theme.id]
        if mine:
            out.append((theme, mine))
    return out


def commitment_box(guide: Guide, commitment: Commitment, from_path: str) -> str:
    """Markdown admonition summarising the organisation's commitment on a fiche."""
    organisation = guide.charter.organisation
    lines = [f'!!! note "Engagement de {organisation.replace(chr(34), "")} : {commitment.status}"\n']
    facts = []
    if commitment.reason:
        facts.append(f"Raison\u202f: {inline(commitment.reason)}")
    if commitment.sponsor:
        facts.append(f"Porteur\u202f: {inline(commitment.sponsor)}")
    if commitment.pilot:
        facts.append(f"Pilote\u202f: {inline(commitment.pilot)}")
    if commitment.contributors:
        facts.append(f"Contributeurs\u202f: {inline(', '.join(commitment.contributors))}")
    for action in commitment.actions:
        facts.append(f"Action\u202f: {inline(action.title)} ({french_date(action.start)} → {french_date(action.end)}, {inline(action.owner)})")
    for target in commitment.targets:
        facts.append(f"Cible\u202f: {inline(target.indicator)} — de {target.baseline:g} à {target.target:g} {inline(target.unit)} "
                     f"d’ici le {french_date(target.date)}")
    lines += [f"    - {fact}\n" for fact in facts]
    lines.append(f"\n    [Toute la charte]({link(from_path, CHARTER_PAGE)})\n\n")
    return "".join(lines)


def charter_page(guide: Guide) -> GeneratedPage:
    charter = guide.charter
    path = CHARTER_PAGE
    counts = {status: sum(1 for c in charter.commitments if c.status == status) for status in STATUSES}
    out = [
        front_matter("Notre charte", f"Les engagements de {charter.organisation} pour un numérique responsable.", recherche=False),
        "# Notre charte\n\n",
        f"{inline(charter.organisation)} s’engage sur {len(charter.commitments)} pratiques du guide "
        f"(charte écrite sur la version {inline(charter.guide_version)} du guide).\n\n",
        "| Statut | Engagements |\n|---|---|\n" + "".join(f"| {s} | {n} |\n" for s, n in counts.items()) + "\n",
    ]
    for theme, items in commitments_by_theme(guide):
        out.append(f"## {inline(theme.title)}\n\n")
        for item in items:
            fiche = guide.fiche(item.fiche)
            detail = f" — pilote\u202f: {inline(item.pilot)}" if item.pilot else ""
            ending = max((a.end for a in item.actions), default=None)
            when = f", échéance {french_date(ending)}" if ending else ""
            out.append(f"- [{inline(fiche.id)} {inline(fiche.title)}]({link(path, fiche.page_path)}) : **{item.status}**{detail}{when}\n")
        out.append("\n")
    return GeneratedPage(path, "".join(out))


def maturity_svg(dimensions: list[str], scores: dict[str, int], caption: str) -> str:
    """Horizontal bars, one per dimension, scored 1–5; greys only, values written in text."""
    bar_height, gap, label_width, unit = 22, 10, 250, 60
    height = len(dimensions) * (bar_height + gap) + 30
    width = label_width + 5 * unit + 60
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" aria-labelledby="maturite-titre" class="graphique">',
             f'<title id="maturite-titre">{html.escape(caption)}</title>']
    for level in range(1, 6):
        x = label_width + level * unit
        parts.append(f'<line x1="{x}" y1="0" x2="{x}" y2="{height - 20}" stroke="#bbb" stroke-width="1"/>'
                     f'<text x="{x}" y="{height - 5}" font-size="11" text-anchor="middle" fill="#333">{level}</text>')
    for index, dimension in enumerate(dimensions):
        y = index * (bar_height + gap)
        score = scores.get(dimension)
        parts.append(f'<text x="{label_width - 8}" y="{y + 15}" font-size="12" text-anchor="end" fill="#000">{html.escape(dimension)}</text>')
        if score:
            parts.append(f'<rect x="{label_width}" y="{y}" width="{score * unit}" height="{bar_height}" fill="#555"/>'
                         f'<text x="{label_width + score * unit + 6}" y="{y + 15}" font-size="12" fill="#000">{score}/5</text>')
    parts.append("</svg>")
    return "".join(parts)


def maturity_page(guide: Guide) -> GeneratedPage:
    maturity = guide.maturity
    path = MATURITY_PAGE
    dimensions = list(maturity.dimensions)
    latest = maturity.assessments[-1]
    scores = {s.dimension: s.score for s in latest.scores}
    caption = f"Maturité au {french_date(latest.date)}, de 1 (inexistant) à 5 (maximum) : " + ", ".join(
        f"{d} {scores[d]}/5" for d in dimensions if d in scores)
    out = [
        front_matter("Maturité numérique responsable", "Auto-évaluation de la maturité, dimension par dimension.", recherche=False),
        "# Maturité numérique responsable\n\n",
        f"Dernière auto-évaluation\u202f: {french_date(latest.date)}. Échelle\u202f: "
        + ", ".join(f"{n} {label.lower()}" for n, label in LEVELS.items()) + ".\n\n",
        f'<figure class="maturite">{maturity_svg(dimensions, scores, caption)}</figure>\n\n',
        "## Évaluations\n\n",
        "| Dimension | " + " | ".join(french_date(a.date) for a in maturity.assessments) + " |\n",
        "|---|" + "---|" * len(maturity.assessments) + "\n",
    ]
    for dimension in dimensions:
        row = []
        for assessment in maturity.assessments:
            score = next((s for s in assessment.scores if s.dimension == dimension), None)
            row.append(f"{score.score} ({LEVELS[score.score].lower()})" if score else "—")
        out.append(f"| {inline(dimension)} | " + " | ".join(row) + " |\n")
    out.append("\n## Pour progresser\n\n")
    for dimension, ids in maturity.dimensions.items():
        comment = next((s.comment for s in latest.scores if s.dimension == dimension and s.comment), None)
        out.append(f"### {inline(dimension)}\n\n")
        if comment:
            out.append(f"{inline(comment)}\n\n")
        out.append("".join(f"- [{inline(guide.fiche(i).id)} {inline(guide.fiche(i).title)}]({link(path, guide.fiche(i).page_path)})\n" for i in ids) + "\n")
    return GeneratedPage(path, "".join(out))


def timeline_svg(rows: list[tuple[str, object, object]], caption: str) -> str:
    """One bar per action, from its start to its end, on a yearly axis (greys, labelled)."""
    start = min(r[1] for r in rows)
    end = max(r[2] for r in rows)
    first_year, last_year = start.year, end.year + 1
    days = (last_year - first_year) * 365.25
    label_width, chart_width, row_height = 300, 420, 20
    height = len(rows) * row_height + 30

    def x(date):
        elapsed = (date - date.replace(year=first_year, month=1, day=1)).days
        return label_width + chart_width * elapsed / days

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + chart_width + 10} {height}" role="img" '
             f'aria-labelledby="frise-titre" class="graphique"><title id="frise-titre">{html.escape(caption)}</title>']
    for year in range(first_year, last_year + 1):
        position = label_width + chart_width * (year - first_year) * 365.25 / days
        parts.append(f'<line x1="{position:.1f}" y1="0" x2="{position:.1f}" y2="{height - 18}" stroke="#bbbbbb"/>'
                     f'<text x="{position:.1f}" y="{height - 4}" font-size="11" text-anchor="middle" fill="#333333">{year}</text>')
    for index, (label, begin, finish) in enumerate(rows):
        y = index * row_height
        short = label if len(label) <= 48 else label[:47] + "…"
        parts.append(f'<text x="{label_width - 8}" y="{y + 14}" font-size="11" text-anchor="end" fill="#000000">{html.escape(short)}</text>'
                     f'<rect x="{x(begin):.1f}" y="{y + 4}" width="{max(x(finish) - x(begin), 2):.1f}" height="{row_height - 8}" fill="#555555"/>')
    parts.append("</svg>")
    return "".join(parts)


def progress_svg(guide: Guide, caption: str) -> str:
    """Commitments per theme, stacked by status (greys, with a legend in text)."""
    groups = commitments_by_theme(guide)
    label_width, unit, row_height = 260, 40, 24
    widest = max(len(items) for _, items in groups)
    height = len(groups) * row_height + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {label_width + widest * unit + 40} {height}" role="img" '
             f'aria-labelledby="avancement-titre" class="graphique"><title id="avancement-titre">{html.escape(caption)}</title>']
    for index, (theme, items) in enumerate(groups):
        y = index * row_height
        parts.append(f'<text x="{label_width - 8}" y="{y + 16}" font-size="11" text-anchor="end" fill="#000000">{html.escape(theme.short_title)}</text>')
        x = label_width
        for status in STATUSES:
            count = sum(1 for c in items if c.status == status)
            if count:
                parts.append(f'<rect x="{x}" y="{y + 3}" width="{count * unit}" height="{row_height - 6}" fill="{STATUS_GREYS[status]}" stroke="#000000"/>')
                x += count * unit
    parts.append("</svg>")
    return "".join(parts)


def plan_page(guide: Guide) -> GeneratedPage:
    charter = guide.charter
    path = PLAN_PAGE
    actions = [(f"{c.fiche} — {a.title}", a.start, a.end, a.owner, c.fiche) for c in charter.commitments for a in c.actions]
    actions.sort(key=lambda a: (a[1], a[2]))
    shades = {"#222222": "gris très foncé", "#666666": "gris foncé", "#aaaaaa": "gris moyen", "#dddddd": "gris clair", "#ffffff": "blanc"}
    out = [
        front_matter("Plan d’action", f"Les actions datées de {charter.organisation} et l’avancement de ses engagements.", recherche=False),
        "# Plan d’action\n\n",
        "## Avancement par thème\n\n",
        "Engagements par thème, du plus avancé au moins avancé\u202f: "
        + ", ".join(f"{status} ({shades[grey]})" for status, grey in STATUS_GREYS.items()) + ".\n\n",
    ]
    totals = ", ".join(f"{sum(1 for c in charter.commitments if c.status == s)} {s}" for s in STATUSES)
    per_theme = [
        f"{theme.short_title} : " + ", ".join(f"{sum(1 for c in mine if c.status == s)} {s}" for s in STATUSES if any(c.status == s for c in mine))
        for theme, mine in commitments_by_theme(guide)
    ]
    caption = f"Engagements par thème et par statut ({totals}) — " + " ; ".join(per_theme)
    out.append(f'<figure class="maturite">{progress_svg(guide, caption)}</figure>\n\n')
    if actions:
        caption = "Frise des actions : " + "; ".join(f"{a[0]}, du {french_date(a[1])} au {french_date(a[2])}" for a in actions)
        out += ["## Calendrier\n\n", f'<figure class="maturite">{timeline_svg([a[:3] for a in actions], caption)}</figure>\n\n',
                "| Action | Début | Fin | Responsable |\n|---|---|---|---|\n"]
        for label, begin, finish, owner, fiche_id in actions:
            fiche = guide.fiche(fiche_id)
            title = label.split(" — ", 1)[1]
            out.append(f"| [{inline(fiche.id)}]({link(path, fiche.page_path)}) {inline(title)} | {french_date(begin)} | "
                       f"{french_date(finish)} | {inline(owner)} |\n")
    return GeneratedPage(path, "".join(out))


def organisation_pages(guide: Guide) -> list[GeneratedPage]:
    pages = []
    if guide.charter is not None:
        pages.append(charter_page(guide))
        pages.append(plan_page(guide))
    if guide.maturity is not None:
        pages.append(maturity_page(guide))
    return pages
