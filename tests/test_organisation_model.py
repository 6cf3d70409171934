"""The organisation's files for yearly use (guide_nr.model.identity, charter, indicator, maturity):
French forms of its name, its own pilots and scopes, and what the checks refuse so that no
accepted value is silently dropped."""

import datetime as dt

import pytest
import yaml

from conftest import fiche_yaml
from guide_nr.model.identity import Naming, guess_article
from guide_nr.problems import ValidationFailed


@pytest.mark.parametrize(("name", "article", "subject", "of_name"), [
    ("Centre hospitalier de l’Exemple", None, "Le Centre hospitalier de l’Exemple", "du Centre hospitalier de l’Exemple"),
    ("Communauté de communes du Val", None, "La Communauté de communes du Val", "de la Communauté de communes du Val"),
    ("Université de l’Exemple", None, "L’Université de l’Exemple", "de l’Université de l’Exemple"),
    ("Hospices civils de l’Exemple", None, "Les Hospices civils de l’Exemple", "des Hospices civils de l’Exemple"),
    ("Exempleville", None, "Exempleville", "d’Exempleville"),
    ("Mairie d’essai", None, "La Mairie d’essai", "de la Mairie d’essai"),
    ("Le Havre Seine Métropole", None, "Le Havre Seine Métropole", "du Havre Seine Métropole"),
    ("Groupe Exemple", "aucun", "Groupe Exemple", "de Groupe Exemple"),
    ("Agence régionale", "l’", "L’Agence régionale", "de l’Agence régionale"),
])
def test_the_organisation_name_reads_as_french(name, article, subject, of_name):
    naming = Naming.of(name, article)
    assert (naming.subject, naming.of_name) == (subject, of_name)


def test_an_unknown_first_word_takes_no_article():
    assert guess_article("Zorglub SAS") == "aucun"


@pytest.fixture
def fork(project):
    project.fiche()  # a.1
    project.fiche(id="a.2", title="Deuxième pratique")
    project.write("mkdocs.yml", "site_name: Essai\n")
    return project


IDENTITY = {"name": "Centre hospitalier d’essai", "id_prefix": "ch",
            "pilots": [{"label": "Direction des soins", "description": "Porte les pratiques des services de soins."}],
            "scopes": [{"value": "pôles cliniques", "label": "Les pôles cliniques"}, {"value": "plateau technique", "label": "Le plateau technique"}]}


def _charter(**commitment):
    return {"guide_version": "1.0", "commitments": [{"fiche": "a.1", "status": "en cours", **commitment}]}


def _write(project, identity=None, charter=None, maturity=None):
    project.write("organisation/organisation.yml", yaml.safe_dump(identity or IDENTITY, allow_unicode=True))
    if charter is not None:
        project.write("organisation/charter.yml", yaml.safe_dump(charter, allow_unicode=True, sort_keys=False))
    if maturity is not None:
        project.write("organisation/maturity.yml", yaml.safe_dump(maturity, allow_unicode=True, sort_keys=False))


def _problems(project) -> str:
    with pytest.raises(ValidationFailed) as failure:
        project.load()
    return failure.value.report()


def test_own_pilots_serve_own_fiches_only(fork):
    _write(fork)
    fork.write("organisation/themes.yml", yaml.safe_dump([{"id": "s", "title": "Soins", "short_title": "Soins", "order": 50, "intro": "Les soins."}], allow_unicode=True))
    fork.write("organisation/fiches/ch-s.1.yml", fiche_yaml(id="ch-s.1", theme="s", title="Blocs opératoires", pilots=["Direction des soins"]))
    guide = fork.load()
    assert "Direction des soins" in [p.label for p in guide.pilots]
    fork.fiche(id="a.3", title="Troisième", pilots=["Direction des soins"])  # a fiche of the common guide cannot
    report = _problems(fork)
    assert "fiches/a.3.yml" in report and "pilote « Direction des soins » inconnu" in report
    assert "organisation.yml" not in report.split("fiches/a.3.yml")[1].split("\n")[0]


def test_an_unknown_pilot_of_an_own_fiche_points_at_the_organisation_file(fork):
    _write(fork)
    fork.write("organisation/themes.yml", yaml.safe_dump([{"id": "s", "title": "Soins", "short_title": "Soins", "order": 50, "intro": "Les soins."}], allow_unicode=True))
    fork.write("organisation/fiches/ch-s.1.yml", fiche_yaml(id="ch-s.1", theme="s", pilots=["Direction des soin"]))
    report = _problems(fork)
    assert "Vouliez-vous dire « Direction des soins »" in report or "vouliez-vous dire « Direction des soins »" in report
    assert "organisation.yml (pilots)" in report


def test_a_pilot_of_the_guide_cannot_be_declared_again(fork):
    _write(fork, identity={**IDENTITY, "pilots": [{"label": "DSI"}]})
    guide_pilots = yaml.safe_load((fork.root / "fiches/_pilots.yml").read_text(encoding="utf-8"))
    label = guide_pilots[0]["label"]
    _write(fork, identity={**IDENTITY, "pilots": [{"label": label}]})
    assert f"pilote « {label} » déjà défini par le guide" in _problems(fork)


def test_own_scopes_replace_the_template_and_an_unknown_one_lists_them(fork):
    _write(fork, charter=_charter(scope=["pôles cliniques"]))
    assert fork.load().organisation.scopes == {"pôles cliniques": "Les pôles cliniques", "plateau technique": "Le plateau technique"}
    _write(fork, charter=_charter(scope=["territoire"]))
    report = _problems(fork)
    assert "périmètre « territoire » inconnu" in report and "Valeurs possibles : pôles cliniques, plateau technique" in report


def test_a_bad_identity_field_does_not_make_every_own_fiche_wrong(fork):
    fork.write("organisation/organisation.yml", "name: Centre hospitalier d’essai\nid_prefix: ch\nprimary_color: rouge\n")
    fork.write("organisation/themes.yml", yaml.safe_dump([{"id": "s", "title": "Soins", "short_title": "Soins", "order": 50, "intro": "Les soins."}], allow_unicode=True))
    fork.write("organisation/fiches/ch-s.1.yml", fiche_yaml(id="ch-s.1", theme="s"))
    report = _problems(fork)
    assert "primary_color" in report and "id_prefix" not in report and "ch-s.1" not in report


@pytest.mark.parametrize(("commitment", "expected"), [
    ({"status": "non retenue", "reason": "Hors champ.", "actions": [{"title": "x", "start": "2025-01-01", "end": "2025-02-01", "owner": "y"}]},
     "un engagement « non retenue » n’a pas de fiche action : « actions » ne serait publié nulle part"),
    ({"actions": [{"title": "x", "start": "2025-01-01", "end": "2025-02-01", "owner": "y", "status": "réalisée"}]},
     "une action réalisée donne sa date de réalisation (done: AAAA-MM-JJ)"),
    ({"actions": [{"title": "x", "start": "2025-01-01", "end": "2025-02-01", "owner": "y", "status": "abandonnée"}]},
     "une action abandonnée dit pourquoi (comment)"),
    ({"actions": [{"title": "x", "start": "2025-01-01", "end": "2025-02-01", "owner": "y", "done": "2099-01-01"}]},
     "date du 2099-01-01 dans le futur"),
    ({"targets": [{"indicator": "Agents", "unit": "%", "baseline": 0, "target": 80, "date": "2026-12-31",
                   "current": 30, "values": [{"year": 2025, "value": 35}]}]},
     "« current » (ancienne forme, sans année) et « values » (valeurs par année) à la fois"),
    ({"targets": [{"indicator": "Agents", "unit": "%", "baseline": 0, "target": 80, "date": "2026-12-31",
                   "values": [{"year": 2025, "value": 35}, {"year": 2025, "value": 40}]}]},
     "année 2025 déjà mesurée pour cet indicateur"),
    ({"budgets": [{"year": 2025, "planned": 100}, {"year": 2025, "planned": 200}]}, "année 2025 déjà budgétée"),
    ({"deadline": "2026-02-30"}, "date « 2026-02-30 » impossible : ce jour n’existe pas dans le calendrier"),
])
def test_the_charter_refuses_what_no_page_would_show(fork, commitment, expected):
    _write(fork, charter=_charter(**commitment))
    report = _problems(fork)
    assert expected in report and "organisation/charter.yml:" in report


def test_revisions_are_dated_in_order_and_name_the_current_version(fork):
    charter = {**_charter(), "version": "3", "revisions": [{"version": "1", "date": "2025-06-01", "changes": "Adoption."},
                                                          {"version": "2", "date": "2025-01-01", "changes": "Révision."}]}
    _write(fork, charter=charter)
    report = _problems(fork)
    assert "antérieure à la précédente" in report and "version « 3 » absente de l’historique" in report


def test_every_assessment_scores_every_dimension_once(fork):
    maturity = {"dimensions": {"Achats": ["a.1"], "Mesure": ["a.2"]},
                "assessments": [{"date": "2024-11-01", "scores": [{"dimension": "Achats", "score": 2}, {"dimension": "Achats", "score": 3}]}]}
    _write(fork, maturity=maturity)
    report = _problems(fork)
    assert "il manque « Mesure »" in report and "dimension « Achats » notée deux fois" in report


def test_the_build_date_comes_from_guide_date(fork, monkeypatch):
    _write(fork)
    monkeypatch.setenv("GUIDE_DATE", "2025-03-04")
    assert fork.load().today == dt.date(2025, 3, 4)
    monkeypatch.setenv("GUIDE_DATE", "2025-02-30")
    assert "variable d’environnement GUIDE_DATE" in _problems(fork)


def test_a_menu_entry_names_an_existing_page_or_an_https_address(fork):
    _write(fork, identity={**IDENTITY, "menu": [{"title": "Gouvernance", "page": "gouvernanc"}]})
    fork.write("organisation/pages/gouvernance.md", "# Gouvernance\n\nTexte.\n")
    assert "page « gouvernanc » introuvable" in _problems(fork)
    _write(fork, identity={**IDENTITY, "menu": [{"title": "Site", "page": "gouvernance", "url": "https://exemple.fr/"}]})
    assert "soit « page »" in _problems(fork)


def test_the_charter_cannot_name_the_organisation_differently(fork):
    _write(fork, charter={**_charter(), "organisation": "Centre hospitalier d’un autre nom"})
    assert "diffère du nom donné dans organisation.yml (« Centre hospitalier d’essai »)" in _problems(fork)


def test_a_pilot_left_with_no_published_fiche_is_not_listed(fork):
    labels = [p["label"] for p in yaml.safe_load((fork.root / "fiches/_pilots.yml").read_text(encoding="utf-8"))]
    only_b = next(label for label in labels if label != "Direction générale")  # the other fiches' pilot
    fork.fiche(id="b.1", theme="b", title="Sensibiliser", pilots=[only_b])
    _write(fork)
    assert only_b in [p.label for p in fork.load().pilots]
    _write(fork, identity={**IDENTITY, "hidden_themes": ["b"]})
    assert only_b not in [p.label for p in fork.load().pilots]


@pytest.mark.parametrize(("entry", "expected"), [
    ({"title": "Site", "url": 'https://x.example/"><script>alert(1)</script>'}, "menu[0].url"),
    ({"title": "Site", "url": "https://x.example/a)[leurre](https://evil.example"}, "menu[0].url"),
    ({"title": "Gouvernance{% set x %}<b>{% endset %}{{ x }}", "page": "gouvernance"}, "refusés dans un titre de menu"),
    ({"title": "Gouvernance {{ 7*7 }}", "page": "gouvernance"}, "refusés dans un titre de menu"),
])
def test_a_menu_entry_cannot_carry_markup_or_a_template(fork, entry, expected):
    fork.write("organisation/pages/gouvernance.md", "# Gouvernance\n\nTexte.\n")
    _write(fork, identity={**IDENTITY, "menu": [entry]})
    assert expected in _problems(fork)


def test_the_repository_address_cannot_carry_markdown():
    from guide_nr.model.identity import PublicationFields

    with pytest.raises(ValueError):
        PublicationFields(repository="https://forge.exemple.invalid/x){:.md-button}[leurre](https://evil.example/login")


def test_a_linked_folder_of_the_organisation_is_refused(fork, tmp_path):
    outside = tmp_path / "ailleurs"
    outside.mkdir()
    (outside / "secret.md").write_text("# Secret\n\nHors du projet.\n", encoding="utf-8")
    _write(fork)
    (fork.root / "organisation" / "pages").symlink_to(outside, target_is_directory=True)
    assert "lien symbolique refusé" in _problems(fork)


def test_a_logo_stylesheet_cannot_hide_an_import_behind_an_element():
    from guide_nr.safety.svg import svg_problem

    logo = b'<svg xmlns="http://www.w3.org/2000/svg"><style><g/>@import url(https://evil.example/x.css);</style></svg>'
    assert "sans élément" in (svg_problem(logo) or "")


@pytest.mark.parametrize(("charter", "expected"), [
    ({**_charter(), "adoption": {"date": "0001-06-26", "body": "Conseil"}}, "hors limites : 1990-01-01 au moins"),
    (_charter(budgets=[{"year": 2025, "planned": 1e308}]), "hors limites"),
    (_charter(targets=[{"indicator": "x", "unit": "kg", "baseline": -1e308, "target": 1, "date": "2026-12-31"}]), "hors limites"),
])
def test_dates_and_figures_stay_within_what_a_report_can_show(fork, charter, expected):
    _write(fork, charter=charter)
    assert expected in _problems(fork)


def test_an_own_theme_or_pilot_cannot_take_a_listing_page(fork):
    _write(fork, identity={**IDENTITY, "pilots": [{"label": "Index"}, {"label": "¡¡¡"}]})
    fork.write("organisation/themes.yml", yaml.safe_dump([{"id": "index", "title": "Soins", "short_title": "Soins", "order": 50,
                                                           "intro": "Les soins."}], allow_unicode=True))
    report = _problems(fork)
    assert "identifiant « index » refusé" in report and "libellé « Index » refusé" in report and "libellé « ¡¡¡ » refusé" in report


@pytest.mark.parametrize(("name", "to_name"), [
    ("Centre hospitalier de l’Exemple", "au Centre hospitalier de l’Exemple"), ("Ville d’Essai", "à la Ville d’Essai"),
    ("Université de l’Exemple", "à l’Université de l’Exemple"), ("Hospices civils", "aux Hospices civils"),
    ("Exempleville", "à Exempleville"), ("Le Havre Seine Métropole", "au Havre Seine Métropole"),
])
def test_the_organisation_name_after_a_reads_as_french(name, to_name):
    assert Naming.of(name).to_name == to_name
