"""Pages of an organisation's fork, all under ``demarche/``: the landing page « Notre
démarche », « Notre charte », « Plan d’action », « Maturité », one action sheet per
commitment, the organisation's own pages, and the commitment box shown on each committed
fiche. Charts are inline SVG (no script, greys only, with a text alternative and the same
figures in a table)."""

from __future__ import annotations

import datetime as _dt
import posixpath

from guide_nr import routes
from guide_nr.model.charter import STATUSES, Charter, Commitment
from guide_nr.model.guide import Guide
from guide_nr.model.maturity import LEVELS, Maturity
from guide_nr.model.theme import Theme
from guide_nr.pages import charter_data
from guide_nr.pages.changelog import changes_since
from guide_nr.pages.common import NNBSP, PDF_SIZE_MARKER, GeneratedPage, fiche_label, front_matter
from guide_nr.pages.report import landing_line, report_pages
from guide_nr.routes import CHARTER_PAGE, CHARTER_PDF_FILE, LANDING_PAGE, MATURITY_PAGE, PLAN_PAGE, link, root_prefix, sheet_page
from guide_nr.templating import render
from guide_nr.text import french_date, inline

#: How the greys of the charts are named in their written legends.
GREY_NAMES = {"#222222": "gris très foncé", "#555555": "gris foncé", "#666666": "gris foncé", "#888888": "gris moyen",
              "#aaaaaa": "gris moyen", "#bbbbbb": "gris clair", "#dddddd": "gris clair", "#ffffff": "blanc"}
# Greys only (r = g = b): the charts print and read the same in greyscale.
STATUS_GREYS = {"réalisée": "#222222", "en cours": "#666666", "planifiée": "#aaaaaa", "à étudier": "#dddddd", "non retenue": "#ffffff"}


def _charter(guide: Guide) -> Charter:
    """The fork's charter: the pages that show it are only generated when there is one."""
    if guide.organisation.charter is None:
        raise ValueError("page de charte demandée pour un guide sans charte")
    return guide.organisation.charter


def _maturity(guide: Guide) -> Maturity:
    if guide.organisation.maturity is None:
        raise ValueError("page de maturité demandée pour un guide sans auto-évaluation")
    return guide.organisation.maturity


def commitments_by_theme(guide: Guide) -> list[tuple[Theme, list[Commitment]]]:
    """``(theme, its commitments)`` for each theme with at least one, in guide order."""
    out = []
    for theme in guide.themes:
        mine = [c for c in _charter(guide).commitments if guide.fiche(c.fiche).theme == theme.id]
        if mine:
            out.append((theme, mine))
    return out


def commitment_box(guide: Guide, commitment: Commitment, from_path: str) -> str:
    """Markdown admonition summarising the organisation's commitment on a fiche.

    A summary in one paragraph (the details are on the action sheet): fiche pages stay
    within their element budget.
    """
    organisation = guide.organisation.name
    facts = []
    if commitment.reason:
        facts.append(f"raison{NNBSP}: {inline(commitment.reason)}")
    if commitment.pilot:
        facts.append(f"pilote{NNBSP}: {inline(commitment.pilot)}")
    if commitment.sponsor:
        facts.append(f"porteur{NNBSP}: {inline(commitment.sponsor)}")
    if commitment.actions:
        end = max(a.end for a in commitment.actions)
        count = len(commitment.actions)
        facts.append(f"{count} action{'s' if count > 1 else ''} jusqu’au {french_date(end)}")
    for target in commitment.targets:
        facts.append(f"cible{NNBSP}: {inline(target.indicator)}, de {target.baseline:g} à {target.target:g} {inline(target.unit)} "
                     f"d’ici le {french_date(target.date)}")
    summary = (" ; ".join(facts) + ". ") if facts else ""
    if summary:
        summary = summary[0].upper() + summary[1:]
    title = inline(f"Engagement de {organisation} : {commitment.status}").replace('"', "&quot;")  # inside the quoted title
    return (f'!!! note "{title}"\n\n'
            f"    {summary}[Fiche action]({link(from_path, sheet_page(commitment.fiche))}) · "
            f"[Toute la charte]({link(from_path, CHARTER_PAGE)})\n\n")


def charter_page(guide: Guide) -> GeneratedPage:
    charter = _charter(guide)
    path = CHARTER_PAGE
    counts = {status: sum(1 for c in charter.commitments if c.status == status) for status in STATUSES}
    out = [
        front_matter("Notre charte", f"Les engagements de {guide.organisation.name} pour un numérique responsable.", recherche=False),
        "# Notre charte\n\n",
        f"{inline(guide.organisation.name)} s’engage sur {len(charter.commitments)} pratiques du guide "
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
            out.append(f"- [{inline(fiche.id)} {inline(fiche.title)}]({link(path, fiche.page_path)}) : **{item.status}**{detail}{when} "
                       f"([fiche action]({link(path, sheet_page(fiche.id))}))\n")
        out.append("\n")
    out.append(upstream_changes_section(guide, path))
    return GeneratedPage(path, "".join(out))


def upstream_changes_section(guide: Guide, path: str) -> str:
    """« Évolutions du guide » since the version the charter was written against."""
    version = _charter(guide).guide_version
    changes = changes_since(guide, version)
    if changes is None:
        return ""
    out = [f"## Évolutions du guide depuis la version {inline(version)} {{ #evolutions-du-guide }}\n\n"]
    if changes.empty:
        out.append(f"Aucune fiche du guide n’a changé depuis la version {inline(version)}\u202f: la charte est à jour.\n")
        return "".join(out)
    committed = {c.fiche for c in _charter(guide).commitments}
    for label, ids in (("Fiches ajoutées", changes.added), ("Fiches modifiées", changes.modified), ("Fiches retirées", changes.retired)):
        if not ids:
            continue
        out.append(f"{label}\u202f:\n\n")
        for fiche_id in ids:
            mark = " — **engagement de la charte à revoir**" if fiche_id in committed else ""
            if guide.has_fiche(fiche_id):
                fiche = guide.fiche(fiche_id)
                out.append(f"- [{fiche_label(fiche)}]({link(path, fiche.page_path)}){mark}\n")
            else:
                out.append(f"- {inline(fiche_id)}{mark}\n")
        out.append("\n")
    return "".join(out)


#: Shades of the assessments in the maturity chart, oldest first (the latest is the darkest).
HISTORY_GREYS = ["#bbbbbb", "#888888", "#555555"]


Number = int | float | str  # chart coordinates, some already formatted


def _line(x1: Number, y1: Number, x2: Number, y2: Number, stroke: str, stroke_width: Number | None = None) -> dict:
    return {"kind": "line", "x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": stroke, "stroke_width": stroke_width}


def _text(x: Number, y: Number, size: int, text: str, fill: str, anchor: str | None = None) -> dict:
    return {"kind": "text", "x": x, "y": y, "size": size, "text": text, "fill": fill, "anchor": anchor}


def _rect(x: Number, y: Number, width: Number, height: Number, fill: str, stroke: str | None = None,
          stroke_width: Number | None = None) -> dict:
    return {"kind": "rect", "x": x, "y": y, "width": width, "height": height, "fill": fill, "stroke": stroke, "stroke_width": stroke_width}


def _chart(width: Number, height: Number, title_id: str, caption: str, shapes: list[dict]) -> str:
    return render("chart.html", width=width, height=height, title_id=title_id, caption=caption, shapes=shapes).rstrip("\n")


def maturity_svg(dimensions: list[str], history: list[tuple[str, dict[str, int]]], caption: str) -> str:
    """Horizontal bars, one group per dimension scored 1–5, one bar per assessment (at most the
    last three, oldest lightest); greys only, every value written in text."""
    history = history[-len(HISTORY_GREYS):]
    greys = HISTORY_GREYS[-len(history):]
    bar, gap, label_width, unit = 14, 12, 250, 60
    group = len(history) * bar
    height = len(dimensions) * (group + gap) + 30
    width = label_width + 5 * unit + 60
    shapes = []
    for level in range(1, 6):
        x = label_width + level * unit
        shapes += [_line(x, 0, x, height - 20, "#bbbbbb", 1), _text(x, height - 5, 11, str(level), "#333333", "middle")]
    for index, dimension in enumerate(dimensions):
        y = index * (group + gap)
        shapes.append(_text(label_width - 8, f"{y + group / 2 + 4:g}", 12, dimension, "#000000", "end"))
        for rank, ((_, scores), grey) in enumerate(zip(history, greys, strict=True)):
            score = scores.get(dimension)
            if score:
                top = y + rank * bar
                shapes += [_rect(label_width, top, score * unit, bar - 2, grey, "#000000", 0.5),
                           _text(label_width + score * unit + 6, top + bar - 4, 10, f"{score}/5", "#000000")]
    return _chart(width, height, "maturite-titre", caption, shapes)


def maturity_page(guide: Guide) -> GeneratedPage:
    maturity = _maturity(guide)
    path = MATURITY_PAGE
    dimensions = list(maturity.dimensions)
    latest = maturity.assessments[-1]
    scores = {s.dimension: s.score for s in latest.scores}
    history = [(french_date(a.date), {s.dimension: s.score for s in a.scores}) for a in maturity.assessments][-len(HISTORY_GREYS):]
    caption = f"Maturité au {french_date(latest.date)}, de 1 (inexistant) à 5 (maximum) : " + ", ".join(
        f"{d} {scores[d]}/5" for d in dimensions if d in scores)
    legend = ""
    if len(history) > 1:
        earlier = history[:-1]
        caption += " ; évaluations précédentes : " + " ; ".join(
            f"{date} : " + ", ".join(f"{d} {values[d]}/5" for d in dimensions if d in values) for date, values in earlier)
        legend = ("Une barre par évaluation, de la plus ancienne à la plus récente\u202f: "
                  + ", ".join(f"{date} ({GREY_NAMES[grey]})" for (date, _), grey in zip(history, HISTORY_GREYS[-len(history):], strict=False)) + ".\n\n")
    out = [
        front_matter("Maturité numérique responsable", "Auto-évaluation de la maturité, dimension par dimension.", recherche=False),
        "# Maturité numérique responsable\n\n",
        f"Dernière auto-évaluation\u202f: {french_date(latest.date)}. Échelle\u202f: "
        + ", ".join(f"{n} {label.lower()}" for n, label in LEVELS.items()) + ".\n\n",
        legend,
        f'<figure class="maturite">{maturity_svg(dimensions, history, caption)}</figure>\n\n',
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


def timeline_svg(rows: list[tuple[str, _dt.date, _dt.date]], caption: str) -> str:
    """One bar per action, from its start to its end, on a yearly axis (greys, labelled)."""
    start = min(r[1] for r in rows)
    end = max(r[2] for r in rows)
    first_year, last_year = start.year, end.year + 1
    days = (last_year - first_year) * 365.25
    label_width, chart_width, row_height = 300, 420, 20
    height = len(rows) * row_height + 30

    def x(date: _dt.date) -> float:
        elapsed = (date - date.replace(year=first_year, month=1, day=1)).days
        return label_width + chart_width * elapsed / days

    shapes = []
    for year in range(first_year, last_year + 1):
        position = f"{label_width + chart_width * (year - first_year) * 365.25 / days:.1f}"
        shapes += [_line(position, 0, position, height - 18, "#bbbbbb"), _text(position, height - 4, 11, str(year), "#333333", "middle")]
    for index, (label, begin, finish) in enumerate(rows):
        y = index * row_height
        short = label if len(label) <= 48 else label[:47] + "…"
        shapes += [_text(label_width - 8, y + 14, 11, short, "#000000", "end"),
                   _rect(f"{x(begin):.1f}", y + 4, f"{max(x(finish) - x(begin), 2):.1f}", row_height - 8, "#555555")]
    return _chart(label_width + chart_width + 24, height, "frise-titre", caption, shapes)


def progress_svg(guide: Guide, caption: str) -> str:
    """Commitments per theme, stacked by status (greys, with a legend in text)."""
    groups = commitments_by_theme(guide)
    label_width, unit, row_height = 260, 40, 24
    widest = max(len(items) for _, items in groups)
    height = len(groups) * row_height + 30
    shapes = []
    for index, (theme, items) in enumerate(groups):
        y = index * row_height
        shapes.append(_text(label_width - 8, y + 16, 11, theme.short_title, "#000000", "end"))
        x = label_width
        for status in STATUSES:
            count = sum(1 for c in items if c.status == status)
            if count:
                shapes.append(_rect(x, y + 3, count * unit, row_height - 6, STATUS_GREYS[status], "#000000"))
                x += count * unit
    return _chart(label_width + widest * unit + 40, height, "avancement-titre", caption, shapes)


def plan_page(guide: Guide) -> GeneratedPage:
    charter = _charter(guide)
    path = PLAN_PAGE
    actions = [(f"{c.fiche} — {a.title}", a.start, a.end, a.owner, c.fiche) for c in charter.commitments for a in c.actions]
    actions.sort(key=lambda a: (a[1], a[2]))
    out = [
        front_matter("Plan d’action", f"Les actions datées de {guide.organisation.name} et l’avancement de ses engagements.", recherche=False),
        "# Plan d’action\n\n",
        "## Avancement par thème\n\n",
        "Engagements par thème, du plus avancé au moins avancé\u202f: "
        + ", ".join(f"{status} ({GREY_NAMES[grey]})" for status, grey in STATUS_GREYS.items()) + ".\n\n",
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
            out.append(f"| [{inline(fiche.id)}]({link(path, sheet_page(fiche.id))}) {inline(title)} | {french_date(begin)} | "
                       f"{french_date(finish)} | {inline(owner)} |\n")
    return GeneratedPage(path, "".join(out))


def _month(date: _dt.date) -> str:
    return french_date(date).split(" ", 1)[1]


def action_sheet(guide: Guide, commitment: Commitment) -> GeneratedPage:
    """The commitment as an action sheet, in the layout of the seed's « fiche action » template."""
    fiche = guide.fiche(commitment.fiche)
    theme = guide.theme(fiche.theme)
    path = sheet_page(fiche.id)
    lever = commitment.lever or fiche.title
    undefined = "à définir"
    out = [
        front_matter(f"Fiche action {fiche.id} : {lever}", f"Fiche action de {guide.organisation.name} pour la pratique {fiche.id}.",
                     recherche=False, hide=["toc"]),
        f"# Fiche action {inline(fiche.id)}{NNBSP}: {inline(lever)}\n\n",
        '<div class="fiche-faits" markdown>\n\n',
        f"Dimension\n:   [{inline(theme.title)}]({link(path, routes.theme_page(theme.id))})\n\n",
        f"Fiche du guide\n:   [{fiche_label(fiche)}]({link(path, fiche.page_path)})\n\n",
        f"Priorité\n:   {fiche.priority}\n\n",
        f"Difficulté\n:   {fiche.difficulty}\n\n",
        f"Statut\n:   {commitment.status}" + (f" ({inline(commitment.reason)})" if commitment.reason else "") + "\n\n",
        "</div>\n\n",
        "## Résultats attendus pour ce levier { #resultats }\n\n",
        "".join(f"- {inline(r)}\n" for r in commitment.expected_results) or f"{undefined.capitalize()}.\n",
        "\n## Calendrier { #calendrier }\n\n",
    ]
    if commitment.actions:
        start = min(a.start for a in commitment.actions)
        end = max(a.end for a in commitment.actions)
        out.append(f"- Démarrage{NNBSP}: {_month(start)}\n- Fin{NNBSP}: {_month(end)}\n\n")
    else:
        out.append(f"Démarrage et fin {undefined}.\n\n")
    out += [
        f"## Responsable {{ #responsable }}\n\n{inline(commitment.pilot) if commitment.pilot else undefined.capitalize()}"
        + (f" (porteur{NNBSP}: {inline(commitment.sponsor)})" if commitment.sponsor else "") + "\n\n",
        "## Contributeurs { #contributeurs }\n\n",
        "".join(f"- {inline(c)}\n" for c in commitment.contributors) or "Aucun contributeur désigné.\n",
        "\n## Moyens { #moyens }\n\n",
        f"| Moyens humains (ETP ou JH) | Moyens en euros |\n|---|---|\n"
        f"| {inline(commitment.human_means) if commitment.human_means else undefined} | {inline(commitment.budget) if commitment.budget else undefined} |\n\n",
        "## Périmètre { #perimetre }\n\n| Périmètre | Concerné |\n|---|---|\n" + "".join(f"| {label} | {'oui' if value in commitment.scope else 'non'} |\n" for value, label in guide.organisation.scopes.items()),
        "\n## Prérequis { #prerequis }\n\n",
        "".join(f"- {inline(p)}\n" for p in commitment.prerequisites) or "Aucun prérequis.\n",
        "\n## Suivi des indicateurs de performance { #indicateurs }\n\n",
    ]
    if commitment.targets:
        out.append("| Indicateur | Valeur de départ | Valeur actuelle | Cible | Échéance |\n|---|---|---|---|---|\n")
        for t in commitment.targets:
            unit = inline(t.unit)
            current = f"{t.current:g} {unit}" if t.current is not None else "non mesurée"
            out.append(f"| {inline(t.indicator)} | {t.baseline:g} {unit} | {current} | {t.target:g} {unit} | {french_date(t.date)} |\n")
        out.append("\n")
    else:
        out.append(f"Indicateurs {undefined} ; ceux de la fiche du guide\u202f: " + " ; ".join(inline(i) for i in fiche.indicators) + ".\n\n")
    out.append("## Actions à mettre en œuvre pour ce levier { #actions }\n\n")
    if commitment.actions:
        out.append("| Action | Qui\u202f? | Début | Échéance |\n|---|---|---|---|\n")
        for number, a in enumerate(sorted(commitment.actions, key=lambda a: (a.start, a.end)), start=1):
            out.append(f"| {number}. {inline(a.title)} | {inline(a.owner)} | {french_date(a.start)} | {french_date(a.end)} |\n")
        out.append("\n")
    else:
        out.append(f"Actions {undefined}.\n\n")
    if commitment.notes:
        out.append("## Notes { #notes }\n\n" + commitment.notes.strip() + "\n\n")
    out.append(f"[Toute la charte]({link(path, CHARTER_PAGE)}) · [Plan d’action]({link(path, PLAN_PAGE)})\n")
    return GeneratedPage(path, "".join(out))


def landing_page(guide: Guide) -> GeneratedPage:
    """« Notre démarche »: the entry to everything the organisation publishes."""
    path = LANDING_PAGE
    name = guide.organisation.name
    out = [
        front_matter("Notre démarche", f"La démarche numérique responsable de {name} : charte, plan d’action, maturité.", recherche=False),
        "# Notre démarche\n\n",
        f"{inline(name)} publie ici sa démarche numérique responsable, construite sur le guide commun"
        + (f" (version {inline(guide.organisation.charter.guide_version)})" if guide.organisation.charter else "") + ".\n\n",
    ]
    if guide.organisation.charter is not None:
        root = root_prefix(path)
        out += [
            f"- [Notre charte]({link(path, CHARTER_PAGE)}){NNBSP}: {len(guide.organisation.charter.commitments)} engagements, groupés par thème\n",
            f"- [Plan d’action]({link(path, PLAN_PAGE)}){NNBSP}: calendrier des actions et avancement par thème\n",
        ]
        if guide.organisation.maturity is not None:
            out.append(f"- [Maturité]({link(path, MATURITY_PAGE)}){NNBSP}: auto-évaluation par dimension\n")
        out.append(landing_line(guide, path))
        out += [f"- [{inline(p.title)}]({link(path, p.page_path)})\n" for p in guide.organisation.extra_pages]
        printable = posixpath.relpath(routes.url_path(routes.CHARTER_PRINT_PAGE), posixpath.dirname(path)) + "/"
        out.append(f'- <a href="{printable}">La charte à imprimer</a> et '
                   f'<a href="{root}{CHARTER_PDF_FILE}" {PDF_SIZE_MARKER}>la charte en PDF</a>\n\n')
        out.append("## Fiches action { #fiches-action }\n\n")
        for theme, items in commitments_by_theme(guide):
            out.append(f"### {inline(theme.title)}\n\n")
            out += [f"- [{inline(c.fiche)} {inline(c.lever or guide.fiche(c.fiche).title)}]({link(path, sheet_page(c.fiche))}) — {c.status}\n" for c in items]
            out.append("\n")
    else:
        if guide.organisation.maturity is not None:
            out.append(f"- [Maturité]({link(path, MATURITY_PAGE)}){NNBSP}: auto-évaluation par dimension\n")
        out += [f"- [{inline(p.title)}]({link(path, p.page_path)})\n" for p in guide.organisation.extra_pages]
    if guide.organisation.own_fiches:
        out.append(f"\n## Nos fiches {{ #nos-fiches }}\n\n{inline(name)} a ajouté {len(guide.organisation.own_fiches)} fiches au guide\u202f:\n\n")
        out += [f"- [{fiche_label(f)}]({link(path, f.page_path)})\n" for f in guide.fiches if guide.organisation.is_own(f.id)]
    data = charter_data.listing(guide, path)
    if data:
        out.append(f"\n## Données ouvertes {{ #donnees-ouvertes }}\n\n{inline(guide.organisation.naming.subject)} publie sa démarche en données ouvertes, "
                   f"produites à chaque construction du site à partir des mêmes fichiers que ces pages "
                   f"([comment les lire]({link(path, routes.OPEN_DATA_PAGE)}))\u202f:\n\n{data}")
    return GeneratedPage(path, "".join(out))


def has_section(guide: Guide) -> bool:
    """Whether the fork publishes anything of its own under « Notre démarche »."""
    return guide.organisation.has_section


def organisation_pages(guide: Guide) -> list[GeneratedPage]:
    pages = []
    if has_section(guide):
        pages.append(landing_page(guide))
    if guide.organisation.charter is not None:
        pages.append(charter_page(guide))
        pages.append(plan_page(guide))
        pages += [action_sheet(guide, c) for c in guide.organisation.charter.commitments]
        pages += report_pages(guide)
    if guide.organisation.maturity is not None:
        pages.append(maturity_page(guide))
    pages += [GeneratedPage(p.page_path, p.markdown) for p in guide.organisation.extra_pages]
    return pages
