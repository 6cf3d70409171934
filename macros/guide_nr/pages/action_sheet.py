"""The action sheet (« fiche action ») of a retained commitment, after the seed's template, and
the words the organisation's pages share to speak of a commitment: its sheet's title (the
organisation's lever, the guide fiche named beside it), its deadline (set, or only the last
planned date), an action's state at the build date (« en retard » in words), an indicator's
yearly values and whether its target is reached."""

from __future__ import annotations

import datetime as _dt

from guide_nr import routes
from guide_nr.model.charter import Action, Commitment
from guide_nr.model.guide import Guide
from guide_nr.model.indicator import Indicator
from guide_nr.model.report import ActionState, action_state
from guide_nr.pages.common import NNBSP, GeneratedPage, delay, euros, fiche_label, front_matter, number, plural, table_row
from guide_nr.routes import CHARTER_PAGE, PLAN_PAGE, link, sheet_page
from guide_nr.text import french_date, inline


def counted(count: int, status: str) -> str:
    """« 1 réalisée », « 3 planifiées », « 2 en cours », « 1 à étudier »: a status agreed in number."""
    return f"{count} {status}" if count <= 1 or status in ("en cours", "à étudier") else f"{count} {status}s"


def sheet_title(guide: Guide, commitment: Commitment) -> str:
    """An action sheet's own title (plain text): the organisation's lever, else the guide fiche's title."""
    return commitment.lever or guide.fiche(commitment.fiche).title


def sheet_link(guide: Guide, commitment: Commitment, from_path: str) -> str:
    """A retained commitment's action sheet as a Markdown link: titled by its lever, with the
    guide fiche (id and title) named next to it; without a lever, by the guide fiche."""
    fiche = guide.fiche(commitment.fiche)
    target = link(from_path, sheet_page(fiche.id))
    if commitment.lever:
        return f"[{inline(commitment.lever)}]({target}) (fiche {fiche_label(fiche)})"
    return f"[{fiche_label(fiche)}]({target})"


def due_words(commitment: Commitment, today: _dt.date) -> str | None:
    """The commitment's deadline (``Commitment.due``), saying whether it was set or is only the
    last date its targets and actions plan, and when it has passed with the commitment not
    done (« en retard », in words)."""
    due = commitment.due
    if due is None:
        return None
    date, kind = due
    late = commitment.status not in ("réalisée", "non retenue") and date < today
    overdue = f", **dépassée de {(today - date).days} jours : engagement en retard**" if late else ""
    if kind == "échéance":
        return f"échéance le {french_date(date)}{overdue}"
    return f"pas d’échéance fixée, dernière date prévue le {french_date(date)}{overdue}"


def state_words(action: Action, state: ActionState, today: _dt.date) -> str:
    """An action's state at the build date, in words (never in colour alone): « réalisée le … »,
    « en cours », « prévue », « abandonnée », its actual start, « en retard de N jours » once its
    planned end has passed, and its comment."""
    if state.status == "réalisée":
        words = (f"réalisée le {french_date(action.done)}" if action.done is not None
                 else f"réalisée (engagement réalisé ; fin prévue le {french_date(action.end)})")
        if action.done is not None and state.late_by:
            words += f", {delay(state.late_by)} après la fin prévue"
    else:
        words = state.status
    if action.started is not None:
        words += f", commencée le {french_date(action.started)}"
    if state.overdue:
        words += f", **en retard** de {delay(state.late_by)} au {french_date(today)}"
    if action.comment:
        words += f"{NNBSP}: {inline(action.comment)}" if state.status == "abandonnée" else f" — {inline(action.comment)}"
    return words


def measured_words(indicator: Indicator) -> str:
    """Every yearly value of an indicator with its note; the old ``current`` field is said to have no year."""
    unit = inline(indicator.unit)
    if indicator.values:
        return " ; ".join(f"{m.year}{NNBSP}: {number(m.value)} {unit}" + (f" ({inline(m.note)})" if m.note else "")
                          for m in sorted(indicator.values, key=lambda m: m.year))
    if indicator.current is not None:
        return f"{number(indicator.current)} {unit} (dernière valeur, année non précisée)"
    return "aucune valeur mesurée"


def reached_words(indicator: Indicator, today: _dt.date) -> str:
    """Whether the latest value reaches the target, at the build date."""
    latest = indicator.latest
    if latest is None:
        return "non mesurée"
    year, value = latest
    if indicator.reached(value):
        return "atteinte" + (f" ({year})" if year else "")
    return "non atteinte à l’échéance" if indicator.date < today else "pas encore atteinte"


def _month(date: _dt.date) -> str:
    return french_date(date).split(" ", 1)[1]


def _budget_rows(commitment: Commitment, today: _dt.date) -> str:
    """Budget planned and spent each year, with its note; a total when there are several years."""
    if not commitment.budgets:
        return ""
    out = ["### Budget par année { #budget }\n\n", table_row("Année", "Prévu", "Dépensé", "Note"), "|---|---|---|---|\n"]
    lines = sorted(commitment.budgets, key=lambda b: b.year)
    for line in lines:
        spent = euros(line.spent) if line.spent is not None else ("année en cours, pas encore arrêté" if line.year == today.year else "année à venir" if line.year > today.year else "non déclaré")
        out.append(table_row(str(line.year), euros(line.planned), spent, inline(line.note) if line.note else ""))
    if len(lines) > 1:
        declared = [b.spent for b in lines if b.spent is not None]
        out.append(table_row("Total", euros(sum(b.planned for b in lines)),
                        f"{euros(sum(declared))} ({plural(len(declared), 'année déclarée', 'années déclarées')})" if declared else "rien de déclaré", ""))
    return "Budget par année\u202f:\n\n" + "".join(out) + "\n"


def action_sheet(guide: Guide, commitment: Commitment) -> GeneratedPage:
    """A retained commitment as an action sheet, in the layout of the seed's « fiche action »
    template: titled by its lever (the guide fiche named beside it), its actions in the state
    computed at the build date, its indicators year by year, its budget per year."""
    if not commitment.retained:
        raise ValueError(f"fiche action demandée pour l’engagement « non retenue » sur {commitment.fiche}")
    fiche = guide.fiche(commitment.fiche)
    theme = guide.theme(fiche.theme)
    today = guide.today
    naming = guide.organisation.naming
    path = sheet_page(fiche.id)
    title = sheet_title(guide, commitment)
    undefined = "à définir"
    due = due_words(commitment, today)
    out = [
        front_matter(f"Fiche action {fiche.id} : {title}", f"Fiche action {naming.of_name} pour la pratique {fiche.id} du guide.",
                     recherche_nature=f"Fiche action · {fiche.id} · {commitment.status}", hide=["toc"], rubrique=routes.LANDING_PAGE),
        f"# Fiche action {inline(fiche.id)}{NNBSP}: {inline(title)}\n\n",
        '<div class="fiche-faits" markdown>\n\n',
        f"Fiche du guide\n:   [{fiche_label(fiche)}]({link(path, fiche.page_path)})\n\n",
        f"Dimension\n:   [{inline(theme.title)}]({link(path, routes.theme_page(theme.id))})\n\n",
        f"Priorité\n:   {fiche.priority}\n\n",
        f"Difficulté\n:   {fiche.difficulty}\n\n",
        f"Statut\n:   {commitment.status}" + (f" ({inline(commitment.reason)})" if commitment.reason else "") + "\n\n",
        f"Échéance\n:   {due[0].upper() + due[1:] if due else 'Aucune date fixée ni prévue'}\n\n",
        "</div>\n\n",
        "## Résultats attendus pour ce levier { #resultats }\n\n",
        "".join(f"- {inline(r)}\n" for r in commitment.expected_results) or f"{undefined.capitalize()}.\n",
        "\n## Calendrier { #calendrier }\n\n",
    ]
    if commitment.actions:
        start = min(a.start for a in commitment.actions)
        end = max(a.end for a in commitment.actions)
        out.append(f"- Démarrage prévu{NNBSP}: {_month(start)}\n- Fin prévue{NNBSP}: {_month(end)}\n\n")
    else:
        out.append(f"Démarrage et fin {undefined}.\n\n")
    out += [
        f"## Responsable {{ #responsable }}\n\n{inline(commitment.pilot) if commitment.pilot else undefined.capitalize()}"
        + (f" (porteur{NNBSP}: {inline(commitment.sponsor)})" if commitment.sponsor else "") + "\n\n",
        "## Contributeurs { #contributeurs }\n\n",
        "".join(f"- {inline(c)}\n" for c in commitment.contributors) or "Aucun contributeur désigné.\n",
        "\n## Moyens { #moyens }\n\n",
        table_row("Moyens humains (ETP ou JH)", "Moyens en euros"), "|---|---|\n",
        table_row(inline(commitment.human_means) if commitment.human_means else undefined, inline(commitment.budget) if commitment.budget else undefined) + "\n",
        _budget_rows(commitment, today),
        "## Périmètre { #perimetre }\n\n" + (
            table_row("Périmètre", "Concerné") + "|---|---|\n"
            + "".join(table_row(inline(label), "oui" if value in commitment.scope else "non") for value, label in guide.organisation.scopes.items())
            if commitment.scope else f"Périmètre {undefined} (aucune valeur de « scope »).\n"),
        "\n## Prérequis { #prerequis }\n\n",
        "".join(f"- {inline(p)}\n" for p in commitment.prerequisites) or f"Prérequis {undefined}.\n",
        "\n## Suivi des indicateurs de performance { #indicateurs }\n\n",
    ]
    if commitment.targets:
        out += [table_row("Indicateur", "Valeur de départ", "Valeurs mesurées", "Cible et échéance", f"Cible au {french_date(today)}"), "|---|---|---|---|---|\n"]
        for t in commitment.targets:
            unit = inline(t.unit)
            out.append(table_row(inline(t.indicator), f"{number(t.baseline)} {unit}" + (f" ({t.baseline_year})" if t.baseline_year else ""),
                            measured_words(t), f"{number(t.target)} {unit} au {french_date(t.date)}", reached_words(t, today)))
        out.append("\n")
    else:
        out.append(f"Indicateurs {undefined} ; ceux de la fiche du guide\u202f: " + " ; ".join(inline(i) for i in fiche.indicators) + ".\n\n")
    out.append("## Actions à mettre en œuvre pour ce levier { #actions }\n\n")
    if commitment.actions:
        out += [table_row("Action", "Qui\u202f?", "Prévue", f"État au {french_date(today)}"), "|---|---|---|---|\n"]
        for number_, a in enumerate(sorted(commitment.actions, key=lambda a: (a.start, a.end)), start=1):
            state = action_state(a, commitment, today)
            out.append(table_row(f"{number_}. {inline(a.title)}", inline(a.owner), f"du {french_date(a.start)} au {french_date(a.end)}",
                            state_words(a, state, today)))
        out.append("\n")
    else:
        out.append(f"Actions {undefined}.\n\n")
    if commitment.notes:
        out.append("## Notes { #notes }\n\n" + commitment.notes.strip() + "\n\n")
    out.append(f"[Toute la charte]({link(path, CHARTER_PAGE)}) · [Plan d’action]({link(path, PLAN_PAGE)})\n")
    return GeneratedPage(path, "".join(out))
