"""Safe YAML reading: refused constructs come back as one clear French problem with a line."""

import pytest

from conftest import fiche_yaml


def only_problem(project):
    problems = project.problems()
    assert len(problems) == 1, problems
    return problems[0]


def test_python_object_tag_is_refused_and_never_constructed(project, tmp_path):
    marker = tmp_path / "pwned"
    project.fiche(raw=fiche_yaml() + f"extra: !!python/object/apply:os.system ['touch {marker}']\n")
    problem = only_problem(project)
    assert problem.startswith("fiches/a.1.yml:16")
    assert "étiquette YAML « tag:yaml.org,2002:python/object/apply:os.system » refusée" in problem
    assert not marker.exists()


def test_custom_local_tag_is_refused(project):
    project.fiche(raw=fiche_yaml().replace("title: Coordonner", "title: !titre Coordonner"))
    assert "étiquette YAML « !titre » refusée" in only_problem(project)


def test_alias_bomb_is_refused_quickly(project):
    bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        bomb.append(f"{level}: &{level} [{', '.join(['*' + previous] * 9)}]")
    project.fiche(raw="\n".join(bomb) + "\n")
    problem = only_problem(project)
    assert problem.startswith("fiches/a.1.yml:2")
    assert "ancres et alias YAML" in problem


def test_oversized_file_is_refused_before_parsing(project):
    project.fiche(raw=fiche_yaml(body="x" * 300_000))
    problem = only_problem(project)
    assert "fichier trop volumineux" in problem and "256 Ko" in problem


def test_non_utf8_file_is_a_clear_error_with_its_line(project):
    text = fiche_yaml(title="Réduire les achats").encode("latin-1")
    project.fiche(raw=text)
    problem = only_problem(project)
    assert problem.startswith("fiches/a.1.yml:3")
    assert "n’est pas encodé en UTF-8" in problem


def test_duplicate_key_is_refused_instead_of_silently_overwritten(project):
    project.fiche(raw=fiche_yaml() + "title: Autre titre\n")
    problem = only_problem(project)
    assert problem.startswith("fiches/a.1.yml:16")
    assert "le champ « title » apparaît deux fois" in problem


def test_syntax_error_gives_line_and_french_hint(project):
    project.fiche(raw=fiche_yaml().replace("summary: Confier", "summary: Confier: la coordination"))
    problem = only_problem(project)
    assert problem.startswith("fiches/a.1.yml:4")
    assert "YAML invalide" in problem and "guillemets" in problem


def test_several_documents_in_one_file_are_refused(project):
    project.fiche(raw=fiche_yaml() + "---\nid: a.2\n")
    assert "plusieurs documents YAML" in only_problem(project)


def test_empty_file_is_refused(project):
    project.fiche(raw="# rien\n")
    assert "le fichier est vide" in only_problem(project)


@pytest.mark.parametrize("field, line", [("theme", 2), ("pilots", 7), ("body", 12)])
def test_lines_point_at_the_offending_field(project, field, line):
    from guide_nr.sources.yamlsource import read_yaml

    document = read_yaml(project.fiche())
    assert document.line_of((field,)) == line


def test_an_impossible_date_is_an_invalid_value_not_a_crash(project):
    project.fiche(raw=fiche_yaml().replace("updated: 2023-06-01", "updated: 2023-13-01"))
    assert project.problems() == [
        "fiches/a.1.yml:11 · champ « updated » : date « 2023-13-01 » impossible : ce jour n’existe pas dans le calendrier."
    ]
