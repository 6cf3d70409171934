"""An organisation's charter and maturity: validation as strict as for fiches, and the pages."""

import pytest

CHARTER = """organisation: Mairie d’essai
guide_version: "1.0"
commitments:
  - fiche: a.1
    status: en cours
    pilot: Référente
    actions:
      - title: Nommer la référente
        start: 2025-01-01
        end: 2025-03-01
        owner: DGS
    targets:
      - indicator: Référente nommée
        baseline: 0
        target: 1
        unit: personne
        date: 2025-03-01
"""
MATURITY = """dimensions:
  Gouvernance: [a.1]
assessments:
  - date: 2025-01-01
    scores:
      - {dimension: Gouvernance, score: 2}
"""


@pytest.fixture
def organisation(project):
    project.fiche()
    project.write("organisation/charter.yml", CHARTER)
    project.write("organisation/maturity.yml", MATURITY)
    return project


def test_a_valid_charter_and_maturity_load(organisation):
    guide = organisation.load()
    assert guide.organisation.commitment("a.1").status == "en cours"
    assert guide.organisation.maturity.assessments[0].scores[0].score == 2


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("fiche: a.1", "fiche: a.11", "organisation/charter.yml:4 · champ « commitments[0].fiche » : fiche « a.11 » inconnue. Vouliez-vous dire « a.1 » ?"),
        ("status: en cours", "status: en cour", "organisation/charter.yml:5 · champ « commitments[0].status » : valeur « en cour » non autorisée. Vouliez-vous dire « en cours » ?"),
        ("status: en cours", "status: non retenue", "organisation/charter.yml:5 · champ « commitments[0].reason » : un engagement « non retenue » doit donner sa raison"),
        ("        start: 2025-01-01", "        start: 2025-13-01", "organisation/charter.yml:9 · champ « commitments[0].actions[0].start » : date « 2025-13-01 » impossible : ce jour n’existe pas dans le calendrier"),
        ("        end: 2025-03-01", "        end: 2024-03-01", "organisation/charter.yml:10 · champ « commitments[0].actions[0].end » : la fin (2024-03-01) précède le début (2025-01-01)."),
        ("        unit: personne\n", "", "organisation/charter.yml:13 · champ « commitments[0].targets[0].unit » : obligatoire, mais absent."),
    ],
)
def test_bad_charter_input_gets_a_clear_error(organisation, old, new, expected):
    organisation.write("organisation/charter.yml", CHARTER.replace(old, new, 1))
    problems = organisation.problems()
    assert any(p.startswith(expected) for p in problems), problems


def test_bad_maturity_input_gets_a_clear_error(organisation):
    organisation.write("organisation/maturity.yml", MATURITY.replace("{dimension: Gouvernance, score: 2}", "{dimension: Gouvernanse, score: 6}"))
    problems = organisation.problems()
    assert any(p.startswith("organisation/maturity.yml:6 · champ « assessments[0].scores[0].score » : valeur 6 hors limites : 5 au plus.") for p in problems), problems
    organisation.write("organisation/maturity.yml", MATURITY.replace("score: 2}", "score: 3}").replace("Gouvernance, score", "Gouvernanse, score"))
    assert any("dimension « Gouvernanse » inconnue. Vouliez-vous dire « Gouvernance » ?" in p for p in organisation.problems())


def test_contrast_ratio_follows_wcag():
    from guide_nr.model.identity import contrast

    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54
    assert contrast("#ffffff", "#1b5e20") == contrast("#1b5e20", "#ffffff")


def test_a_light_colour_or_a_missing_logo_is_refused(organisation):
    organisation.write("organisation/organisation.yml", 'name: Mairie d’essai\nprimary_color: "#ffcc00"\nlogo: absent.svg\n')
    problems = organisation.problems()
    assert "organisation/organisation.yml:2 · champ « primary_color » : couleur « #ffcc00 » trop claire : contraste de 1,5:1 avec le blanc" in problems[0]
    assert "4,5:1 au moins sont exigés (WCAG 2.1 AA, critère 1.4.3)" in problems[0]
    assert problems[1].startswith("organisation/organisation.yml:3 · champ « logo » : logo « absent.svg » introuvable")
    organisation.write("organisation/organisation.yml", "name: Mairie d’essai\nprimary_color: vert\n")
    assert organisation.problems()[0].startswith("organisation/organisation.yml:2 · champ « primary_color » : couleur « vert » invalide : six chiffres hexadécimaux")
