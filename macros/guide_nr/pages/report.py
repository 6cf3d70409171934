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
from guide_nr.pages.common import NNBSP, PDF_SIZE_MARKER, GeneratedPage, breadcrumb, front_matter
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


# -- words and numbers ---------------------------------------------------------------------


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


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count <= 1 else plural or word + 's'}"


def _row(*cells: str) -> str:
    """A table row: a pipe in the organisation's text must not split it."""
    return "| " + " | ".join(cell.replace("|", "&#124;") for cell in cells) + " |\n"


def _action_link(path: str, planned: PlannedAction) -> str:
    return f"[{inline(planned.action.title)}]({link(path, sheet_page(planned.commitment.fiche))})"


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
    out.append(f"En {year}{NNBSP}: {_plural(len(report.done), 'action réalisée', 'actions réalisées')}, "
               f"{_plural(len(report.ongoing), 'action en cours', 'actions en cours')}"
               + (f" dont {late} en retard" if late else "")
               + f", {_plural(len(report.abandoned), 'action abandonnée', 'actions abandonnées')}.\n\n")
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


def _done_section(path: str, report: YearReport) -> str:
    out = [f"## Actions réalisées en {report.year} {{ #realisees }}\n\n"]
    if not report.done:
        return out[0] + f"Aucune action n’a été achevée en {report.year}.\n\n"
    for p in sorted(report.done, key=lambda p: (p.state.done, p.commitment.fiche)):
        assert p.state.done is not None
        when = french_date(p.state.done)
        if p.action.done is None:
            when += " (date prévue, la date réelle n’est pas renseignée)"
        elif p.state.late_by:
            when += f", {delay(p.state.late_by)} après la date prévue"
        out.append(f"- {when}{NNBSP}: {_action_link(path, p)} ({inline(p.commitment.fiche)}, {inline(p.action.owner)})"
                   + (f" — {inline(p.action.comment)}" if p.action.comment else "") + "\n")
    return "".join(out) + "\n"


def _ongoing_section(path: str, report: YearReport) -> str:
    at = "à ce jour" if not report.final else f"au 31 décembre {report.year}"
    out = ["## Actions en cours { #en-cours }\n\n"]
    if not report.ongoing:
        return out[0] + f"Aucune action n’était en cours {at}.\n\n"
    out.append(f"État {at}{NNBSP}:\n\n")
    for p in report.ongoing:
        start = f"commencée le {french_date(p.action.started)} (prévue le {french_date(p.action.start)})" \
            if p.action.started and p.action.started != p.action.start else f"depuis le {french_date(p.action.start)}"
        state = f"**en retard de {delay(report.late_by(p))}**" if p in report.overdue else "dans les délais"
        out.append(f"- {_action_link(path, p)} ({inline(p.commitment.fiche)}), {start}, fin prévue le {french_date(p.action.end)}{NNBSP}: "
                   f"{state}" + (f" — {inline(p.action.comment)}" if p.action.comment else "") + "\n")
    return "".join(out) + "\n"


def _abandoned_section(path: str, report: YearReport) -> str:
    if not report.abandoned:
        return ""
    out = ["## Actions abandonnées { #abandonnees }\n\n"]
    for p in report.abandoned:
        reason = inline(p.action.comment) if p.action.comment else "sans commentaire"
        out.append(f"- {_action_link(path, p)} ({inline(p.commitment.fiche)}, fin prévue le {french_date(p.action.end)}){NNBSP}: {reason}\n")
    return "".join(out) + "\n"


def _indicators_section(report: YearReport) -> str:
    out = ["## Indicateurs { #indicateurs }\n\n"]
    rows = report.indicators
    if not rows:
        return out[0] + "La charte ne suit encore aucun indicateur.\n\n"
    years = sorted({y for row in rows for y, _ in row.history})
    charted = [row for row in rows if row.history and row.indicator.progress(row.history[-1][1]) is not None]
    shown_years = years[-len(YEAR_GREYS):]
    if charted:
        caption = (f"Indicateurs en {report.year}, du départ à la cible{NNBSP}: "
                   + " ; ".join(f"{row.indicator.indicator} : " + ", ".join(f"{y} {number(v)} {row.indicator.unit}" for y, v in row.history)
                                + f" (départ {number(row.indicator.baseline)}, cible {number(row.indicator.target)} {row.indicator.unit})"
                                for row in charted))
        legend = ", ".join(f"{y} ({GREY_NAMES[g]})" for y, g in zip(shown_years, YEAR_GREYS[-len(shown_years):], strict=True))
        out.append(f"Chemin parcouru de la valeur de départ (trait de gauche) à la cible (trait de droite), une barre par année{NNBSP}: "
                   f"{legend}. Les valeurs sont dans le tableau qui suit.\n\n")
        out.append(f'<figure class="maturite">{indicators_svg(charted, shown_years, caption, f"indicateurs-{report.year}")}</figure>\n\n')
    header = ["Indicateur (fiche)", "Départ", *[str(y) for y in years], "Cible", "Résultat"]
    out.append("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
    for row in rows:
        t = row.indicator
        unit = inline(t.unit)
        start = f"{number(t.baseline)} {unit}" + (f" ({t.baseline_year})" if t.baseline_year else "")
        values = [f"{number(v)} {unit}" if (v := dict(row.history).get(y)) is not None else "—" for y in years]
        note = next((m.note for m in t.values if m.year == report.year and m.note), None)
        verdict = row.verdict + (f" ({inline(note)})" if note else "")
        out.append(_row(f"{inline(t.indicator)} ({inline(row.commitment.fiche)})", start, *values,
                        f"{number(t.target)} {unit} au {french_date(t.date)}", verdict))
    if not years:
        out.append("\nAucune valeur n’a encore été mesurée.\n")
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
    by = f" par {inline(last.by)}" if last.by else ""
    compared = f", comparée à la précédente ({french_date(columns[0].date)})" if len(columns) > 1 else ""
    out.append(f"Auto-évaluation du {french_date(last.date)}{by}{compared}, de 1 (inexistant) à 5 (maximum){NNBSP}:\n\n")
    header = ["Dimension", *[french_date(a.date) for a in columns], "Évolution"]
    out.append("| " + " | ".join(header) + " |\n|" + "---|" * len(header) + "\n")
    for dimension in maturity.dimensions:
        scores = [a.score_of(dimension) for a in columns]
        cells = [f"{s.score} ({LEVELS[s.score].lower()})" if s else "—" for s in scores]
        first, final = scores[0], scores[-1]
        change = "—"
        if len(columns) > 1 and first and final:
            step = final.score - first.score
            change = "stable" if step == 0 else (f"+{step}" if step > 0 else str(step))
        out.append(_row(inline(dimension), *cells, change))
    return "".join(out) + "\n"


def _budget_section(report: YearReport) -> str:
    out = ["## Budget { #budget }\n\n"]
    if not report.budgets:
        return out[0] + f"Aucun budget n’est inscrit pour {report.year} dans la charte.\n\n"
    if report.budget_spent is None:
        out.append(f"Aucune dépense n’a été déclarée pour {report.year}{NNBSP}: le tableau ne donne que le budget prévu.\n\n")
    out.append("| Fiche | Prévu | Dépensé | Précision |\n|---|---|---|---|\n")
    for commitment, budget in report.budgets:
        spent = euros(budget.spent) if budget.spent is not None else "non déclaré"
        out.append(_row(inline(commitment.fiche), euros(budget.planned), spent, inline(budget.note) if budget.note else ""))
    total_spent = euros(report.budget_spent) if report.budget_spent is not None else "non déclaré"
    out.append(f"| **Total** | **{euros(report.budget_planned)}** | **{total_spent}** | |\n\n")
    return "".join(out)


def _next_year_section(path: str, report: YearReport) -> str:
    following = report.year + 1
    out = [f"## Prévu en {following} {{ #annee-suivante }}\n\n"]
    going_on = [p for p in report.next_year if p in report.ongoing]
    new = [p for p in report.next_year if p not in report.ongoing]
    if not report.next_year:
        return out[0] + f"Aucune action n’est prévue en {following} à ce jour.\n\n"
    if going_on:
        late = sum(1 for p in going_on if p in report.overdue)
        out.append(("L’action en cours ci-dessus se poursuit" if len(going_on) == 1 else
                    f"Les {len(going_on)} actions en cours ci-dessus se poursuivent") + f" en {following}"
                   + (f" (dont {late} en retard)" if late else "") + ".\n\n")
    if new:
        out.append(f"À commencer{NNBSP}:\n\n")
    for p in new:
        out.append(f"- {_action_link(path, p)} ({inline(p.commitment.fiche)}, {inline(p.action.owner)}), du {french_date(p.action.start)} "
                   f"au {french_date(p.action.end)}\n")
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
        front_matter(title, description, recherche=False, rubrique=LANDING_PAGE),
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

