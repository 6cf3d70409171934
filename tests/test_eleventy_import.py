"""Import of the previous Eleventy site's Markdown fiches (guide_nr.sources.eleventy_import)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml

from guide_nr import GuideSettings, load_guide
from guide_nr.sources.eleventy_import import SCHEMA_COMMENT, ImportReport, import_eleventy

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data" / "eleventy"
SOURCE = DATA / "source"
EXPECTED = DATA / "expected"
EXPECTED_IDS = ["a.9", "b.4", "d.7", "f.9", "h.8"]

FRONT = """---
idbp: {idbp}
title: Éteindre les imprimantes la nuit
priority: Recommandée
difficulty: Facile
who: [Direction logistique]
indicators: [Nombre d’imprimantes programmées]
date: 2023-05-10
{extra}---
"""
BODY = "Une imprimante en veille consomme toute la nuit. La programmer pour s’éteindre suffit.\n"


def write_md(folder: Path, name: str, *, idbp: str = "f.9", extra: str = "", body: str = BODY) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(FRONT.format(idbp=idbp, extra=extra) + body, encoding="utf-8")
    return path


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> tuple[ImportReport, Path]:
    target = tmp_path_factory.mktemp("imported")
    return import_eleventy(SOURCE, target), target


def fiche(imported, fiche_id: str) -> dict:
    return load(imported[1] / f"{fiche_id}.yml")


def notes_of(report: ImportReport, fiche_id: str) -> list[str]:
    return [n for n in report.notes if n.startswith(f"{fiche_id} : ")]


# -- the fixture folder ---------------------------------------------------------------


def test_fixture_folder_gives_expected_files(imported):
    report, target = imported
    assert sorted(p.name for p in report.written) == [f"{i}.yml" for i in EXPECTED_IDS]
    assert sorted(p.name for p in target.iterdir()) == [f"{i}.yml" for i in EXPECTED_IDS]
    for fiche_id in EXPECTED_IDS:
        produced = (target / f"{fiche_id}.yml").read_text(encoding="utf-8")
        assert produced == (EXPECTED / f"{fiche_id}.yml").read_text(encoding="utf-8"), fiche_id


def test_imported_fiches_pass_guide_validation(tmp_path):
    fiches = tmp_path / "fiches"
    fiches.mkdir()
    for name in ("_themes.yml", "_pilots.yml"):
        shutil.copy(REPO / "fiches" / name, fiches / name)
    report = import_eleventy(SOURCE, fiches)
    assert len(report.written) == 5
    guide = load_guide(GuideSettings(root=tmp_path))
    assert sorted(f.id for f in guide.fiches) == EXPECTED_IDS
    assert guide.fiche("b.4").feedback[0].source.url == "https://www.example.org/exemple-sur-loire/bilan-2022"


def test_files_are_formatted_like_our_fiches(imported):
    text = (imported[1] / "a.9.yml").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert lines[0] == SCHEMA_COMMENT == "# yaml-language-server: $schema=_schema.json"
    keys = [line.split(":")[0] for line in lines[1:] if line and not line.startswith((" ", "#"))]
    assert keys == ["id", "theme", "title", "summary", "priority", "difficulty", "pilots", "indicators", "updated", "body", "feedback"]
    assert "updated: 2022-11-14\n" in text  # a date, not a quoted string
    assert "body: |\n  ## Pourquoi un comité\n" in text
    assert "  - Direction générale\n" in text  # indented lists
    assert "Val d’Exemple" in text and "\\u" not in text  # allow_unicode
    assert load(imported[1] / "a.9.yml")["updated"] == dt.date(2022, 11, 14)


def test_front_matter_fields_are_mapped_and_normalised(imported):
    a9, f9 = fiche(imported, "a.9"), fiche(imported, "f.9")
    assert (a9["id"], a9["theme"]) == ("a.9", "a")
    assert (a9["priority"], a9["difficulty"]) == ("Recommandée", "Facile")
    assert a9["pilots"] == ["Direction générale", "Délégué au numérique responsable"]  # comma-separated string
    assert fiche(imported, "d.7")["indicators"] == ["Part des batteries remplacées plutôt que l’ordinateur entier"]
    assert f9["title"] == "Régler la mise en veille des écrans"
    assert f9["indicators"] == ["Part des postes réglés pour une veille après 10 minutes"]
    assert (f9["priority"], f9["updated"]) == ("Prioritaire", dt.date(2023, 2, 1))
    assert fiche(imported, "h.8")["updated"] == dt.date(2024, 3, 15)  # quoted date in the front matter


# -- feedback ---------------------------------------------------------------------------


def test_feedback_with_bold_organisation_and_source(imported):
    a9 = fiche(imported, "a.9")
    assert a9["feedback"] == [{
        "organisation": "Communauté de communes du Val d’Exemple",
        "text": "Depuis 2021, le comité se réunit chaque semestre sous la présidence du directeur général des services. "
                "Il a validé la prolongation à six ans de la durée d’usage des ordinateurs portables.\n",
        "source": {"title": "Rapport d’activité 2022 du Val d’Exemple", "url": "https://www.example.org/val-exemple/rapport-2022"},
    }]
    assert "Retour d" not in a9["body"] and "Source" not in a9["body"]


def test_feedback_with_sub_headings(imported):
    b4 = fiche(imported, "b.4")
    assert [(f["organisation"], f.get("year")) for f in b4["feedback"]] == [
        ("Ville d’Exemple-sur-Loire", 2022),
        ("Syndicat mixte Numérique Exemple", None),
    ]
    assert [f["source"]["title"] for f in b4["feedback"]] == ["Bilan du plan numérique responsable 2022", "Lettre d’information n° 12"]
    assert b4["feedback"][1]["source"]["url"] == "https://www.example.net/lettre-12"
    assert all("Source" not in f["text"] and "###" not in f["text"] for f in b4["feedback"])
    assert "Retour d" not in b4["body"] and "Syndicat" not in b4["body"]


def test_feedback_without_organisation_and_in_fence(imported):
    report, _ = imported
    d7 = fiche(imported, "d.7")
    assert d7["feedback"][0]["organisation"] == "Organisation non précisée"
    assert d7["feedback"][0]["text"].startswith("Un établissement public a remplacé 120 batteries")
    assert "## Retour d’expérience:" not in d7["body"]
    # a code block is kept as written, even its « # » and « ## Retour d'expérience » lines
    assert "~~~sh\n# capacité de la batterie principale\n" in d7["body"]
    assert "## Retour d'expérience\n~~~" in d7["body"]
    assert any("Organisation non précisée" in n for n in notes_of(report, "d.7"))


def test_feedback_not_last_and_bold_name_alone(imported):
    h8 = fiche(imported, "h.8")
    assert h8["feedback"] == [{
        "organisation": "Université d’Exemple",
        "text": "La direction du numérique a repéré 35 machines virtuelles sans activité depuis un an ; "
                "28 ont été arrêtées après accord des services.\n",
        "source": {"title": "Rapport annuel de la direction du numérique, 2023"},
    }]
    assert "Retour d" not in h8["body"] and "## Pour aller plus loin" in h8["body"]
    assert "feedback" not in fiche(imported, "f.9")


@pytest.mark.parametrize("heading", [
    "## Retour d'expérience",
    "## Retour d’expérience",
    "## Retour d'expérience :",
    "## Retour d’expérience :",
    "## Retour d’expérience:",
    "## Retour d’expérience\u202f:",
])
def test_feedback_heading_variants(tmp_path, heading):
    body = BODY + f"\n{heading}\n\n**Mairie d’Exemple** : les imprimantes s’éteignent à 20 h.\n"
    write_md(tmp_path / "src", "f9.md", body=body)
    import_eleventy(tmp_path / "src", tmp_path / "out")
    data = load(tmp_path / "out" / "f.9.yml")
    assert data["feedback"] == [{"organisation": "Mairie d’Exemple", "text": "Les imprimantes s’éteignent à 20 h.\n"}]
    assert data["body"] == BODY


@pytest.mark.parametrize("line", [
    "Source : [Bilan 2023](https://www.example.org/bilan)",
    "Source\u202f: [Bilan 2023](https://www.example.org/bilan)",
    "Source\u00a0: [Bilan 2023](https://www.example.org/bilan)",
    "Source: [Bilan 2023](https://www.example.org/bilan)",
])
def test_source_line_variants(tmp_path, line):
    body = BODY + f"\n## Retour d’expérience\n\n**Mairie d’Exemple** : extinction à 20 h.\n\n{line}\n"
    write_md(tmp_path / "src", "f9.md", body=body)
    import_eleventy(tmp_path / "src", tmp_path / "out")
    item = load(tmp_path / "out" / "f.9.yml")["feedback"][0]
    assert item["source"] == {"title": "Bilan 2023", "url": "https://www.example.org/bilan"}
    assert item["text"] == "Extinction à 20 h.\n"


def test_bold_subject_of_a_sentence_is_not_an_organisation(tmp_path):
    body = BODY + "\n## Retour d’expérience\n\n**La mairie** a programmé l’extinction de ses imprimantes.\n"
    write_md(tmp_path / "src", "f9.md", body=body)
    report = import_eleventy(tmp_path / "src", tmp_path / "out")
    item = load(tmp_path / "out" / "f.9.yml")["feedback"][0]
    assert item == {"organisation": "Organisation non précisée", "text": "**La mairie** a programmé l’extinction de ses imprimantes.\n"}
    assert "f.9 : retour d’expérience sans organisation nommée : « Organisation non précisée », à compléter" in report.notes


# -- body and summary -------------------------------------------------------------------


def test_level_one_headings_are_demoted(imported):
    report, _ = imported
    assert fiche(imported, "a.9")["body"].startswith("## Pourquoi un comité\n")
    assert fiche(imported, "h.8")["body"].startswith("Décommissionner\n---------------\n")
    assert "a.9 : titre de niveau 1 « Pourquoi un comité » abaissé au niveau 2 (« ## »)" in report.notes
    assert any(n.startswith("h.8 : titre de niveau 1 « Décommissionner »") for n in report.notes)


def test_summary_is_first_sentence_in_plain_text(imported):
    assert fiche(imported, "b.4")["summary"] == (
        "Un atelier collaboratif comme la Fresque du numérique fait comprendre en trois heures "
        "d’où viennent les impacts environnementaux du numérique."
    )
    assert fiche(imported, "f.9")["summary"] == "Un écran allumé sans personne devant consomme inutilement de l’électricité pendant des heures."
    assert fiche(imported, "h.8")["summary"].startswith("Des serveurs restent souvent allumés")


@pytest.mark.parametrize("sentence", [
    "Une imprimante " + "très " * 80 + "gourmande consomme.",
    "Imprimante-" + "X" * 250 + " consomme.",  # no space to cut at within 200 characters
])
def test_long_summary_is_cut_to_200_characters(tmp_path, sentence):
    write_md(tmp_path / "src", "f9.md", body=sentence + "\n")
    import_eleventy(tmp_path / "src", tmp_path / "out")
    summary = load(tmp_path / "out" / "f.9.yml")["summary"]
    assert len(summary) <= 200 and summary.endswith("…") and summary.startswith(sentence[:10])


# -- notes ------------------------------------------------------------------------------


def test_notes_report_ignored_and_unmapped_keys(imported):
    report, _ = imported
    assert "a.9 : champ « eleventyNavigation » ignoré (navigation gérée par le site)" in report.notes
    assert "b.4 : champ « eleventyNavigation » ignoré (navigation gérée par le site)" in report.notes
    for key, fiche_id in (("layout", "a.9"), ("tags", "a.9"), ("permalink", "h.8")):
        assert f"{fiche_id} : champ « {key} » non repris (pas d’équivalent dans le format des fiches)" in report.notes
    assert not any("« title »" in n or "« who »" in n for n in report.notes)


def test_notes_report_normalisations(imported):
    report, _ = imported
    assert "a.9 : identifiant « A.9 » normalisé en « a.9 »" in report.notes
    assert "b.4 : identifiant « b4 » normalisé en « b.4 »" in report.notes
    assert "a.9 : priorité « recommandee » convertie en « Recommandée »" in report.notes
    assert "h.8 : difficulté « moyenne » convertie en « Moyenne »" in report.notes
    assert not any("normalisé" in n for n in notes_of(report, "d.7"))


def test_notes_report_derived_summaries(imported):
    report, _ = imported
    derived = [n for n in report.notes if "résumé déduit du texte : à relire" in n]
    assert sorted(n.split(" : ")[0] for n in derived) == EXPECTED_IDS


def test_notes_report_template_syntax(imported):
    report, _ = imported
    assert any("gabarit Eleventy" in n for n in notes_of(report, "f.9"))
    assert not any("gabarit" in n for n in notes_of(report, "a.9"))


def test_unknown_values_and_key_typos_are_reported(tmp_path):
    write_md(tmp_path / "src", "f9.md", extra="priorty: Prioritaire\n")
    (tmp_path / "src" / "f9.md").write_text(
        (tmp_path / "src" / "f9.md").read_text(encoding="utf-8").replace("priority: Recommandée", "priority: Urgente"), encoding="utf-8"
    )
    report = import_eleventy(tmp_path / "src", tmp_path / "out")
    assert load(tmp_path / "out" / "f.9.yml")["priority"] == "Urgente"  # left for `guide check` to flag
    assert any(n.startswith("f.9 : priorité « Urgente » non reconnue") for n in report.notes)
    assert any("« priorty »" in n and "Vouliez-vous dire « priority » ?" in n for n in report.notes)


def test_missing_required_field_is_reported(tmp_path):
    path = write_md(tmp_path / "src", "f9.md")
    path.write_text(path.read_text(encoding="utf-8").replace("date: 2023-05-10\n", ""), encoding="utf-8")
    report = import_eleventy(tmp_path / "src", tmp_path / "out")
    assert "updated" not in load(tmp_path / "out" / "f.9.yml")
    assert any(n.startswith("f.9 : champ « date » absent") for n in report.notes)


# -- skipped files and existing targets -------------------------------------------------


def test_files_without_front_matter_or_idbp_are_skipped(imported):
    report, _ = imported
    assert len(report.skipped) == 3
    assert "lisez-moi.md : pas d’en-tête YAML (front matter) : le fichier doit commencer par une ligne « --- »." in report.skipped
    assert "brouillon-sans-idbp.md : pas de champ « idbp » dans l’en-tête : identifiant de la fiche inconnu." in report.skipped
    assert any(s.startswith("entete-invalide.md : en-tête YAML illisible, ligne 3") for s in report.skipped)


def test_unrecognised_id_and_duplicate_id_are_skipped(tmp_path):
    write_md(tmp_path / "src", "a.md", idbp="f.9")
    write_md(tmp_path / "src", "b.md", idbp="F9")
    write_md(tmp_path / "src", "c.md", idbp="fiche-neuf")
    report = import_eleventy(tmp_path / "src", tmp_path / "out")
    assert [p.name for p in report.written] == ["f.9.yml"]
    assert "b.md : identifiant « f.9 » déjà importé depuis a.md ; fichier non converti." in report.skipped
    assert any(s.startswith("c.md : identifiant « fiche-neuf » (champ « idbp ») non reconnu") for s in report.skipped)


def test_existing_fiche_is_not_overwritten(tmp_path):
    write_md(tmp_path / "src", "f9.md")
    target = tmp_path / "out"
    target.mkdir()
    (target / "f.9.yml").write_text("id: f.9\n", encoding="utf-8")
    report = import_eleventy(tmp_path / "src", target)
    assert report.written == []
    assert report.notes == []
    assert report.skipped == [
        "f9.md : la fiche f.9.yml existe déjà dans le dossier cible ; elle n’est pas remplacée (relancez avec « --remplacer » pour la remplacer)."
    ]
    assert (target / "f.9.yml").read_text(encoding="utf-8") == "id: f.9\n"


def test_existing_fiche_is_replaced_with_overwrite(tmp_path):
    write_md(tmp_path / "src", "f9.md")
    target = tmp_path / "out"
    target.mkdir()
    (target / "f.9.yml").write_text("id: f.9\n", encoding="utf-8")
    report = import_eleventy(tmp_path / "src", target, overwrite=True)
    assert report.written == [target / "f.9.yml"]
    assert report.skipped == []
    assert load(target / "f.9.yml")["title"] == "Éteindre les imprimantes la nuit"
    assert "f.9 : fiche existante f.9.yml remplacée" in report.notes


def test_missing_source_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="dossier source introuvable"):
        import_eleventy(tmp_path / "absent", tmp_path / "out")
