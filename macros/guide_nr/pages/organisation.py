"""Pages of an organisation's fork, all under ``demarche/``: the landing page « Notre
démarche », the charter (heading, version and revisions, preamble, adoption, signatories,
commitments by theme, the practices not retained), the action plan (what is open this year
and next), the maturity self-assessments, one action sheet per retained commitment, the
organisation's own pages, and the commitment box shown on each committed fiche.

Every page is held to the « page de la démarche » budget (``postbuild/ecodesign.py``) by
design, for ten yearly assessments and forty commitments of three actions: the plan shows
what is open, the history stays on the action sheets and in the annual reports; a chart is
one inline SVG with few elements (all the bars of a series in one ``<path>``, their labels in
the table beside it), greys only, with a text alternative and the same figures in a table.
Actions are shown in the state ``model.report`` computes at the build date (``Guide.today``).
"""

from __future__ import annotations

import datetime as _dt
import posixpath

from guide_nr import routes
from guide_nr.model.charter import ACTION_STATUSES, STATUSES, Charter, Commitment
from guide_nr.model.guide import Guide
from guide_nr.model.maturity import LEVELS, Assessment, Maturity
from guide_nr.model.organisation import ExtraPage
from guide_nr.model.report import PlannedAction, action_state, all_actions
from guide_nr.model.theme import Theme
from guide_nr.pages import charter_data
from guide_nr.pages.action_sheet import action_sheet, counted, due_words, sheet_link, state_words
from guide_nr.pages.changelog import changes_since
from guide_nr.pages.common import NNBSP, PDF_SIZE_MARKER, GeneratedPage, enumeration, fiche_label, front_matter, plural, table_row
from guide_nr.pages.report import landing_line, number, report_pages
from guide_nr.routes import CHANGELOG_PAGE, CHARTER_PAGE, CHARTER_PDF_FILE, LANDING_PAGE, MATURITY_PAGE, PLAN_PAGE, link, root_prefix, sheet_page
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


def commitments_by_theme(guide: Guide, retained: bool = False) -> list[tuple[Theme, list[Commitment]]]:
    """``(theme, its commitments)`` for each theme with at least one, in guide order (only the
    retained ones, which have an action sheet, when ``retained``)."""
    charter = _charter(guide)
    commitments = charter.retained if retained else charter.commitments
    out = []
    for theme in guide.themes:
        mine = [c for c in commitments if guide.fiche(c.fiche).theme == theme.id]
        if mine:
            out.append((theme, mine))
    return out


def commitment_box(guide: Guide, commitment: Commitment, from_path: str) -> str:
    """Markdown admonition summarising the organisation's commitment on a fiche.

    A summary in one paragraph (the details are on the action sheet): fiche pages stay
    within their element budget. A practice « non retenue » has no sheet: its reason is given.
    """
    facts = []
    if commitment.reason:
        facts.append(f"raison{NNBSP}: {inline(commitment.reason)}")
    if commitment.lever:
        facts.append(f"levier{NNBSP}: {inline(commitment.lever)}")
    if commitment.pilot:
        facts.append(f"pilote{NNBSP}: {inline(commitment.pilot)}")
    if commitment.sponsor:
        facts.append(f"porteur{NNBSP}: {inline(commitment.sponsor)}")
    due = due_words(commitment, guide.today)
    if due and commitment.status != "réalisée":
        facts.append(due)
    if commitment.actions:
        states = [action_state(a, commitment, guide.today) for a in commitment.actions]
        done, late = sum(1 for s in states if s.status == "réalisée"), sum(1 for s in states if s.overdue)
        facts.append(f"{plural(len(states), 'action')}" + (f", dont {plural(done, 'réalisée')}" if done else ", aucune réalisée")
                     + (f" et {late} en retard" if late else ""))
    for target in commitment.targets:
        latest = target.latest
        unit = inline(target.unit)
        facts.append(f"cible{NNBSP}: {inline(target.indicator)}, de {number(target.baseline)} à {number(target.target)} {unit} "
                     f"d’ici le {french_date(target.date)}"
                     + (f" (dernière valeur{NNBSP}: {number(latest[1])} {unit}{f' en {latest[0]}' if latest[0] else ''})" if latest else ""))
    summary = (" ; ".join(facts) + ". ") if facts else ""
    if summary:
        summary = summary[0].upper() + summary[1:]
    title = inline(f"Engagement {guide.organisation.naming.of_name}, statut : {commitment.status}").replace('"', "&quot;")  # inside the quoted title
    sheet = f"[Fiche action]({link(from_path, sheet_page(commitment.fiche))}) · " if commitment.retained else ""
    return f'!!! note "{title}"\n\n    {summary}{sheet}[Toute la charte]({link(from_path, CHARTER_PAGE)})\n\n'


def charter_date(charter: Charter) -> _dt.date | None:
    """The date of the charter in force: its current version's revision, else its adoption."""
    revision = next((r for r in charter.revisions if r.version == charter.current_version), None)
    if revision is not None:
        return revision.date
    return charter.adoption.date if charter.adoption is not None else None


def charter_page(guide: Guide) -> GeneratedPage:
    charter = _charter(guide)
    naming = guide.organisation.naming
    path = CHARTER_PAGE
    retained = charter.retained
    refused = [c for c in charter.commitments if not c.retained]
    heading = charter.heading
    out = [
        front_matter(heading, f"{charter.full_title(naming.of_name)} : ses engagements pour un numérique responsable, leurs pilotes et leurs échéances.",
                     recherche_nature="Charte", hide=["toc"], rubrique=LANDING_PAGE),
        f"# {inline(heading)}\n\n",
        f"{inline(naming.subject)} s’engage sur {plural(len(retained), 'pratique')} du guide commun "
        f"(charte écrite sur la version {inline(charter.guide_version)} du guide)"
        + (f"{NNBSP}; {plural(len(refused), 'pratique examinée n’a', 'pratiques examinées n’ont')} pas été "
           f"retenue{'s' if len(refused) > 1 else ''}" if refused else "") + ".",
    ]
    version, when = charter.current_version, charter_date(charter)
    if version or when:
        out.append(f" Version en vigueur{NNBSP}: {inline(version) if version else 'non numérotée'}" + (f", du {french_date(when)}" if when else "") + ".")
    out.append("\n\n")
    if charter.preamble:
        out.append(f"## Préambule {{ #preambule }}\n\n{charter.preamble.strip()}\n\n")  # Markdown checked when the charter was loaded
    if charter.adoption is not None or charter.signatories:
        out.append('## Adoption { #adoption }\n\n<div class="fiche-faits" markdown>\n\n')
        if charter.adoption is not None:
            out.append(f"Adoptée le\n:   {french_date(charter.adoption.date)}\n\nPar\n:   {inline(charter.adoption.body)}\n\n")
            if charter.adoption.reference:
                out.append(f"Référence\n:   {inline(charter.adoption.reference)}\n\n")
        if charter.signatories:
            out.append("".join(f"{'Signée par' if n == 0 else 'Et par'}\n:   {inline(s.name)}, {inline(s.role)}\n\n"
                               for n, s in enumerate(charter.signatories)))
        out.append("</div>\n\n")
    if charter.revisions:
        out.append("## Versions { #versions }\n\n| Version | Date | Changements |\n|---|---|---|\n")
        out += [table_row(inline(r.version), french_date(r.date), inline(r.changes)) for r in charter.revisions]
        out.append("\n")
    counts = ", ".join(counted(sum(1 for c in retained if c.status == s), s) for s in STATUSES if any(c.status == s for c in retained))
    out.append(f"## Engagements {{ #engagements }}\n\n{plural(len(retained), 'engagement retenu', 'engagements retenus')} par "
               f"{inline(naming.short_subject)}, par thème ({counts}), chacun avec sa fiche action.\n\n")
    for theme, items in commitments_by_theme(guide, retained=True):
        out.append(f"### {inline(theme.title)}\n\n")
        for item in items:
            fiche = guide.fiche(item.fiche)
            facts = [item.status] + ([f"pilote{NNBSP}: {inline(item.pilot)}"] if item.pilot else [])
            due = due_words(item, guide.today)
            if due and item.status != "réalisée":
                facts.append(due)
            if item.lever:
                out.append(f"- [{inline(item.lever)}]({link(path, sheet_page(fiche.id))}), fiche [{fiche_label(fiche)}]({link(path, fiche.page_path)})"
                           f"{NNBSP}: {', '.join(facts)}\n")
            else:
                out.append(f"- [{fiche_label(fiche)}]({link(path, fiche.page_path)}){NNBSP}: {', '.join(facts)} "
                           f"([fiche action {inline(fiche.id)}]({link(path, sheet_page(fiche.id))}))\n")
        out.append("\n")
    if refused:
        out.append("## Pratiques non retenues { #non-retenues }\n\n")
        for item in refused:
            fiche = guide.fiche(item.fiche)
            out.append(f"- [{fiche_label(fiche)}]({link(path, fiche.page_path)})" + (f"{NNBSP}: {inline(item.reason)}" if item.reason else "") + "\n")
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
    # The charter's own fiches are named in one sentence per kind, the others counted, and the
    # journal (with the reason of each change) is one link away: an upstream release that revises
    # every fiche keeps this page within its budget whatever the number of commitments.
    committed = {c.fiche for c in _charter(guide).commitments}
    others = 0
    for label, ids in (("ajoutées", changes.added), ("modifiées", changes.modified), ("retirées", changes.retired)):
        listed = [i for i in ids if i in committed]
        others += len(ids) - len(listed)
        if listed:
            out.append(f"Fiches {label} sur lesquelles la charte s’engage, engagement de la charte à revoir\u202f: "
                       f"{enumeration([inline(i) for i in listed])}.\n\n")
    out.append((f"{plural(others, 'autre fiche du guide a', 'autres fiches du guide ont')} changé. " if others else "")
               + f"Pourquoi chaque fiche a changé\u202f: [journal des modifications]({link(path, CHANGELOG_PAGE)}).\n\n")
    return "".join(out)


#: Shades of the assessments in the maturity chart, oldest first (the latest is the darkest).
HISTORY_GREYS = ["#bbbbbb", "#888888", "#555555"]


Number = int | float | str  # chart coordinates, some already formatted


def _text(x: Number, y: Number, size: int, text: str, fill: str, anchor: str | None = None) -> dict:
    return {"kind": "text", "x": x, "y": y, "size": size, "text": text, "fill": fill, "anchor": anchor}


def _path(d: str, fill: str = "none", stroke: str | None = None, stroke_width: Number | None = None) -> dict:
    """Many rectangles or lines of one grey as a single element (``d``: numbers the engine wrote)."""
    return {"kind": "path", "d": d, "fill": fill, "stroke": stroke, "stroke_width": stroke_width}


def _box(x: float, y: float, width: float, height: float) -> str:
    """A rectangle as a closed subpath of a ``<path>``."""
    return f"M{x:.1f} {y:.1f}h{width:.1f}v{height:.1f}h{-width:.1f}z"


def _chart(width: Number, height: Number, title_id: str, caption: str, shapes: list[dict]) -> str:
    return render("chart.html", width=width, height=height, title_id=title_id, caption=caption, shapes=shapes).rstrip("\n")


def charted_assessments(maturity: Maturity) -> list[Assessment]:
    """The assessments the chart compares: all of them up to three, else the first (the
    baseline), the previous and the latest; the table beside it keeps every one."""
    ordered = maturity.ordered
    return ordered if len(ordered) <= len(HISTORY_GREYS) else [ordered[0], ordered[-2], ordered[-1]]


def maturity_svg(dimensions: list[str], shown: list[Assessment], caption: str) -> str:
    """Horizontal bars, one group per dimension scored 1–5, one bar per assessment shown (oldest
    lightest): each assessment's bars are one path, the dimensions' names the only labels."""
    greys = HISTORY_GREYS[-len(shown):]
    bar, gap, label_width, unit = 10, 10, 250, 60
    group = len(shown) * bar
    height = len(dimensions) * (group + gap) + 30
    grid = "".join(f"M{label_width + level * unit} 0V{height - 20}" for level in range(1, 6))
    shapes = [_path(grid, stroke="#bbbbbb", stroke_width=1)]
    shapes += [_text(label_width + level * unit, height - 5, 11, str(level), "#333333", "middle") for level in range(1, 6)]
    for index, dimension in enumerate(dimensions):
        y = index * (group + gap)
        shapes.append(_text(label_width - 8, f"{y + group / 2 + 4:g}", 12, dimension, "#000000", "end"))
    for rank, (assessment, grey) in enumerate(zip(shown, greys, strict=True)):
        boxes = []
        for index, dimension in enumerate(dimensions):
            score = assessment.score_of(dimension)
            if score is not None:
                boxes.append(_box(label_width, index * (group + gap) + rank * bar, score.score * unit, bar - 2))
        shapes.append(_path("".join(boxes), grey, "#000000", 0.5))
    return _chart(label_width + 5 * unit + 20, height, "maturite-titre", caption, shapes)


def _scores(assessment: Assessment, dimensions: list[str]) -> str:
    return ", ".join(f"{d} {s.score}/5" for d in dimensions if (s := assessment.score_of(d)) is not None)


def _evolution(dimension: str, ordered: list[Assessment]) -> str:
    """How a dimension moved: from the first assessment to the latest, and since the previous one."""
    scored = [(a, s) for a in ordered if (s := a.score_of(dimension)) is not None]
    if not scored:
        return "Pas encore évaluée."
    (first, start), (last, end) = scored[0], scored[-1]
    if len(scored) == 1:
        return f"{end.score}/5 ({LEVELS[end.score].lower()}) le {french_date(last.date)}, première évaluation."

    def change(before: int, after: int) -> str:
        return "stable" if before == after else f"{after - before:+d}"

    previous = scored[-2][1]
    return (f"De {start.score}/5 ({LEVELS[start.score].lower()}) le {french_date(first.date)} à {end.score}/5 "
            f"({LEVELS[end.score].lower()}) le {french_date(last.date)}{NNBSP}: {change(start.score, end.score)} depuis la première évaluation, "
            f"{change(previous.score, end.score)} depuis la précédente ({french_date(scored[-2][0].date)}).")


def _sentence(text: str) -> str:
    return text if text.rstrip().endswith((".", "!", "?", "…")) else text.rstrip() + "."


def maturity_page(guide: Guide) -> GeneratedPage:
    maturity = _maturity(guide)
    naming = guide.organisation.naming
    path = MATURITY_PAGE
    dimensions = list(maturity.dimensions)
    ordered = maturity.ordered
    first, latest = ordered[0], ordered[-1]
    shown = charted_assessments(maturity)
    greys = HISTORY_GREYS[-len(shown):]
    caption = (f"Maturité au {french_date(latest.date)}, de 1 (inexistant) à 5 (maximum){NNBSP}: {_scores(latest, dimensions)}"
               + "".join(f" ; {'première' if a is first else 'précédente'} évaluation, le {french_date(a.date)}{NNBSP}: {_scores(a, dimensions)}"
                         for a in shown[:-1]))
    if len(shown) < len(ordered):
        legend = (f"Le graphique compare la première évaluation ({french_date(first.date)}, {GREY_NAMES[greys[0]]}), la précédente "
                  f"({french_date(shown[1].date)}, {GREY_NAMES[greys[1]]}) et la dernière ({french_date(latest.date)}, {GREY_NAMES[greys[2]]}){NNBSP}; "
                  f"le tableau donne les {len(ordered)} évaluations.\n\n")
    elif len(shown) > 1:
        legend = ("Une barre par évaluation, de la plus ancienne à la plus récente\u202f: "
                  + ", ".join(f"{french_date(a.date)} ({GREY_NAMES[grey]})" for a, grey in zip(shown, greys, strict=True)) + ".\n\n")
    else:
        legend = ""
    out = [
        front_matter("Maturité numérique responsable", f"Les auto-évaluations {naming.of_name}, dimension par dimension, depuis le {french_date(first.date)}.",
                     recherche_nature="Maturité", hide=["toc"], rubrique=LANDING_PAGE),
        "# Maturité numérique responsable\n\n",
        f"{inline(naming.subject)} évalue sa maturité numérique responsable{NNBSP}: "
        + (f"{len(ordered)} auto-évaluations, du {french_date(first.date)} au {french_date(latest.date)}. " if len(ordered) > 1
           else f"première auto-évaluation le {french_date(latest.date)}. ")
        + "Échelle\u202f: " + ", ".join(f"{n} {label.lower()}" for n, label in LEVELS.items()) + ".\n\n",
        legend,
        f'<figure class="maturite">{maturity_svg(dimensions, shown, caption)}</figure>\n\n',
        "## Évaluations { #evaluations }\n\n",
        table_row("Dimension", *(french_date(a.date) for a in ordered)),
        "|---|" + "---|" * len(ordered) + "\n",
    ]
    for dimension in dimensions:
        out.append(table_row(inline(dimension), *(f"{s.score}/5" if (s := a.score_of(dimension)) is not None else "—" for a in ordered)))
    out.append(table_row("Menée par", *(inline(a.by) if a.by else "non précisé" for a in ordered)) + "\n")
    out.append("## Par dimension { #par-dimension }\n\n")
    for dimension, ids in maturity.dimensions.items():
        out.append(f"### {inline(dimension)}\n\n{_evolution(dimension, ordered)}\n\n")
        comments = [(a, s.comment) for a in ordered if (s := a.score_of(dimension)) is not None and s.comment]
        if comments:  # every dated comment, in one paragraph: the page stays light with ten years of them
            out.append(" ".join(f"Le {french_date(a.date)}{NNBSP}: {inline(_sentence(comment))}" for a, comment in comments) + "\n\n")
        if ids:
            out.append("Pour progresser\u202f: " + ", ".join(f"[{fiche_label(guide.fiche(i))}]({link(path, guide.fiche(i).page_path)})" for i in ids) + ".\n\n")
    return GeneratedPage(path, "".join(out))


def by_status(commitments: list[Commitment]) -> str:
    """« 1 en cours, 2 réalisées »: the commitments counted by status, in the order of STATUSES."""
    return ", ".join(counted(n, s) for s in STATUSES if (n := sum(1 for c in commitments if c.status == s)))


def open_actions(charter: Charter, today: _dt.date) -> list[PlannedAction]:
    """The actions still to do that run this year or the next (late ones included), soonest
    planned end first: what the plan shows. Done and abandoned actions stay on the sheets."""
    horizon = _dt.date(today.year + 1, 12, 31)
    opened = [p for p in all_actions(charter, today) if p.state.status in ("prévue", "en cours") and p.action.start <= horizon]
    return sorted(opened, key=lambda p: (p.action.end, p.action.start, p.commitment.fiche))


def timeline_svg(rows: list[PlannedAction], first: _dt.date, last: _dt.date, today: _dt.date, caption: str) -> str:
    """One bar per open action, in the order of the table beside it, from its start to its
    planned end on a yearly axis — a late one, darker, up to the build date, marked by a line —:
    the bars of a grey in one path; the actions are named in the table, not in the chart."""
    left, width, row, bar = 10, 600, 10, 6
    span = (last - first).days + 1
    height = len(rows) * row + 34

    def x(date: _dt.date) -> float:
        return left + width * (min(max(date, first), last + _dt.timedelta(days=1)) - first).days / span

    years = list(range(first.year, last.year + 1))
    grid = "".join(f"M{x(_dt.date(y, 1, 1)):.1f} 0V{height - 18}" for y in years) + f"M{left + width} 0V{height - 18}"
    shapes = [_path(grid, stroke="#bbbbbb", stroke_width=1)]
    shapes += [_text(f"{(x(_dt.date(y, 1, 1)) + x(min(_dt.date(y, 12, 31), last)) ) / 2:.1f}", height - 4, 11, str(y), "#333333", "middle")
               for y in years]
    for late, grey in ((False, "#888888"), (True, "#222222")):
        boxes = [_box(x(p.action.start), index * row + 2, max(x(today if late else p.action.end) - x(p.action.start), 2), bar)
                 for index, p in enumerate(rows) if p.state.overdue == late]
        if boxes:
            shapes.append(_path("".join(boxes), grey))
    now = x(today)
    shapes += [_path(f"M{now:.1f} 0V{height - 18}", stroke="#000000", stroke_width=1.5)]
    return _chart(left * 2 + width, height, "frise-titre", caption, shapes)


def progress_svg(groups: list[tuple[Theme, list[Commitment]]], caption: str) -> str:
    """Commitments per theme, stacked by status: one path per status (greys, outlined), the
    themes' names the only labels (the counts are in the table)."""
    label_width, row = 220, 22
    widest = max(len(items) for _, items in groups)
    unit = min(40.0, 360 / widest)
    shapes = [_text(label_width - 8, index * row + 15, 11, theme.short_title, "#000000", "end") for index, (theme, _) in enumerate(groups)]
    boxes: dict[str, list[str]] = {status: [] for status in STATUSES}
    for index, (_, items) in enumerate(groups):
        x = float(label_width)
        for status in STATUSES:
            count = sum(1 for c in items if c.status == status)
            if count:
                boxes[status].append(_box(x, index * row + 3, count * unit, row - 6))
                x += count * unit
    shapes += [_path("".join(d), STATUS_GREYS[status], "#000000", 0.5) for status, d in boxes.items() if d]
    return _chart(label_width + round(widest * unit) + 20, len(groups) * row + 6, "avancement-titre", caption, shapes)


def plan_page(guide: Guide) -> GeneratedPage:
    charter = _charter(guide)
    naming = guide.organisation.naming
    today = guide.today
    path = PLAN_PAGE
    actions = all_actions(charter, today)
    opened = open_actions(charter, today)
    later = sum(1 for p in actions if p.state.status in ("prévue", "en cours")) - len(opened)
    first, last = _dt.date(today.year, 1, 1), _dt.date(today.year + 1, 12, 31)
    late = sum(1 for p in actions if p.state.overdue)
    tally = {s: sum(1 for p in actions if p.state.status == s) for s in ACTION_STATUSES}
    counts = ", ".join(counted(n, s) for s, n in tally.items() if n)
    out = [
        front_matter("Plan d’action", f"Ce que {naming.with_article} a en cours et prévoit en {today.year} et {today.year + 1}, "
                                      "et l’avancement de ses engagements.", recherche_nature="Plan d’action", hide=["toc"],
                     rubrique=LANDING_PAGE),
        "# Plan d’action\n\n",
        f"Au {french_date(today)}, {inline(naming.with_article)} suit {plural(len(charter.retained), 'engagement')} et "
        f"{plural(len(actions), 'action')}" + (f" ({counts})" if counts else "") + (f", dont {late} en retard" if late else "") + ".\n\n",
        f"## Actions ouvertes en {today.year} et {today.year + 1} {{ #actions-ouvertes }}\n\n",
    ]
    if opened:
        caption = (f"Frise des {len(opened)} actions ouvertes, du {french_date(first)} au {french_date(last)}, à la date du {french_date(today)}{NNBSP}: "
                   + " ; ".join(f"{p.commitment.fiche} — {p.action.title}, du {french_date(p.action.start)} au {french_date(p.action.end)}"
                                + (", en retard" if p.state.overdue else "") for p in opened))
        out += [
            f"Une barre par action, dans l’ordre du tableau, de son début à sa fin prévue ({GREY_NAMES['#888888']}){NNBSP}; "
            f"une action en retard va jusqu’au trait vertical qui marque le {french_date(today)} ({GREY_NAMES['#222222']}).\n\n",
            f'<figure class="maturite">{timeline_svg(opened, first, last, today, caption)}</figure>\n\n',
            table_row("Action (fiche, période prévue, responsable)", f"État au {french_date(today)}"), "|---|---|\n",
        ]
        out += [table_row(f"[{inline(p.action.title)}]({link(path, sheet_page(p.commitment.fiche))}) ({inline(p.commitment.fiche)}), "
                     f"du {french_date(p.action.start)} au {french_date(p.action.end)}, {inline(p.action.owner)}",
                     state_words(p.action, p.state, today)) for p in opened]
        out.append("\n")
    else:
        out.append(f"Aucune action ouverte en {today.year} ni en {today.year + 1}.\n\n")
    history = "Les actions réalisées ou abandonnées sont sur la fiche action de chaque engagement"
    if later > 0:
        history += f", comme {'l’action prévue' if later == 1 else f'les {later} actions prévues'} après {today.year + 1}"
    out.append(f"{history}{NNBSP}; le bilan de chaque année est dans les rapports annuels, listés sur [Notre démarche]({link(path, LANDING_PAGE)}).\n\n")
    groups = commitments_by_theme(guide)
    caption = (f"Engagements par thème et par statut ({by_status(charter.commitments)}) — "
               + " ; ".join(f"{theme.short_title} : {by_status(mine)}" for theme, mine in groups))
    out += [
        "## Avancement des engagements par thème { #avancement }\n\n",
        "Du plus avancé au moins avancé\u202f: " + ", ".join(f"{status} ({GREY_NAMES[grey]})" for status, grey in STATUS_GREYS.items()) + ".\n\n",
        f'<figure class="maturite">{progress_svg(groups, caption)}</figure>\n\n',
        table_row("Thème", "Engagements", "Par statut"), "|---|---|---|\n",
    ]
    out += [table_row(inline(theme.title), str(len(mine)), by_status(mine)) for theme, mine in groups]
    return GeneratedPage(path, "".join(out))


def landing_page(guide: Guide) -> GeneratedPage:
    """« Notre démarche »: the entry to everything the organisation publishes."""
    path = LANDING_PAGE
    naming = guide.organisation.naming
    charter = guide.organisation.charter
    out = [
        # A list of links (the sheets repeat the fiches' titles): left out of the search index, like the guide's lists.
        front_matter("Notre démarche", f"La démarche numérique responsable {naming.of_name} : charte, plan d’action, maturité.", recherche=False),
        "# Notre démarche\n\n",
        f"{inline(naming.subject)} publie ici sa démarche numérique responsable, construite sur le guide commun"
        + (f" (version {inline(charter.guide_version)})" if charter else "") + ".\n\n",
    ]
    if charter is not None:
        root = root_prefix(path)
        adopted = f", adoptée le {french_date(charter.adoption.date)}" if charter.adoption else ""
        out += [
            f"- [{inline(charter.heading)}]({link(path, CHARTER_PAGE)}){NNBSP}: {plural(len(charter.retained), 'engagement')}{adopted}\n",
            f"- [Plan d’action]({link(path, PLAN_PAGE)}){NNBSP}: les actions ouvertes en {guide.today.year} et {guide.today.year + 1}, "
            "l’avancement par thème\n",
        ]
        if guide.organisation.maturity is not None:
            out.append(f"- [Maturité]({link(path, MATURITY_PAGE)}){NNBSP}: auto-évaluation par dimension\n")
        out.append(landing_line(guide, path))
        out += [f"- [{inline(p.title)}]({link(path, p.page_path)})\n" for p in guide.organisation.extra_pages]
        printable = posixpath.relpath(routes.url_path(routes.CHARTER_PRINT_PAGE), posixpath.dirname(path)) + "/"
        out.append(f'- <a href="{printable}">La charte à imprimer</a> et '
                   f'<a href="{root}{CHARTER_PDF_FILE}" {PDF_SIZE_MARKER}>la charte en PDF</a>\n\n')
        out.append("## Fiches action { #fiches-action }\n\n")
        for theme, items in commitments_by_theme(guide, retained=True):
            out.append(f"### {inline(theme.title)}\n\n")
            out += [f"- {sheet_link(guide, c, path)} — {c.status}\n" for c in items]
            out.append("\n")
    else:
        if guide.organisation.maturity is not None:
            out.append(f"- [Maturité]({link(path, MATURITY_PAGE)}){NNBSP}: auto-évaluation par dimension\n")
        out += [f"- [{inline(p.title)}]({link(path, p.page_path)})\n" for p in guide.organisation.extra_pages]
    if guide.organisation.own_fiches:
        out.append(f"\n## Nos fiches {{ #nos-fiches }}\n\n{inline(naming.short_subject[0].upper() + naming.short_subject[1:])} a ajouté "
                   f"{plural(len(guide.organisation.own_fiches), 'fiche')} au guide\u202f:\n\n")
        out += [f"- [{fiche_label(f)}]({link(path, f.page_path)})\n" for f in guide.fiches if guide.organisation.is_own(f.id)]
    data = charter_data.listing(guide, path)
    if data:
        out.append(f"\n## Données ouvertes {{ #donnees-ouvertes }}\n\n{inline(guide.organisation.naming.subject)} publie sa démarche en données ouvertes, "
                   f"produites à chaque construction du site à partir des mêmes fichiers que ces pages "
                   f"([comment les lire]({link(path, routes.OPEN_DATA_PAGE)}))\u202f:\n\n{data}")
    return GeneratedPage(path, "".join(out))


def home_title(guide: Guide, default: str) -> str:
    """The home page's heading, escaped for Markdown: a fork's own when organisation.yml gives a
    home text (``home.title``, else its site title), the guide's (``default``) otherwise."""
    identity = guide.organisation.identity
    if identity is None or identity.home is None:
        return inline(default)
    return inline(identity.home.title or identity.site_name or default)


def home_text(guide: Guide) -> str:
    """A fork's own text at the top of its home page: Markdown checked like every organisation
    text when organisation.yml was loaded, inserted as data (never run as a template); nothing
    for the common guide."""
    identity = guide.organisation.identity
    if identity is None or identity.home is None:
        return ""
    return identity.home.text.strip() + "\n"


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
        pages += [action_sheet(guide, c) for c in guide.organisation.charter.retained]  # « non retenue »: no sheet
        pages += report_pages(guide)
    if guide.organisation.maturity is not None:
        pages.append(maturity_page(guide))
    pages += [extra_page(p) for p in guide.organisation.extra_pages]
    return pages


def extra_page(page: ExtraPage) -> GeneratedPage:
    """An organisation's own page, as written; in the search index as a page of the démarche
    (unless its own front matter says otherwise)."""
    if page.markdown.startswith("---"):
        return GeneratedPage(page.page_path, page.markdown)
    return GeneratedPage(page.page_path, "---\nrecherche_nature: Démarche\n---\n\n" + page.markdown)
