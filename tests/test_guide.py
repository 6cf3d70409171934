"""Validation of the whole guide: one test per rule, each asserting file, line, field and message."""

from conftest import fiche_yaml


def test_a_valid_fiche_loads(project):
    project.fiche()
    guide = project.load()
    assert [f.id for f in guide.fiches] == ["a.1"]
    assert guide.fiches[0].updated.isoformat() == "2023-06-01"


def test_missing_required_field(project):
    project.fiche(title=None)
    assert project.problems() == ["fiches/a.1.yml:1 · champ « title » : obligatoire, mais absent."]


def test_wrong_type(project):
    project.fiche(raw=fiche_yaml().replace("pilots:\n- Direction générale", "pilots: Direction générale"))
    [problem] = project.problems()
    assert problem.startswith("fiches/a.1.yml:7 · champ « pilots » :")
    assert "une liste" in problem


def test_enum_near_miss_suggests_the_right_value_and_lists_allowed(project):
    project.fiche(priority="Recomandée")
    assert project.problems() == [
        "fiches/a.1.yml:5 · champ « priority » : valeur « Recomandée » non autorisée. "
        "Vouliez-vous dire « Recommandée » ? Valeurs possibles : « Prioritaire », « Recommandée », « Aller plus loin »."
    ]


def test_enum_ignoring_accents_and_case(project):
    project.fiche(difficulty="difficile")
    [problem] = project.problems()
    assert "Vouliez-vous dire « Difficile » ?" in problem


def test_unknown_key_with_did_you_mean(project):
    project.fiche(raw=fiche_yaml().replace("difficulty:", "dificulty:"))
    problems = project.problems()
    assert any(
        p.startswith("fiches/a.1.yml:6 · champ « dificulty » : champ inconnu. Vouliez-vous dire « difficulty » ?")
        for p in problems
    ), problems
    assert "fiches/a.1.yml:1 · champ « difficulty » : obligatoire, mais absent." in problems


def test_unknown_key_in_nested_feedback(project):
    project.fiche(feedback=[{"organisation": "ADEME", "texte": "Un retour."}])
    problems = project.problems()
    assert any("champ « feedback[0].texte » : champ inconnu. Vouliez-vous dire « text » ?" in p for p in problems), problems


def test_id_format(project):
    project.fiche(name="a1.yml", id="a1")
    problems = project.problems()
    assert "fiches/a1.yml:1 · champ « id » : identifiant « a1 » invalide" in problems[0]
    assert "par exemple « a.1 »" in problems[0]


def test_id_pattern_is_configurable_for_forks(project):
    project.fiche(name="mairie-a.1.yml", id="mairie-a.1")
    assert project.problems(id_pattern=r"mairie-(?P<theme>[a-z])\.[1-9][0-9]*") == []


def test_duplicate_ids_across_files(project):
    project.fiche()
    project.fiche(name="a.1.yaml")
    problems = project.problems()
    assert "fiches/a.1.yml:1 · champ « id » : identifiant « a.1 » déjà utilisé par fiches/a.1.yaml : chaque fiche a un identifiant unique." in problems


def test_file_name_must_follow_the_id(project):
    project.fiche(name="coordonner.yml")
    assert project.problems() == ["fiches/coordonner.yml:1 · champ « id » : le fichier doit s’appeler « a.1.yml », d’après l’identifiant de la fiche."]


def test_id_theme_mismatch(project):
    project.fiche(theme="b")
    assert project.problems() == [
        "fiches/a.1.yml:2 · champ « theme » : le thème « b » ne correspond pas à l’identifiant « a.1 », qui désigne le thème « a »."
    ]


def test_unknown_theme(project):
    project.fiche(name="z.1.yml", id="z.1", theme="z")
    assert project.problems() == ["fiches/z.1.yml:2 · champ « theme » : thème « z » inconnu. Thèmes définis : a, b."]


def test_unknown_related_fiche_with_did_you_mean(project):
    project.fiche(name="a.2.yml", id="a.2")
    project.fiche(related=["a.3", "a.22"])
    problems = project.problems()
    assert "fiches/a.1.yml:17 · champ « related[0] » : fiche « a.3 » inconnue." in problems
    assert "fiches/a.1.yml:18 · champ « related[1] » : fiche « a.22 » inconnue. Vouliez-vous dire « a.2 » ?" in problems


def test_fiche_related_to_itself(project):
    project.fiche(related=["a.1"])
    assert project.problems() == ["fiches/a.1.yml:17 · champ « related[0] » : une fiche ne peut pas être liée à elle-même."]


def test_unknown_pilot_with_did_you_mean(project):
    project.fiche(pilots=["Direction générale", "Direction du numerique"])
    [problem] = project.problems()
    assert problem.startswith("fiches/a.1.yml:9 · champ « pilots[1] » : pilote « Direction du numerique » inconnu. Vouliez-vous dire « Direction du numérique » ?")
    assert "fiches/_pilots.yml" in problem


def test_pilot_listed_twice(project):
    project.fiche(pilots=["Direction générale", "Direction générale"])
    assert project.problems() == ["fiches/a.1.yml:9 · champ « pilots[1] » : pilote « Direction générale » cité deux fois."]


def test_empty_list_where_content_is_required(project):
    project.fiche(indicators=[])
    assert project.problems() == [
        "fiches/a.1.yml:9 · champ « indicators » : la liste ne doit pas être vide : indiquez au moins un élément."
    ]


def test_empty_text(project):
    project.fiche(summary="  ")
    [problem] = project.problems()
    assert problem == "fiches/a.1.yml:4 · champ « summary » : ne doit pas être vide."


def test_summary_is_one_line(project):
    project.fiche(summary="Une phrase\nsur deux lignes.")
    [problem] = project.problems()
    assert "champ « summary » : doit tenir sur une seule ligne." in problem


def test_invalid_url(project):
    project.fiche(references=[{"title": "RGESN", "url": "ecoresponsable.numerique.gouv.fr"}])
    assert project.problems() == [
        "fiches/a.1.yml:18 · champ « references[0].url » : adresse « ecoresponsable.numerique.gouv.fr » invalide : "
        "une adresse web commençant par http:// ou https:// est attendue."
    ]


def test_invalid_date(project):
    project.fiche(raw=fiche_yaml().replace("updated: 2023-06-01", "updated: 1er juin 2023"))
    [problem] = project.problems()
    assert problem.startswith("fiches/a.1.yml:11 · champ « updated » : valeur « 1er juin 2023 » invalide : une date au format AAAA-MM-JJ")


def test_level_one_heading_in_body(project):
    project.fiche(body="Intro.\n\n# Titre\n\nTexte.\n")
    assert project.problems() == [
        "fiches/a.1.yml:15 · champ « body » : titre de niveau 1 (« # ») interdit : la page a déjà le titre de la fiche ; utilisez « ## »."
    ]


def test_all_errors_of_a_run_are_reported_together(project):
    project.fiche(priority="Urgent", pilots=["Inconnu"])
    project.fiche(name="b.1.yml", id="b.1", theme="b", title=None)
    problems = project.problems()
    assert len(problems) == 3
    assert {p.split(" ")[0] for p in problems} == {"fiches/a.1.yml:5", "fiches/a.1.yml:8", "fiches/b.1.yml:1"}


def test_a_guide_without_fiches_is_refused(project):
    assert project.problems() == [
        "fiches : aucune fiche trouvée : le dossier des fiches est vide ou absent. Un guide sans fiche n’est jamais publié."
    ]


def test_theme_file_errors_name_the_entry(project):
    project.write("fiches/_themes.yml", "- id: a\n  title: Stratégie\n  short_title: Gouv\n  order: 1\n  intro: Texte\n  couleur: vert\n")
    project.fiche()
    [problem] = project.problems()
    assert problem.startswith("fiches/_themes.yml:6 · champ « [0].couleur » : champ inconnu.")


def test_fiches_are_ordered_by_theme_then_number(project):
    for n in (10, 2, 1):
        project.fiche(name=f"a.{n}.yml", id=f"a.{n}")
    project.fiche(name="b.1.yml", id="b.1", theme="b")
    assert [f.id for f in project.load().fiches] == ["a.1", "a.2", "a.10", "b.1"]


def test_unknown_setting_is_refused(project):
    from guide_nr import GuideSettings, ValidationFailed

    try:
        GuideSettings.from_mapping(project.root, {"fiche_dir": "x"})
    except ValidationFailed as failure:
        assert "extra.guide.fiche_dir" in failure.report()
    else:
        raise AssertionError("unknown option accepted")

