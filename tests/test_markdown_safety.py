"""Fiche Markdown never carries script: each unsafe construct is a validation error with its line."""

import pytest

BODY_LINE = 13  # first line of the body's text in conftest.fiche_yaml

UNSAFE = [
    ("Texte.\n\n<script>alert(1)</script>\n", 2, "balise HTML <script> interdite"),
    ("Texte.\n\n<iframe src=\"https://exemple.org\"></iframe>\n", 2, "balise HTML <iframe> interdite"),
    ("Texte.\n\n<object data=\"x.swf\"></object>\n", 2, "balise HTML <object> interdite"),
    ("Texte avec <img src=\"x.png\" onerror=\"alert(1)\"> image.\n", 0, "attribut HTML « onerror » interdit"),
    ("Un [lien](https://exemple.org){ onclick=\"alert(1)\" } piégé.\n", 0, "attribut HTML « onclick » interdit"),
    ("Ligne.\nUn [lien](javascript:alert(1)) piégé.\n", 1, "lien « javascript: » interdit"),
    ("Un <a href=\"&#106;avascript:alert(1)\">lien</a> encodé.\n", 0, "lien « javascript: » interdit"),
    ("Un <a href=\"java&#9;script:alert(1)\">lien</a> coupé.\n", 0, "lien « javascript: » interdit"),
    ("Un <a href=\"JAVASCRIPT:alert(1)\">lien</a>.\n", 0, "lien « javascript: » interdit"),
    ("Une ![image](data:text/html;base64,PHNjcmlwdD4=).\n", 0, "lien « data: » interdit"),
]


@pytest.mark.parametrize("body, offset, message", UNSAFE)
def test_unsafe_body_is_refused_with_its_line(project, body, offset, message):
    project.fiche(body=body)
    problems = project.problems()
    assert any(
        p.startswith(f"fiches/a.1.yml:{BODY_LINE + offset} · champ « body » : {message}") for p in problems
    ), problems


def test_unsafe_feedback_text_is_refused(project):
    project.fiche(feedback=[{"organisation": "ADEME", "text": "Bilan.\n<script>x()</script>\n"}])
    [problem] = project.problems()
    assert "champ « feedback[0].text » : balise HTML <script> interdite" in problem


def test_unsafe_theme_intro_is_refused(project):
    project.write("fiches/_themes.yml", "- id: a\n  title: Stratégie\n  short_title: Gouv\n  order: 1\n  intro: |\n    Texte.\n    <iframe src=x></iframe>\n")
    project.fiche()
    assert project.problems() == [
        "fiches/_themes.yml:7 · champ « [0].intro » : balise HTML <iframe> interdite dans le texte d’une fiche "
        "(aucun script ni contenu embarqué n’est accepté)."
    ]


@pytest.mark.parametrize(
    "body",
    [
        "Le code `<script>` se place en fin de page.\n",
        "Exemple :\n\n```html\n<script src=\"app.js\"></script>\n```\n",
        "Un [lien sûr](https://exemple.org/javascript:) et le mot javascript: en texte.\n",
        "Une <abbr title=\"Power Usage Effectiveness\">PUE</abbr> basse.\n",
    ],
)
def test_code_and_harmless_html_are_accepted(project, body):
    project.fiche(body=body)
    assert project.problems() == []
