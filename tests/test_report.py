"""Annual reports (issue 15): the date logic of ``model/report.py`` on small charters, and the
report pages of a guide loaded with GUIDE_DATE (a year in progress is provisional)."""

import datetime as _dt

import pytest

from guide_nr.model.charter import Charter
from guide_nr.model.maturity import Maturity
from guide_nr.model.report import action_state, reporting_years, year_report

D = _dt.date


def charter(*commitments: dict) -> Charter:
    return Charter.model_validate({"guide_version": "1.0", "commitments": list(commitments)})


def commitment(fiche: str = "a.1", status: str = "en cours", **fields) -> dict:
    return {"fiche": fiche, "status": status, **fields}


def action(title: str, start: str, end: str, **fields) -> dict:
    return {"title": title, "start": start, "end": end, "owner": "DSI", **fields}


def titles(planned) -> list[str]:
    return [p.action.title for p in planned]


def test_an_action_done_on_31_december_counts_in_its_year_and_one_done_on_1_january_in_the_next():
    c = charter(commitment(actions=[action("veille", "2025-03-01", "2025-12-31", done="2025-12-31"),
                                    action("lendemain", "2025-03-01", "2025-12-31", done="2026-01-01")]))
    today = D(2026, 6, 1)
    first, second = year_report(c, None, 2025, today), year_report(c, None, 2026, today)
    assert titles(first.done) == ["veille"] and titles(second.done) == ["lendemain"]
    # On 31 December the second one was still running, due that very day: not late yet.
    assert titles(first.ongoing) == ["lendemain"] and first.overdue == []
    assert second.ongoing == [] and second.done[0].state.late_by == 1


def test_overdue_is_judged_at_the_build_date_in_the_current_year_and_at_31_december_before():
    c = charter(commitment(actions=[action("inventaire", "2025-09-01", "2026-01-31")]))
    today = D(2026, 6, 15)
    past, current = year_report(c, None, 2025, today), year_report(c, None, 2026, today)
    assert titles(past.ongoing) == ["inventaire"] and past.overdue == [] and past.late_by(past.ongoing[0]) == 0
    assert titles(current.overdue) == ["inventaire"]
    assert current.late_by(current.overdue[0]) == (today - D(2026, 1, 31)).days == 135
    assert action_state(c.commitments[0].actions[0], c.commitments[0], today).label == "en cours, en retard"
    # Still late at the year's end: carried over into the next year's list.
    assert titles(current.next_year) == ["inventaire"]


def test_an_abandoned_action_is_reported_in_the_year_of_its_planned_end_with_its_comment():
    c = charter(commitment(actions=[action("atelier", "2025-02-01", "2026-03-31", status="abandonnée", comment="faute de salle"),
                                    action("suite", "2026-01-01", "2027-06-30")]))
    today = D(2026, 11, 30)
    current = year_report(c, None, 2026, today)
    assert titles(current.abandoned) == ["atelier"] and current.abandoned[0].action.comment == "faute de salle"
    assert "atelier" not in titles(current.ongoing) + titles(current.next_year) + titles(current.overdue)
    assert year_report(c, None, 2025, today).abandoned == [] and titles(current.next_year) == ["suite"]


def test_a_commitment_marked_done_counts_its_undated_actions_done_at_their_planned_end_never_in_the_future():
    c = charter(commitment(status="réalisée", actions=[action("ancienne", "2025-01-01", "2025-04-30"),
                                                       action("à venir", "2026-01-01", "2026-12-31")]))
    today = D(2026, 6, 15)
    old, future = (action_state(a, c.commitments[0], today) for a in c.commitments[0].actions)
    assert (old.status, old.done, old.overdue) == ("réalisée", D(2025, 4, 30), False)
    assert (future.status, future.done) == ("réalisée", today)  # done by now, not on its planned end to come
    assert titles(year_report(c, None, 2025, today).done) == ["ancienne"]
    assert titles(year_report(c, None, 2026, today).done) == ["à venir"]


def test_a_year_in_progress_is_provisional_and_no_report_is_made_for_a_future_year():
    c = charter(commitment(actions=[action("plus tard", "2025-05-01", "2028-01-31")],
                           targets=[{"indicator": "Part", "unit": "%", "baseline": 10, "target": 50, "date": "2026-12-31",
                                     "values": [{"year": 2025, "value": 30}, {"year": 2026, "value": 55}]}]))
    today = D(2026, 6, 15)
    assert reporting_years(c, None, today) == [2025, 2026]
    current, past = year_report(c, None, 2026, today), year_report(c, None, 2025, today)
    assert (current.final, current.as_of) == (False, today) and (past.final, past.as_of) == (True, D(2025, 12, 31))
    # Indicators: values up to the report's year only, reached or not against the target.
    assert past.indicators[0].history == [(2025, 30)] and past.indicators[0].verdict == "pas encore atteinte"
    assert current.indicators[0].value == 55 and current.indicators[0].verdict == "atteinte"


def test_reporting_years_start_with_the_charter_and_a_prior_assessment_is_only_its_starting_point():
    maturity = Maturity.model_validate({"dimensions": {"Gouvernance": ["a.1"]},
                                        "assessments": [{"date": "2024-11-26", "scores": [{"dimension": "Gouvernance", "score": 1}]},
                                                        {"date": "2025-11-20", "scores": [{"dimension": "Gouvernance", "score": 3}]}]})
    c = charter(commitment(actions=[action("nommer", "2025-01-06", "2025-02-28", done="2025-02-14")]))
    assert reporting_years(c, maturity, D(2026, 1, 2)) == [2025, 2026]
    report = year_report(c, maturity, 2025, D(2026, 1, 2))
    assert [a.date for a in report.assessments] == [D(2025, 11, 20)] and report.previous_assessment.date == D(2024, 11, 26)
    assert reporting_years(charter(commitment()), maturity, D(2026, 1, 2)) == [2024, 2025, 2026]
    assert reporting_years(c, maturity, D(2024, 12, 31)) == [2024]


def test_budget_says_when_nothing_was_spent():
    c = charter(commitment(budgets=[{"year": 2025, "planned": 3000, "spent": 2450}, {"year": 2026, "planned": 3000}]),
                commitment("b.1", budgets=[{"year": 2025, "planned": 1200, "spent": 1340, "note": "housses"}]))
    today = D(2026, 6, 15)
    past, current = year_report(c, None, 2025, today), year_report(c, None, 2026, today)
    assert (past.budget_planned, past.budget_spent) == (4200, 3790) and past.budgets[1][1].note == "housses"
    assert (current.budget_planned, current.budget_spent) == (3000, None)


CHARTER = """organisation: Mairie d’essai
guide_version: "1.0"
commitments:
  - fiche: a.1
    status: en cours
    actions:
      - {title: Nommer la référente, start: 2025-01-06, end: 2025-02-28, owner: DGS, done: 2025-02-14}
      - {title: Former les agents, start: 2025-03-01, end: 2025-05-31, owner: RH}
    targets:
      - {indicator: Agents formés, unit: "%", baseline: 0, target: 80, date: 2025-12-31, values: [{year: 2025, value: 35}]}
"""


@pytest.fixture
def mid_year(project, monkeypatch):
    project.fiche()
    project.write("organisation/organisation.yml", "name: Mairie d’essai\narticle: la\n")
    project.write("organisation/charter.yml", CHARTER)
    monkeypatch.setenv("GUIDE_DATE", "2025-07-01")
    return project.load()


def test_a_report_built_with_guide_date_in_mid_year_says_it_is_provisional(mid_year):
    from guide_nr.pages.report import report_pages

    assert mid_year.today == D(2025, 7, 1)
    pages = {p.path: p.markdown for p in report_pages(mid_year)}
    assert set(pages) == {"demarche/rapports/index.md", "demarche/rapports/2025.md"}
    report = pages["demarche/rapports/2025.md"]
    assert "**Rapport provisoire\u202f:** l’année 2025 est en cours, au 1er juillet 2025." in report
    assert "de ce que la Mairie d’essai a fait jusqu’ici en 2025" in report
    assert ("- [fiche action a\\.1](../fiches-action/a.1.md)\u202f: Former les agents, depuis le 1er mars 2025, fin prévue le 31 mai 2025\u202f: "
            "**en retard de 31 jours**") in report
    assert "Rapport annuel 2025 (en cours, au 1er juillet 2025)" in pages["demarche/rapports/index.md"].replace("](2025.md)", "")


def test_an_abandoned_action_planned_to_end_later_is_in_the_current_report():
    c = charter(commitment(actions=[action("étude", "2025-02-01", "2027-06-30", status="abandonnée", comment="remplacée")]))
    today = D(2026, 11, 30)
    assert titles(year_report(c, None, 2026, today).abandoned) == ["étude"]
    assert year_report(c, None, 2025, today).abandoned == []


def test_an_action_started_before_its_planned_start_runs_from_its_actual_start():
    c = charter(commitment(actions=[action("inventaire", "2026-03-01", "2026-09-30", started="2025-11-02")]))
    report = year_report(c, None, 2025, D(2026, 11, 30))
    assert titles(report.ongoing) == ["inventaire"]
