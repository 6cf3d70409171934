"""An organisation's annual reports, under ``demarche/rapports/``: one « Rapport annuel AAAA »
page per reporting year (``model.report.reporting_years``: from the charter's first dated fact
to the build year, never a future year) and their index. Each report says what was done that
year, what is ongoing or late, what was abandoned, where the indicators stand against their
targets (one grey SVG chart with a text alternative, the same figures in a table), how the
maturity moved, the budget planned and spent, and what is planned for the next year. The
current year's report is provisional: « en cours, au <date de construction> ».

The printable report and its PDF are made by ``postbuild.printing`` from the built page."""

from __future__ import annotations

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.model.maturity import LEVELS, Assessment
from guide_nr.model.report import IndicatorYear, PlannedAction, YearReport, reporting_years, year_report
from guide_nr.pages.common import NNBSP, PDF_SIZE_MARKER, GeneratedPage, breadcrumb, delay, euros, front_matter, number, plural, table_row
from guide_nr.routes import LANDING_PAGE, REPORTS_INDEX, link, report_page, root_prefix, sheet_page
from guide_nr.templating import render
from guide_nr.text import french_date, inline

INDEX_TITLE = "Rapports annuels"
#: Shades of the years in the indicators chart, oldest first (the report's year is the darkest).
YEAR_GREYS = ["#bbbbbb", "#888888", "#333333"]
GREY_NAMES = {"#bbbbbb": "gris clair", "#888888": "gris moyen", "#333333": "gris très foncé"}


# -- what the reports cover ---------------------------------------------------------------


def report_years(guide: Guide) -> list[int]:
    """The years with a report: none without a charter."""
    charter = guide.organisation.charter
    return reporting_years(charter, guide.organisation.maturity, guide.today) if charter is not None else []


def report_of(guide: Guide, year: int) -> YearReport:
    charter = guide.organisation.charter
    if charter is None:
        raise ValueError("rapport annuel demandé pour un guide sans charte")
    return year_report(charter, guide.organisation.maturity, year, guide.today)


def year_state(report: YearReport) -> str:
    """« année close », or « en cours, au 30 novembre 2026 » for the current year."""
    if report.final:
        return "année close"
    assert report.as_of is not None
    return f"en cours, au {french_date(report.as_of)}"


def report_title(year: int) -> str:
    return f"Rapport annuel {year}"


# -- words ---------------------------------------------------------------------------------


def _with_comment(text: str, comment: str | None) -> str:
    return f"{text} — {inline(comment)}" if comment else text


# -- the chart -----------------------------------------------------------------------------


def indicators_svg(rows: list[IndicatorYear], years: list[int], caption: str, title_id: str) -> str:
    """One group of bars per indicator: how far each year's value went from the baseline (left
    line) to the target (right line), one grey per year, all the bars of a grey in one path."""
    label_width, span, bar, gap, top = 250, 300, 9, 10, 18
    greys = dict(zip(years, YEAR_GREYS[-len(years):], strict=True))
    group = bar * len(years)
    height = top + len(rows) * (group + gap) + 4
    bars: dict[str, list[str]] = {grey: [] for grey in greys.values()}
    texts = [{"x": label_width, "y": 12, "size": 10, "text": "départ", "anchor": "middle"},
             {"x": label_width + span, "y": 12, "size": 10, "text": "cible", "anchor": "middle"}]
    for index, row in enumerate(rows):
        y = top + index * (group + gap)
        label = row.indicator.indicator
        texts.append({"x": label_width - 8, "y": f"{y + group / 2 + 4:g}", "size": 11,
                      "text": label if len(label) <= 40 else label[:39] + "…", "anchor": "end"})
        for rank, year in enumerate(years):
            value = dict(row.history).get(year)
            share = row.indicator.progress(value) if value is not None else None
            if share is None:
                continue
            width = max(min(share, 1.2), 0) * span
            bars[greys[year]].append(f"M{label_width} {y + rank * bar}h{max(width, 1.5):.1f}v{bar - 1}h-{max(width, 1.5):.1f}z")
    axis = {"d": f"M{label_width} {top - 2}V{height}M{label_width + span} {top - 2}V{height}", "fill": "none",
            "stroke": "#000000", "stroke_width": 1}
    paths = [axis] + [{"d": "".join(d), "fill": grey, "stroke": None} for grey, d in bars.items() if d]
    width = label_width + int(span * 1.2) + 10
    return render("report_chart.html", width=width, height=height, title_id=title_id, caption=caption,
                  paths=paths, texts=texts).rstrip("\n")


# -- the report page -------------------------------------------------------------------------


def _summary(guide: Guide, report: YearReport) -> str:
    charter = guide.organisation.charter
    assert charter is not None
    naming = guide.organisation.naming
    year = report.year
    verb = "a fait" if report.final else "a fait jusqu’ici"
    out = [f"Ce rapport rend compte de ce que {inline(naming.with_article)} {verb} en {year} pour appliquer sa "
           f"[charte numérique responsable]({link(report_page(year), routes.CHARTER_PAGE)}).\n\n"]
    if not report.final:
        out.append(f"**Rapport provisoire{NNBSP}:** l’année {year} est {year_state(report)}. Les chiffres seront complétés à la fin de l’année.\n\n")
    late = len(report.overdue)
    out.append(f"En {year}{NNBSP}: {plural(len(report.done), 'action réalisée', 'actions réalisées')}, "
               f"{plural(len(report.ongoing), 'action en cours', 'actions en cours')}"
               + (f" dont {late} en retard" if late else "")
               + f", {plural(len(report.abandoned), 'action abandonnée', 'actions abandonnées')}.\n\n")
    events = []
    if charter.adoption is not None and charter.adoption.date.year == year:
        adoption = charter.adoption
        events.append(f"adoption de la charte le {french_date(adoption.date)}{NNBSP}: {inline(adoption.body)}"
                      + (f", {inline(adoption.reference)}" if adoption.reference else ""))
    for revision in charter.revisions:
        if revision.date.year == year and (charter.adoption is None or revision.date != charter.adoption.date):
            events.append(f"révision de la charte (version {inline(revision.version)}) le {french_date(revision.date)}{NNBSP}: "
                          f"{inline(revision.changes)}")
    if events:
        out.append("".join(f"- {e[0].upper()}{e[1:]}\n" for e in events) + "\n")
    return "".join(out)


def _by_commitment(planned: list[PlannedAction]) -> list[list[PlannedAction]]:
    """Actions grouped by commitment, in the order of their first action: one line per
    commitment keeps a report light however many actions a year holds."""
    groups: dict[str, list[PlannedAction]] = {}
    for p in planned:
        groups.setdefault(p.commitment.fiche, []).append(p)
    return list(groups.values())


def _sheet_link(path: str, fiche_id: str) -> str:
    return f"[fiche action {inline(fiche_id)}]({link(path, sheet_page(fiche_id))})"


def _done_section(path: str, report: YearReport) -> str:
    out = [f"## Actions réalisées en {report.year} {{ #realisees }}\n\n"]
    if not report.done:
        return out[0] + f"Aucune action n’a été achevée en {report.year}.\n\n"
    ordered = sorted(report.done, key=lambda p: (p.state.done, p.commitment.fiche))
    for group in _by_commitment(ordered):
        items = []
        for p in group:
            assert p.state.done is not None
            when = french_date(p.state.done)
            if p.action.done is None:
                when += ", date prévue (la date réelle n’est pas renseignée)"
            elif p.state.late_by:
                when += f", {delay(p.state.late_by)} après la date prévue"
            items.append(_with_comment(f"{inline(p.action.title)} ({inline(p.action.owner)}, le {when})", p.action.comment))
        out.append(f"- {_sheet_link(path, group[0].commitment.fiche)}{NNBSP}: " + " ; ".join(items) + "\n")
    return "".join(out) + "\n"


def _ongoing_section(path: str, report: YearReport) -> str:
    at = "à ce jour" if not report.final else f"au 31 décembre {report.year}"
    out = ["## Actions en cours { #en-cours }\n\n"]
    if not report.ongoing:
        return out[0] + f"Aucune action n’était en cours {at}.\n\n"
    out.append(f"État {at}{NNBSP}:\n\n")
    late = {id(p) for p in report.overdue}
    for group in _by_commitment(report.ongoing):
        items = []
        for p in group:
            start = f"commencée le {french_date(p.action.started)} (prévue le {french_date(p.action.start)})" \
                if p.action.started and p.action.started != p.action.start else f"depuis le {french_date(p.action.start)}"
            state = f"**en retard de {delay(report.late_by(p))}**" if id(p) in late else "dans les délais"
            items.append(_with_comment(f"{inline(p.action.title)}, {start}, fin prévue le {french_date(p.action.end)}{NNBSP}: {state}",
                                       p.action.comment))
        out.append(f"- {_sheet_link(path, group[0].commitment.fiche)}{NNBSP}: " + " ; ".join(items) + "\n")
    return "".join(out) + "\n"


def _abandoned_section(path: str, report: YearReport) -> str:
    if not report.abandoned:
        return ""
    out = ["## Actions abandonnées { #abandonnees }\n\n"]
    for group in _by_commitment(report.abandoned):
        items = [f"{inline(p.action.title)} (fin prévue le {french_date(p.action.end)}){NNBSP}: "
                 + (inline(p.action.comment) if p.action.comment else "sans commentaire") for p in group]
        out.append(f"- {_sheet_link(path, group[0].commitment.fiche)}{NNBSP}: " + " ; ".join(items) + "\n")
    return "".join(out) + "\n"


def _relevant(row: IndicatorYear, year: int) -> bool:
    """An indicator the year's report details: measured that year, or due that year."""
    return row.value is not None or row.indicator.date.year == year


def _indicators_section(report: YearReport) -> str:
    out = ["## Indicateurs { #indicateurs }\n\n"]
    rows = report.indicators
    if not rows:
        return out[0] + "La charte ne suit encore aucun indicateur.\n\n"
    year = report.year
    detailed = [row for row in rows if _relevant(row, year)]
    others = [row for row in rows if not _relevant(row, year)]
    years = sorted({y for row in detailed for y, _ in row.history})
    charted = [row for row in detailed if row.history and row.indicator.progress(row.history[-1][1]) is not None]
    shown_years = years[-len(YEAR_GREYS):]
    if charted:
        caption = (f"Indicateurs en {year}, du départ à la cible{NNBSP}: "
                   + " ; ".join(f"{row.indicator.indicator} : " + ", ".join(f"{y} {number(v)} {row.indicator.unit}" for y, v in row.history
                                                                           if y in shown_years)
                                + f" (départ {number(row.indicator.baseline)}, cible {number(row.indicator.target)} {row.indicator.unit})"
                                for row in charted))
        legend = ", ".join(f"{y} ({GREY_NAMES[g]})" for y, g in zip(shown_years, YEAR_GREYS[-len(shown_years):], strict=True))
        out.append(f"Chemin parcouru de la valeur de départ (trait de gauche) à la cible (trait de droite), une barre par année{NNBSP}: "
                   f"{legend}. Les valeurs sont dans le tableau qui suit.\n\n")
        out.append(f'<figure class="maturite">{indicators_svg(charted, shown_years, caption, f"indicateurs-{year}")}</figure>\n\n')
    if detailed:
        out.append(f"| Indicateur (fiche) | Valeur en {year}, résultat | Départ et cible |\n|---|---|---|\n")
    for row in detailed:
        t = row.indicator
        unit = inline(t.unit)
        earlier = [(y, v) for y, v in row.history if y < year]
        value = f"{number(row.value)} {unit}" if row.value is not None else "non mesurée"
        if earlier:
            value += f" ({earlier[-1][0]}{NNBSP}: {number(earlier[-1][1])} {unit})"
        start = f"de {number(t.baseline)} {unit}" + (f" ({t.baseline_year})" if t.baseline_year else "")
        note = next((m.note for m in t.values if m.year == year and m.note), None)
        verdict = row.verdict + (f" ({inline(note)})" if note else "")
        shown = value if row.verdict == "non mesurée" else f"{value}{NNBSP}: {verdict}"  # « non mesurée » said once
        out.append(table_row(f"{inline(t.indicator)} ({inline(row.commitment.fiche)})", shown,
                        f"{start} à {number(t.target)} {unit} au {french_date(t.date)}"))
    if others:
        out.append(("\n" if detailed else "") + f"Sans mesure en {year} ni échéance cette année-là{NNBSP}: "
                   + ", ".join(f"{inline(r.indicator.indicator)} ({inline(r.commitment.fiche)})" for r in others)
                   + ". Leurs valeurs de chaque année sont sur les fiches action.\n")
    return "".join(out) + "\n"


def _maturity_section(guide: Guide, report: YearReport) -> str:
    maturity = guide.organisation.maturity
    out = ["## Maturité { #maturite }\n\n"]
    if maturity is None:
        return out[0] + "Aucune auto-évaluation de la maturité n’est publiée.\n\n"
    if not report.assessments:
        latest = report.previous_assessment
        return out[0] + f"Aucune auto-évaluation de la maturité en {report.year}" + (
            f" ; la dernière date du {french_date(latest.date)}.\n\n" if latest else ".\n\n")
    columns: list[Assessment] = ([report.previous_assessment] if report.previous_assessment else []) + report.assessments
    last = report.assessments[-1]
    by = f" (menée par{NNBSP}: {inline(last.by)})" if last.by else ""
    compared = f", comparée à la précédente ({french_date(columns[0].date)})" if len(columns) > 1 else ""
    out.append(f"Auto-évaluation du {french_date(last.date)}{by}{compared}, de 1 (inexistant) à 5 (maximum){NNBSP}:\n\n")
    # Two columns whatever the history: the year's score, and how it moved since the previous one.
    since = f"Évolution depuis le {french_date(columns[0].date)}" if len(columns) > 1 else "Évolution"
    out.append(f"| Dimension | {french_date(last.date)} | {since} |\n|---|---|---|\n")
    for dimension in maturity.dimensions:
        first, final = columns[0].score_of(dimension), last.score_of(dimension)
        change = "—"
        if len(columns) > 1 and first and final:
            step = final.score - first.score
            change = "stable" if step == 0 else f"{'+' if step > 0 else ''}{step} (de {first.score} à {final.score})"
        out.append(table_row(inline(dimension), f"{final.score} ({LEVELS[final.score].lower()})" if final else "—", change))
    return "".join(out) + "\n"


def _budget_section(report: YearReport) -> str:
    out = ["## Budget { #budget }\n\n"]
    if not report.budgets:
        return out[0] + f"Aucun budget n’est inscrit pour {report.year} dans la charte.\n\n"
    if report.budget_spent is None:
        out.append(f"Aucune dépense n’a été déclarée pour {report.year}{NNBSP}: le tableau ne donne que le budget prévu.\n\n")
    out.append("| Fiche (ligne budgétaire) | Prévu | Dépensé |\n|---|---|---|\n")
    for commitment, budget in report.budgets:
        spent = euros(budget.spent) if budget.spent is not None else "non déclaré"
        out.append(table_row(inline(commitment.fiche) + (f" ({inline(budget.note)})" if budget.note else ""), euros(budget.planned), spent))
    total_spent = euros(report.budget_spent) if report.budget_spent is not None else "non déclaré"
    out.append(f"| **Total** | **{euros(report.budget_planned)}** | **{total_spent}** |\n\n")
    return "".join(out)


def _next_year_section(path: str, report: YearReport) -> str:
    following = report.year + 1
    out = [f"## Prévu en {following} {{ #annee-suivante }}\n\n"]
    going_on = report.ongoing  # not done by the year's end: each goes on, even past its planned end
    ongoing = {id(p) for p in report.ongoing}
    new = [p for p in report.next_year if id(p) not in ongoing]
    if not going_on and not new:
        return out[0] + f"Aucune action n’est prévue en {following} à ce jour.\n\n"
    if going_on:
        late = len(report.overdue)
        out.append(("L’action en cours ci-dessus se poursuit" if len(going_on) == 1 else
                    f"Les {len(going_on)} actions en cours ci-dessus se poursuivent") + f" en {following}"
                   + (f" (dont {late} en retard)" if late else "") + ".\n\n")
    if new:
        out.append(f"À commencer{NNBSP}:\n\n")
    for group in _by_commitment(new):
        out.append(f"- {_sheet_link(path, group[0].commitment.fiche)}{NNBSP}: " + " ; ".join(
            f"{inline(p.action.title)} ({inline(p.action.owner)}), du {french_date(p.action.start)} au {french_date(p.action.end)}"
            for p in group) + "\n")
    return "".join(out) + "\n"


def _print_links(from_path: str, year: int) -> str:
    """Raw links to the printable report and its PDF (written after the site generator ran)."""
    root = root_prefix(from_path)
    title = report_title(year)
    return (f'<a href="{root}{routes.url_path(routes.report_print_page(year))}">{title} à imprimer</a> · '
            f'<a href="{root}{routes.report_pdf_file(year)}" {PDF_SIZE_MARKER}>{title} en PDF</a>')


def report_markdown(guide: Guide, report: YearReport) -> GeneratedPage:
    path = report_page(report.year)
    title = report_title(report.year)
    description = f"Ce que {guide.organisation.naming.with_article} a fait en {report.year} pour un numérique responsable" + (
        "." if report.final else f" ({year_state(report)}).")
    out = [
        front_matter(title, description, recherche_nature="Rapport annuel", rubrique=LANDING_PAGE),
        f"# {title}\n\n",
        f'<p class="imprimer" data-pagefind-ignore><a href="{root_prefix(path)}{routes.page_url(REPORTS_INDEX)}">{INDEX_TITLE}</a> · '
        f'{_print_links(path, report.year)}</p>\n\n',
        _summary(guide, report),
        _done_section(path, report),
        _ongoing_section(path, report),
        _abandoned_section(path, report),
        _indicators_section(report),
        _maturity_section(guide, report),
        _budget_section(report),
        _next_year_section(path, report),
    ]
    return GeneratedPage(path, "".join(out))


def index_page(guide: Guide, years: list[int]) -> GeneratedPage:
    path = REPORTS_INDEX
    naming = guide.organisation.naming
    out = [
        front_matter(INDEX_TITLE, f"Les rapports annuels de la démarche numérique responsable {naming.of_name}.", recherche=False,
                     rubrique=LANDING_PAGE),
        breadcrumb(path, [("Notre démarche", LANDING_PAGE)], INDEX_TITLE),
        f"# {INDEX_TITLE}\n\n",
        f"Chaque année, {inline(naming.with_article)} rend compte de l’application de sa charte{NNBSP}: actions réalisées, "
        "en cours et abandonnées, indicateurs, maturité, budget et actions de l’année suivante. "
        "Le rapport de l’année en cours est provisoire.\n\n",
    ]
    for year in sorted(years, reverse=True):
        report = report_of(guide, year)
        out.append(f"- [{report_title(year)}]({link(path, report_page(year))}) ({year_state(report)}){NNBSP}: {_print_links(path, year)}\n")
    return GeneratedPage(path, "".join(out) + "\n")


def report_pages(guide: Guide) -> list[GeneratedPage]:
    """The index and one page per reporting year (nothing without a charter)."""
    years = report_years(guide)
    if not years:
        return []
    return [index_page(guide, years)] + [report_markdown(guide, report_of(guide, year)) for year in years]


def landing_line(guide: Guide, from_path: str) -> str:
    """The landing page's line to the reports (empty without any)."""
    years = report_years(guide)
    if not years:
        return ""
    states = ", ".join(f"{y}" + ("" if report_of(guide, y).final else " (en cours)") for y in years)
    return f"- [{INDEX_TITLE}]({link(from_path, REPORTS_INDEX)}){NNBSP}: {states}\n"

