"""What the charter says at a given date: the state of each action (overdue included), the
years an annual report covers, and what each year holds. Plain functions of the charter,
the maturity file and a date: the pages and the open data ask the same questions here."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from guide_nr.model.charter import Action, Budget, Charter, Commitment
from guide_nr.model.indicator import Indicator
from guide_nr.model.maturity import Assessment, Maturity


@dataclass(frozen=True)
class ActionState:
    status: str  # prévue, en cours, réalisée, abandonnée
    overdue: bool  # not done nor abandoned, and its planned end has passed
    done: _dt.date | None  # when it was done (the planned end, or today if sooner, for an old « réalisée » commitment)
    late_by: int = 0  # days past the planned end (overdue) or between planned end and completion

    @property
    def label(self) -> str:
        return f"{self.status}, en retard" if self.overdue else self.status


def action_state(action: Action, commitment: Commitment, today: _dt.date) -> ActionState:
    """An action's state at ``today``. Without a status, an action with a completion date is
    done; the actions of a commitment marked « réalisée » are done at their planned end
    (files written before actions had a status), or today when that end is still to come;
    otherwise an action is « prévue » until its planned start and « en cours » after."""
    status = action.status
    done = action.done
    if status is None:
        if done is not None:
            status = "réalisée"
        elif commitment.status == "réalisée":
            status, done = "réalisée", min(action.end, today)
        elif (action.started or action.start) <= today:
            status = "en cours"
        else:
            status = "prévue"
    elif status == "réalisée" and done is None:
        done = action.end
    if status == "réalisée":
        assert done is not None
        return ActionState(status, False, done, max((done - action.end).days, 0))
    overdue = status != "abandonnée" and action.end < today
    return ActionState(status, overdue, None, (today - action.end).days if overdue else 0)


@dataclass(frozen=True)
class PlannedAction:
    commitment: Commitment
    action: Action
    state: ActionState


def all_actions(charter: Charter, today: _dt.date) -> list[PlannedAction]:
    """Every action of the retained commitments, by planned start."""
    out = [PlannedAction(c, a, action_state(a, c, today)) for c in charter.retained for a in c.actions]
    return sorted(out, key=lambda p: (p.action.start, p.action.end, p.commitment.fiche))


def reporting_years(charter: Charter | None, maturity: Maturity | None, today: _dt.date) -> list[int]:
    """The years with something to report, up to the current one: from the adoption (or the
    charter's first dated fact) to today's year, never a future year. A maturity assessment
    made before the charter is its starting point (the first report compares with it), not
    a year of its own; without any dated fact in the charter, the assessments give the years."""
    dates: list[int] = []
    if charter is not None:
        if charter.adoption is not None:
            dates.append(charter.adoption.date.year)
        for c in charter.retained:
            dates += [a.start.year for a in c.actions] + [a.done.year for a in c.actions if a.done]
            dates += [year for t in c.targets for year in t.years] + [b.year for b in c.budgets]
    if maturity is not None and not [d for d in dates if d <= today.year]:
        dates += [a.date.year for a in maturity.assessments]
    past = [d for d in dates if d <= today.year]
    if not past:
        return []
    return list(range(min(past), today.year + 1))


@dataclass(frozen=True)
class YearReport:
    """What happened in one year, and what comes next."""

    year: int
    final: bool  # the year is over at build date
    done: list[PlannedAction]  # completed during the year
    ongoing: list[PlannedAction]  # planned over the year, not done by its end (or by today)
    overdue: list[PlannedAction]  # among them, past their planned end at the year's end (or today)
    abandoned: list[PlannedAction]
    next_year: list[PlannedAction]  # planned to run during the following year, or overdue (carried over)
    assessments: list[Assessment]  # maturity assessments of the year
    previous_assessment: Assessment | None  # the last one before the year, to compare
    budget_planned: float
    budget_spent: float | None  # None: nothing spent was reported for the year
    budget_lines: list[tuple[Commitment, float, float | None]]
    as_of: _dt.date | None = None  # the date the report speaks at: 31 December, or the build date in the current year
    indicators: list[IndicatorYear] = field(default_factory=list)  # every indicator of the retained commitments
    budgets: list[tuple[Commitment, Budget]] = field(default_factory=list)  # the year's budget lines, notes included

    def late_by(self, planned: PlannedAction) -> int:
        """Days an unfinished action is past its planned end at the report's date (0 if not late)."""
        return max(((self.as_of or _dt.date(self.year, 12, 31)) - planned.action.end).days, 0)


@dataclass(frozen=True)
class IndicatorYear:
    """One indicator as a yearly report shows it: the values measured up to the year."""

    commitment: Commitment
    indicator: Indicator
    history: list[tuple[int, float]]  # (year, value) measured up to the report's year, in year order
    value: float | None  # measured during the year
    due: bool  # the target's deadline has passed at the report's date

    @property
    def latest(self) -> tuple[int, float] | None:
        return self.history[-1] if self.history else None

    @property
    def reached(self) -> bool | None:
        """Whether the latest value up to the year reaches the target (``None``: never measured)."""
        return None if self.latest is None else self.indicator.reached(self.latest[1])

    @property
    def verdict(self) -> str:
        if self.reached is None:
            return "non mesurée"
        if self.reached:
            return "atteinte"
        return "non atteinte à l’échéance" if self.due else "pas encore atteinte"


def indicator_years(charter: Charter, year: int, as_of: _dt.date) -> list[IndicatorYear]:
    """Every indicator of the retained commitments, with its values up to ``year``."""
    return [IndicatorYear(c, t, [(y, v) for y, v in t.measured if y <= year], t.value_in(year), t.date < as_of)
            for c in charter.retained for t in c.targets]


def _began(planned: PlannedAction) -> _dt.date:
    return planned.action.started or planned.action.start


def year_report(charter: Charter, maturity: Maturity | None, year: int, today: _dt.date) -> YearReport:
    first, last = _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    cutoff = min(last, today)
    actions = all_actions(charter, today)
    done = [p for p in actions if p.state.done is not None and first <= p.state.done <= last]
    # An action runs from its actual start when it started early or late, else from its planned one.
    running = [p for p in actions if _began(p) <= cutoff and (p.state.done is None or p.state.done > last)
               and p.state.status != "abandonnée"]
    overdue = [p for p in running if p.action.end < cutoff]
    late = {id(p) for p in overdue}  # identity, not equality: a report compares thousands of actions
    # Abandoned: in the report of the year of its planned end (no date says when it was dropped), or
    # of the current year when that end is still to come, so that it is reported somewhere.
    abandoned = [p for p in actions if p.state.status == "abandonnée" and min(p.action.end.year, today.year) == year]
    following = _dt.date(year + 1, 1, 1), _dt.date(year + 1, 12, 31)
    next_year = [p for p in actions if (p.state.done is None or p.state.done > last) and p.state.status != "abandonnée"
                 and (p.action.start <= following[1] and p.action.end >= following[0] or id(p) in late)]
    budgets = [(c, b) for c in charter.retained for b in c.budgets if b.year == year]
    lines = [(c, b.planned, b.spent) for c, b in budgets]
    spent = [s for _, _, s in lines if s is not None]
    assessments = maturity.in_year(year) if maturity else []
    earlier = [a for a in (maturity.ordered if maturity else []) if a.date < first]
    return YearReport(year=year, final=today > last, done=done, ongoing=running, overdue=overdue, abandoned=abandoned,
                      next_year=next_year, assessments=assessments, previous_assessment=earlier[-1] if earlier else None,
                      budget_planned=sum(p for _, p, _ in lines), budget_spent=sum(spent) if spent else None, budget_lines=lines,
                      as_of=cutoff, indicators=indicator_years(charter, year, cutoff), budgets=budgets)
