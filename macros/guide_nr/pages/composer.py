"""« Composer ma charte »: the page where a reader drafts an organisation's charter in the browser.

Without JavaScript it is a printable checklist of every published fiche by theme (id, title,
priority, difficulty, pilots) with empty columns for status, pilot and deadline, drawn by the
stylesheet so each fiche stays two elements. With JavaScript
(``overrides/assets/scripts/composeur.js``, loaded by the ``composeur.html`` template of this
page only) the same list becomes the composer: each item carries its facets' slugs as
``data-*`` attributes (those of the catalogue, so the catalogue's filter carries over), and the
``#composeur`` element hands the script what the model decides: the guide version, the charter
statuses, what « gains rapides » means, and where the published schema and ``changes.json`` are.
Nothing here is the reader's: the page is the same for everyone, the draft stays in the browser.
"""

from __future__ import annotations

import posixpath

from guide_nr import routes
from guide_nr.model.charter import STATUSES
from guide_nr.model.fiche import DIFFICULTIES, DIFFICULTY_PHRASES, PRIORITIES
from guide_nr.model.guide import Guide
from guide_nr.pages.common import GeneratedPage, front_matter
from guide_nr.pages.facets import fiche_slugs
from guide_nr.sources.schema import ORGANISATION_SCHEMA_FILES
from guide_nr.templating import render
from guide_nr.text import INVISIBLE_CHARACTERS, slugify

TITLE = "Composer ma charte"

#: What the composer's script says, by key: in the page, so the script holds no French text and
#: the build composes these like any other text. ``{n}`` a count (a key ending in « 1 » is its
#: singular), ``{i}`` a fiche id, ``{x}`` a text, ``{v}`` a version, ``{d}`` a date, ``{u}`` an address.
MESSAGES = {
    "retenues1": "{n} fiche retenue.", "retenues": "{n} fiches retenues.", "aucune": "Aucune fiche retenue.",
    "ajoutee": "Fiche {i} ajoutée.", "ajoutees1": "{n} fiche ajoutée ({x}).", "ajoutees": "{n} fiches ajoutées ({x}).",
    "gains": "gains rapides", "theme": "thème « {x} »", "catalogue": "depuis le catalogue", "adresse": "depuis l’adresse de la page",
    "retiree": "Fiche {i} retirée.", "videes": "Toutes les fiches ont été retirées.", "annuler": "Annuler : {x}", "annulee": "Annulé : {x}.",
    "annuler-vider": "retrait de toutes les fiches", "annuler-retrait": "retrait de la fiche {i}",
    "annuler-import": "import du fichier (retour au projet d’avant)",
    "annuler-lien": "ouverture du lien de partage (retour au projet de ce navigateur)",
    "retenir-theme1": "Retenir la fiche du thème « {x} »", "retenir-theme": "Retenir les {n} fiches du thème « {x} »",
    "retenir": "Retenir", "deja": "Déjà retenue : rien d’ajouté.",
    "illisible": "fichier illisible (ce n’est pas un texte YAML, ou ses [ ] et { } sont trop imbriqués).", "legende": "Engagement sur la fiche {x}", "retirer": "Retirer la fiche {i} du projet",
    "annuler-ajout": "ajout de {n} fiches", "lien-long": "Projet trop long pour un lien de partage : exportez charter.yml et envoyez le fichier.",
    "stockage": "Ce navigateur ne garde pas le brouillon : gardez le lien de partage ou l’export.",
    "par-theme": "Par thème : {x}.", "par-priorite": "Par priorité : {x}.", "par-difficulte": "Par difficulté : {x}.",
    "absentes": "Fiches absentes de ce guide, retirées du projet : {x}.",
    "depuis": "Ce projet a été composé sur la version {x} du guide, qui est maintenant en version {v}.",
    "inconnue": "Le journal des modifications ne connaît pas cette version : relisez chaque engagement.",
    "a-revoir": "Engagements à revoir, leur fiche ayant changé depuis : {x}.",
    "inchangees": "Aucune des fiches retenues n’a changé depuis.",
    "journal-illisible": "Le journal des modifications n’a pas pu être lu : comparez-le à vos engagements.",
    "revus": "Engagements revus : passer à la version {v}", "passe": "Projet passé à la version {v}.",
    "nom": "Donnez le nom de l’organisation.", "aucune-fiche": "Retenez au moins une fiche.",
    "markdown": "Fiche {i}, notes : un fork les lit en Markdown et refuserait ce texte ; retirez balises HTML (« <… »), "
                "images (« ![ »), titre de niveau 1 (« # » en début de ligne, commencez par « ## ») et liens autres que http://, https:// ou mailto:.",
    "raison": "Fiche {i} : donnez la raison de ne pas la retenir.",
    "telecharge": "{x} téléchargé.",
    "entete": "Projet composé le {d} avec « Composer ma charte » ({u}), version {v} du guide : à placer dans le dossier organisation/ d’un fork.",
    "origine": "Projet composé le {d} à partir de la version {v} du Guide de bonnes pratiques numérique responsable ({u}).",
    "Statut": "Statut", "Raison": "Raison", "Pilote": "Pilote", "Echeance": "Échéance", "Cible": "Cible", "Notes": "Notes", "Fiche": "Fiche",
    "lien-cree": "Lien de partage créé : copiez-le depuis le champ « Lien de partage ».",
    "lien-ouvert": "Projet ouvert depuis le lien de partage.",
    "lien-abime": "Ce lien de partage est incomplet ou abîmé : vérifiez qu’il a été copié en entier.",
    "trop-grand": "{x} : {n} Ko, pour 200 Ko au plus.",
    "schema": "le schéma des chartes n’a pas pu être lu (connexion ?) : réessayez.",
    "double": "commitments[{n}].fiche : la fiche « {x} » a déjà un engagement.",
    "ignores": "Champs que le composeur ne reprend pas (gardez votre fichier pour eux) : {x}.",
    "importe1": "{x} importé : {n} engagement.", "importe": "{x} importé : {n} engagements.",
    # Reading and checking an imported charter.yml (its line, or the field's path).
    "ligne": "ligne {n} : {x}", "yaml-document": "document",
    "yaml-double": "clé déjà donnée plus haut dans le même bloc",
    "yaml-guillemets": "texte entre guillemets mal fermé",
    "yaml-ancre": "ancres, alias et étiquettes YAML (&, *, !) non acceptés ; pour un texte commençant par « | » ou « > », mettez-le entre guillemets",
    "yaml-flux": "liste [ ] mal formée, ou bloc { } (écrivez ses champs sur des lignes « clé : valeur »)",
    "yaml-bloc": "bloc de texte : écrivez « | », « |- » ou « |+ » seuls, sans « > » ni chiffre de retrait",
    "yaml-longue": "ligne de plus de 5 000 caractères : coupez-la, ou écrivez ce texte après « | » sur plusieurs lignes",
    "yaml-retrait": "retrait inattendu : alignez cette ligne sur les clés de son bloc",
    "yaml-cle": "ligne attendue de la forme « clé : valeur » (clé sans guillemets) ou « - élément », avec des espaces pour le retrait",
    "yaml-documents": "un seul document par fichier",
    "type-string": "un texte", "type-number": "un nombre", "type-integer": "un nombre entier", "type-boolean": "vrai ou faux",
    "type-array": "une liste", "type-object": "des champs « clé : valeur »", "type-null": "rien",
    "schema-type": "attendu : {x}, pas {v}", "schema-enum": "{v} n’est pas une valeur acceptée ({x})",
    "schema-vide": "ne doit pas être vide",
    "schema-date": "{v} n’est pas une date AAAA-MM-JJ", "schema-min": "doit être au moins {x}", "schema-max": "doit être au plus {x}",
    "schema-absent": "champ obligatoire absent", "schema-inconnu": "champ inconnu ; champs possibles : {x}",
}


#: Notes a fork's Markdown check could refuse (guide_nr.safety.markdown), as a JavaScript pattern
#: (flags « im »), erring on the safe side: raw HTML and character references, images, a heading
#: line (in a quote or a list too, or underlined), attribute lists, nested brackets, links and
#: reference definitions other than http(s), mailto or relative. The composer says so before
#: exporting; tests/test_composer.py holds it to the fork's check on invented notes.
REFUSED_NOTES = (r"<(?!https?:|mailto:|[^>\s@]+@[^>\s@]+>)[a-z!?/]|&#?\w+;|!\[|^[ \t>*+\d.)-]*#(?!#)|^ *(=+|-+) *$"
                 r"|\{[^{}]*[:=#]|\[[^\]]*\[|\]\([^)\s]*\s+[^)\s]"
                 r"|\]\( *<?(?!https?:|mailto:|[\w.-]+(?:[/#?)]|$)|[#?])"
                 r"|^[ >*+\d.)-]*\[(?!\^)[^\]]*\]: *<?(?!https?:|mailto:|[\w.-]+(?:[/#?]|$)|[#?])")


def js_character_class(pattern: str) -> str:
    """A Python character-class pattern written for ``new RegExp(…, "u")``, every character
    outside printable ASCII as ``\\u{…}``, so the page's attribute holds no control character."""
    return "".join(c if " " < c < "\x7f" and c not in "\\" else f"\\u{{{ord(c):x}}}" for c in pattern)


def composer_link(from_path: str, fiche_id: str | None = None) -> str:
    """The composer's address from a source page, adding one fiche to the draft when given
    (raw HTML: the query string is read by the composer's script)."""
    url = routes.root_prefix(from_path) + routes.page_url(routes.COMPOSER_PAGE)
    return url + (f"?fiche={fiche_id}" if fiche_id else "")


def composer_page(guide: Guide) -> GeneratedPage:
    path = routes.COMPOSER_PAGE
    root = routes.root_prefix(path)
    themes = []
    for theme in guide.themes:
        fiches = guide.fiches_of(theme.id)
        if fiches:
            themes.append({"id": theme.id, "title": theme.title, "fiches": [
                {"id": f.id, "title": f.title, "href": root + routes.page_url(f.page_path), "data": fiche_slugs(f, guide),
                 "facts": f"{f.priority}, {DIFFICULTY_PHRASES[f.difficulty]} — {', '.join(f.pilots)}"} for f in fiches]})
    tool = {
        "version": guide.settings.version,
        "versions": " ".join(r.version for r in guide.releases) or guide.settings.version,  # those a fork accepts
        "statuses": list(STATUSES),
        "quick": f"{slugify(PRIORITIES[0])} {slugify(DIFFICULTIES[0])}",
        "schema": root + routes.ORGANISATION_SCHEMAS["charter.yml"],
        "changes": root + routes.CHANGES_FILE,
        "root": root or "./",
        "invisibles": js_character_class(INVISIBLE_CHARACTERS.pattern),
        "refused": REFUSED_NOTES,
    }
    count = sum(len(t["fiches"]) for t in themes)
    # Priorities and difficulties by their slug (``v-prioritaire``), for the summary.
    derived = {f"v-{slugify(value)}": value for value in (*PRIORITIES, *DIFFICULTIES)}
    # The first line of each exported file, as in a fork: where editors find its schema.
    derived |= {f"modeline-{name[:-4]}": f"# yaml-language-server: $schema=../{posixpath.dirname(guide.settings.schema_file)}/{file}"
               for name, file in ORGANISATION_SCHEMA_FILES.items() if name != "maturity.yml"}
    quick = guide.select(priority=PRIORITIES[0], difficulty=DIFFICULTIES[0])
    body = render("composer.html", themes=themes, tool=tool, count=count, quick_count=len(quick), messages={**MESSAGES, **derived},
                  catalogue=root + routes.page_url(routes.CATALOGUE_PAGE))
    return GeneratedPage(path, front_matter(
        TITLE, f"Choisir parmi les {count} fiches du guide celles qu’une organisation retient, et en faire un projet de charte "
               "à imprimer ou à reprendre dans un fork, sans rien envoyer à personne.",
        template="composeur.html", hide=["toc"], recherche=False) + f"# {TITLE}\n\n" + body)
