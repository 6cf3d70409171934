"""Contributed Markdown never carries script, style or fetches: the allow-list sanitizer refuses
it with a French error (file, field, line), in every Markdown field of the guide and of a fork.

The vectors are grouped by class; none of them is special-cased by the engine, which only
knows what it allows. Each class is also rendered, sanitized and loaded in Chromium.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import fiche_yaml

BODY_LINE = 13  # first line of the body's text in conftest.fiche_yaml
PWN = "window.__pwned=1"

#: (class, Markdown, what the message names, line offset of the construct in the text)
VECTORS = [
    ("script", f"Texte.\n\n<script>{PWN}</script>\n", "<script>", 2),
    ("script", f"Texte <ScRiPt >{PWN}</sCrIpT> en ligne.\n", "<script>", 0),
    ("embarqué", "Texte.\n\n<iframe src=\"https://exemple.org\"></iframe>\n", "<iframe>", 2),
    ("embarqué", "Texte.\n\n<object data=\"x.swf\"></object>\n", "<object>", 2),
    ("embarqué", "<embed src=\"https://exemple.org/x\">\n", "<embed>", 0),
    ("événement", f"Texte avec <img src=\"x.png\" onerror=\"{PWN}\"> image.\n", "<img>", 0),
    ("événement", f"<details open ontoggle=\"{PWN}\">x</details>\n", "<details>", 0),
    ("événement", f"<p onmouseover=\"{PWN}\">survol</p>\n", "« onmouseover »", 0),
    ("événement", f"<b/onclick={PWN}>gras</b>\n", "« onclick »", 0),
    ("attr_list", f"Un paragraphe.\n{{: onclick=\"{PWN}\" }}\n", "« onclick »", 1),
    ("attr_list", f"## Titre {{ onfocus=\"{PWN}\" tabindex=0 }}\n", "« onfocus »", 0),
    ("schéma", f"Ligne.\nUn [lien](javascript:{PWN}) piégé.\n", "javascript:", 1),
    ("schéma", f"Un <a href=\"&#106;avascript:{PWN}\">lien</a> encodé.\n", "javascript:", 0),
    ("schéma", f"Un <a href=\"java&#9;script:{PWN}\">lien</a> coupé.\n", "java\tscript:", 0),
    ("schéma", f"Un <a href=\"  JAVASCRIPT:{PWN}\">lien</a>.\n", "JAVASCRIPT:", 0),
    ("schéma", "Un [lien](vbscript:msgbox(1)) ancien.\n", "vbscript:", 0),
    ("schéma", "Une [page](data:text/html;base64,PHNjcmlwdD4=).\n", "data:text/html", 0),
    ("schéma", f"Un [lien][r] par référence.\n\n[r]: javascript:{PWN}\n", "javascript:", 2),
    ("texte brut", f"<xmp><img src=x onerror=\"{PWN}\"></xmp>\n", "<xmp>", 0),
    ("texte brut", f"<noscript><p title=\"</noscript><img src=x onerror={PWN}>\"></noscript>\n", "<noscript>", 0),
    ("texte brut", f"<textarea><img src=x onerror={PWN}></textarea>\n", "<textarea>", 0),
    ("texte brut", f"<noembed><img src=x onerror={PWN}></noembed>\n", "<noembed>", 0),
    ("texte brut", f"<title><img src=x onerror={PWN}></title>\n", "<title>", 0),
    ("commentaire", f"<!--><img src=x onerror={PWN}>-->\n", "<img>", 0),
    ("commentaire", f"Texte <!-- --!><img src=x onerror=\"{PWN}\"> --> fin.\n", "<img>", 0),
    ("svg", f"<svg><animate attributeName=\"href\" values=\"javascript:{PWN}\"/><a><text y=9>x</text></a></svg>\n", "<svg>", 0),
    ("svg", f"<svg><set attributeName=\"onmouseover\" to=\"{PWN}\"/></svg>\n", "<svg>", 0),
    ("mathml", f"<math><mi xlink:href=\"javascript:{PWN}\">x</mi></math>\n", "<math>", 0),
    ("style", "Un texte.\n{: style=\"position:fixed;inset:0;background:red\" }\n", "« style »", 1),
    ("style", "<p style=\"position:fixed;top:0;left:0;right:0;background:#f00\">Bandeau</p>\n", "« style »", 0),
    ("style", "<style>body{background:red}</style>\n", "<style>", 0),
    ("style", "| a | b |\n|:--|--:|\n| 1 | 2 |\n", "alignement des colonnes", 0),
    ("classe", "Un texte.\n{: .md-header }\n", "« md-header »", 1),
    ("classe", "!!! md-sidebar \"Encadré\"\n    Texte.\n", "« md-sidebar »", 0),
    ("chargement", "Une ![image](https://exemple.org/pixel.png).\n", "<img>", 0),
    ("chargement", "<link rel=\"stylesheet\" href=\"https://exemple.org/x.css\">\n", "<link>", 0),
    ("chargement", "<meta http-equiv=\"refresh\" content=\"0;url=https://exemple.org\">\n", "<meta>", 0),
    ("chargement", "<base href=\"https://exemple.org/\">\n", "<base>", 0),
    ("chargement", "<a href=\"x.pdf\" rel=\"attachment\">pièce jointe</a>\n", "« rel »", 0),
    ("balise ouverte", "Début <small title=\"0\"><small title=\"1\">fin\n\nParagraphe suivant.\n", "<small>", 0),
    ("balise ouverte", "Un <a href=\"https://exemple.org\">cliquez <s>ici\n\nSuite.\n", "<s>", 0),
    ("balise ouverte", "Texte.\n\n<table><tr><td>cellule\n\n## Section\n", "<table>", 2),
    ("balise fermante", "Texte </div></div></article> fin.\n", "balise fermante </article>", 0),
    ("invisible", "Réduire de &#x202E;05-03&#x202C; % les achats.\n", "caractère invisible U+202E", 0),
    ("invisible", "Code &#27;[31m rouge.\n", "caractère invisible U+001B", 0),
    ("schéma", "Un [lien]( //autre-site.example/x) sans schéma.\n", "adresse « //autre-site.example/x »", 0),
    ("identifiant", "## Titre {#__drawer}\n", "identifiant « __drawer » refusé", 0),
    ("formulaire", "<form action=\"https://exemple.org\"><input name=motdepasse><button>OK</button></form>\n", "<form>", 0),
]


def _ids(vectors):
    return [f"{kind}-{index}" for index, (kind, *_) in enumerate(vectors)]


@pytest.mark.parametrize("kind, body, named, offset", VECTORS, ids=_ids(VECTORS))
def test_fiche_body_vector_is_refused_with_its_line(project, kind, body, named, offset):
    project.fiche(body=body)
    problems = project.problems()
    assert any(
        p.startswith(f"fiches/a.1.yml:{BODY_LINE + offset} · champ « body » : ") and named in p for p in problems
    ), problems


def test_every_vector_class_is_inert_in_chromium_once_sanitized(browser):
    """What the sanitizer keeps of each vector, loaded in a real browser: no dialog, no handler."""
    from guide_nr.safety.markdown import render
    from guide_nr.safety.sanitizer import DATA, sanitize

    context = browser.new_context()
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.route("**/*", lambda route: route.abort())  # nothing may be fetched either
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for kind, body, _named, _offset in VECTORS:
        kept = sanitize(render(body), DATA)
        page.set_content(f"<!DOCTYPE html><html lang=fr><body><main>{kept}</main></body></html>")
        page.evaluate("""() => { for (const el of document.querySelectorAll('*')) {
            for (const type of ['mouseover', 'focus', 'click', 'toggle', 'load', 'error'])
                el.dispatchEvent(new Event(type)); } }""")
        assert page.evaluate("window.__pwned") is None, (kind, kept)
        assert page.evaluate("document.querySelectorAll('[style], script, iframe, object, embed, svg, math, img, form').length") == 0, (kind, kept)
    assert dialogs == []
    assert [url for url in requested if not url.startswith(("about:", "data:"))] == []
    context.close()


def test_sanitizer_keeps_the_markdown_a_guide_uses():
    from guide_nr.safety.markdown import inspect_markdown

    text = (
        "## Pourquoi agir\n\nUn *texte* **gras**, du `code`, un [lien](https://exemple.org/a_(b)?c=1&d=2#e), "
        "un [relatif](../a.2/) et un [courriel](mailto:contact@exemple.org).\n\n"
        "- liste\n- avec <abbr title=\"Power Usage Effectiveness\"><span lang=\"en\">PUE</span></abbr>\n\n"
        "1. numérotée\n\n| Colonne | Valeur |\n|---|---|\n| a | 1 |\n\n"
        "Une note[^1].\n\n[^1]: Texte de la note.\n\n!!! note \"À retenir\"\n    Encadré.\n\n"
        "Terme\n:   Définition.\n\n> Citation.\n\n```python\nprint('<script>')\n```\n"
    )
    assert inspect_markdown(text) == []


def test_unsafe_feedback_text_is_refused(project):
    project.fiche(feedback=[{"organisation": "ADEME", "text": "Bilan.\n<script>x()</script>\n"}])
    [problem] = project.problems()
    assert "champ « feedback[0].text » : balise HTML <script> refusée" in problem


def test_fields_that_are_safe_alone_are_checked_together(project):
    """A link in the body whose target is defined in a feedback text: each field alone renders
    nothing dangerous, the page would."""
    project.fiche(
        body="## Pourquoi agir\n\nVoir [la source][r].\n",
        feedback=[{"organisation": "ADEME", "text": f"Bilan.\n\n[r]: javascript:{PWN}\n"}],
    )
    [problem] = project.problems()
    assert "fiches/a.1.yml:12 · champ « body + feedback » : une fois ces textes réunis sur la page : adresse « javascript:" in problem


def test_unsafe_theme_intro_is_refused(project):
    project.write("fiches/_themes.yml", "- id: a\n  title: Stratégie\n  short_title: Gouv\n  order: 1\n  intro: |\n    Texte.\n    <iframe src=x></iframe>\n")
    project.fiche()
    [problem] = project.problems()
    assert problem.startswith("fiches/_themes.yml:7 · champ « [0].intro » : balise HTML <iframe> refusée")


def _organisation(project, **files):
    project.write("organisation/organisation.yml", "name: Hôpital de test\nid_prefix: ht\n")
    for name, text in files.items():
        project.write(f"organisation/{name}", text)


def test_unsafe_charter_notes_are_refused(project):
    project.fiche()
    project.write("fiches/_releases.json", "")
    (project.root / "fiches/_releases.json").unlink()
    _organisation(project, **{"charter.yml": yaml.safe_dump({
        "organisation": "Hôpital de test", "guide_version": "1.0",
        "commitments": [{"fiche": "a.1", "status": "en cours", "notes": "Suivi.\n\n<svg onload=alert(1)></svg>\n"}],
    }, allow_unicode=True)})
    problems = project.problems()
    assert any("organisation/charter.yml" in p and "commitments[0].notes" in p and "<svg>" in p for p in problems), problems


def test_unsafe_extra_page_is_refused_with_its_line(project):
    project.fiche()
    _organisation(project, **{"pages/gouvernance.md": "# Gouvernance\n\nTexte.\n\n<img src=x onerror=alert(1)>\n"})
    problems = project.problems()
    assert any(p.startswith("organisation/pages/gouvernance.md:5 : balise HTML <img> refusée") for p in problems), problems


def test_unsafe_own_fiche_is_refused(project):
    project.fiche()
    _organisation(project, **{"fiches/ht-a.1.yml": fiche_yaml(id="ht-a.1", body=f"Texte.\n\n[x](javascript:{PWN})\n")})
    problems = project.problems()
    assert any(p.startswith("organisation/fiches/ht-a.1.yml:15 · champ « body » : adresse « javascript:") for p in problems), problems


@pytest.mark.parametrize(
    "body",
    [
        "Le code `<script>` se place en fin de page.\n",
        "Exemple :\n\n```html\n<script src=\"app.js\"></script>\n```\n",
        "Un [lien sûr](https://exemple.org/javascript:) et le mot javascript: en texte.\n",
        "Une <abbr title=\"Power Usage Effectiveness\">PUE</abbr> basse.\n",
        "Du texte &lt;script&gt; échappé, et un [titre piégé](https://exemple.org \"a&quot; onmouseover=&quot;x\").\n",
    ],
)
def test_code_and_harmless_html_are_accepted(project, body):
    project.fiche(body=body)
    assert project.problems() == []


@pytest.mark.parametrize("body, offset", [
    ("Intro.\n\n# Titre\n\nTexte.\n", 2),
    ("Intro.\n\nTitre souligné\n==============\n\nTexte.\n", 2),
    ("Intro.\n\n<h1>Titre</h1>\n", 2),
])
def test_a_level_one_heading_is_refused_however_it_is_written(project, body, offset):
    project.fiche(body=body)
    assert project.problems() == [
        f"fiches/a.1.yml:{BODY_LINE + offset} · champ « body » : titre de niveau 1 (« # ») interdit : la page a déjà le titre "
        "de la fiche ; utilisez « ## »."
    ]


def test_a_note_defined_in_two_texts_of_a_fiche_is_reported(project):
    """On the page both texts are one document: one of the two sources would silently vanish."""
    project.fiche(body="## Pourquoi agir\n\nUn chiffre[^1].\n\n[^1]: ADEME, 2023.\n",
                  feedback=[{"organisation": "ADEME", "text": "Bilan[^1].\n\n[^1]: Compte rendu, 2024.\n"}])
    [problem] = project.problems()
    assert problem.startswith("fiches/a.1.yml:") and "champ « feedback[0].text » : la note « [^1] » est déjà définie dans « body »" in problem


@pytest.mark.parametrize("extra, line", [("# Deuxième titre\n", 5), ("Fin\n===\n", 5), ("<h1>Autre</h1>\n", 5)])
def test_an_organisation_page_has_one_level_one_heading(project, extra, line):
    project.fiche()
    _organisation(project, **{"pages/gouvernance.md": f"# Gouvernance\n\nTexte.\n\n{extra}"})
    problems = project.problems()
    assert any(p.startswith("organisation/pages/gouvernance.md:") and "un seul titre de niveau 1 par page" in p for p in problems), problems


def test_a_processing_instruction_is_read_as_the_comment_a_browser_makes_of_it(project):
    """``<?php … ?>`` is a bogus comment for a browser: invisible, dropped like a comment, never a crash."""
    from guide_nr.safety.sanitizer import FIELD, refusals, sanitize

    project.fiche(body="## Pourquoi agir\n\nTexte <?php echo 1; ?> suite.\n")
    assert project.problems() == []
    assert refusals("<p>a</p><?php x ?>", FIELD) == []
    assert "php" not in sanitize("<p>a<?php x ?>b</p>", FIELD)
