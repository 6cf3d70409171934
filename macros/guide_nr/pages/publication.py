"""Pages stage: the pages a public site owes its readers, from the project settings.

- ``mentions-legales.md``: publisher, director of publication, host, licence, personal data;
- ``contact.md``: how to reach the publisher (address, e-mail, tickets);
- ``accessibilite.md``: the accessibility statement in the structure of the official RGAA
  model (status, test results, non-accessible content, how it was established, feedback,
  voies de recours). Its figures are the test suite's, recorded for these very sources
  (``guide_nr.sources.test_results``); without them it says so and prints none.

A field left empty in ``extra.guide.publication`` shows as a visible « à compléter » naming the
setting to fill in; a fork's strict build refuses it (``guide_nr.pipeline``).
"""

from __future__ import annotations

import html
import math

from guide_nr import routes
from guide_nr.model.guide import Guide
from guide_nr.model.publication import REQUIRED, RGAA_VERSION, compliance
from guide_nr.pages.common import NNBSP, GeneratedPage, front_matter
from guide_nr.routes import link
from guide_nr.text import french_date, inline

LEGAL_PAGE = routes.LEGAL_PAGE
CONTACT_PAGE = routes.CONTACT_PAGE
ACCESSIBILITY_PAGE = routes.ACCESSIBILITY_PAGE


def _value(guide: Guide, name: str) -> str:
    """A publication field as Markdown text, or a visible placeholder naming the setting."""
    value = getattr(guide.publication, name)
    if value:
        return inline(value)
    where = ("organisation.yml", f"publication.{name}") if guide.organisation.identity is not None else ("mkdocs.yml", f"extra.guide.publication.{name}")
    return (f'<span class="a-completer">à compléter{NNBSP}: {REQUIRED.get(name, name)} '
            f"(<code>{where[0]}</code>, <code>{where[1]}</code>)</span>")


def _email(guide: Guide) -> str:
    email = guide.publication.email
    return f"[{inline(email)}](mailto:{email})" if email else _value(guide, "email")


def legal_page(guide: Guide) -> GeneratedPage:
    path = LEGAL_PAGE
    out = [
        front_matter("Mentions légales", "Éditeur, direction de la publication, hébergement, licence et données personnelles de ce site.",
                     recherche_nature="Page"),
        "# Mentions légales\n\n",
        "## Éditeur\n\n",
        f"{_value(guide, 'publisher')}  \n{_value(guide, 'publisher_address')}  \nCourriel{NNBSP}: {_email(guide)}\n\n",
        "## Direction de la publication\n\n",
        f"{_value(guide, 'director')}\n\n",
        "## Hébergement\n\n",
        f"{_value(guide, 'host')}  \n{_value(guide, 'host_address')}\n\n",
        "## Réutilisation des contenus\n\n",
        f"Les conditions de réutilisation des fiches et des pages sont décrites sur la page [Licence]({link(path, 'licence.md')}).\n\n",
        "## Données personnelles\n\n",
        "Ce site ne dépose aucun cookie, n’enregistre rien dans le navigateur de ses lecteurs et ne fait appel à aucun "
        "service extérieur (ni mesure d’audience, ni police de caractères, ni réseau de diffusion)"
        f"{NNBSP}: la suite de tests le vérifie sur chaque page. Le serveur de l’hébergeur peut tenir des journaux "
        "techniques de connexion, sous sa responsabilité.\n\n",
        "## Accessibilité\n\n",
        f"Voir la [déclaration d’accessibilité]({link(path, ACCESSIBILITY_PAGE)}).\n",
    ]
    return GeneratedPage(path, "".join(out))


def _ways_to_write(guide: Guide) -> list[str]:
    publication = guide.publication
    ways = [f"- par courriel{NNBSP}: {_email(guide)}{NNBSP};\n"]
    if publication.repository:
        ways.append(f"- en ouvrant un ticket sur le [dépôt du projet]({publication.repository}){NNBSP};\n")
    ways.append(f"- par courrier{NNBSP}: {_value(guide, 'publisher')}, {_value(guide, 'publisher_address')}.\n")
    return ways


def contact_page(guide: Guide) -> GeneratedPage:
    path = CONTACT_PAGE
    out = [
        front_matter("Contact", "Écrire à l’éditeur du site : une erreur dans une fiche, une suggestion, un contenu inaccessible.",
                     recherche_nature="Page"),
        "# Contact\n\n",
        "Une erreur dans une fiche, une référence à mettre à jour, une pratique à proposer, un contenu "
        f"que vous n’arrivez pas à lire ou à utiliser{NNBSP}? Écrivez à l’éditeur du site{NNBSP}:\n\n",
        *_ways_to_write(guide),
        "\n",
        f"Pour un contenu inaccessible, précisez l’adresse de la page et ce qui vous bloque{NNBSP}: "
        f"le contenu vous sera fourni sous une autre forme. ",
        f"La [déclaration d’accessibilité]({link(path, ACCESSIBILITY_PAGE)}) indique aussi les voies de recours.\n",
    ]
    return GeneratedPage(path, "".join(out))


def accessibility_page(guide: Guide) -> GeneratedPage:
    path = ACCESSIBILITY_PAGE
    publication = guide.publication
    status, reason = compliance(publication)
    run = guide.test_run
    out = [
        front_matter("Déclaration d’accessibilité", "État de conformité du site au RGAA, résultats des tests, contenus non accessibles, contact et voies de recours.",
                     recherche_nature="Page"),
        "# Déclaration d’accessibilité\n\n",
        f"{_value(guide, 'publisher')} s’engage à rendre ce site accessible, conformément à l’article 47 de la loi "
        f"n°{NNBSP}2005-102 du 11 février 2005.\n\n",
        "## État de conformité\n\n",
        f"Ce site est **{status}** avec le référentiel général d’amélioration de l’accessibilité (RGAA), "
        f"version {RGAA_VERSION}{NNBSP}: {reason}.\n\n",
        "## Résultats des tests\n\n",
    ]
    if publication.audit is not None:
        audit = publication.audit
        rate = f"{math.floor(audit.rate * 10) / 10:.1f}".replace(".", ",").removesuffix(",0")  # never rounded up to 100
        out.append(f"L’audit réalisé le {french_date(audit.date)} par {inline(audit.auditor)} indique que {rate}{NNBSP}% "
                   "des critères du RGAA applicables sont respectés.\n\n")
    else:
        out.append("Aucun audit n’ayant été réalisé, aucun taux de conformité n’est déclaré.\n\n")
    if run is None:
        out.append(f"Les tests automatisés du projet n’ont pas été exécutés sur cette version du site{NNBSP}: "
                   f"aucun de leurs résultats n’est donc affiché ici.\n\n")
    else:
        out.append(f"Tests automatisés exécutés le {french_date(run.date)} sur cette version du site, sur chacune de ses "
                   f"{run.pages} pages{NNBSP}: {run.passed} réussis sur {len(run.checks)}.\n\n")
        out.append('<table class="resultats-tests" aria-label="Résultats des tests automatisés">\n'
                   '<thead><tr><th scope="col">Test</th><th scope="col">Résultat</th></tr></thead>\n<tbody>\n')
        for check in run.checks:
            out.append(f"<tr><td>{html.escape(check.label, quote=False)}</td><td>{'réussi' if check.passed else 'échoué'}</td></tr>\n")  # raw HTML: no Markdown escapes
        out.append("</tbody>\n</table>\n\n")
        out.append(f"Ces tests ne couvrent qu’une partie des critères{NNBSP}: la pertinence des textes alternatifs et des "
                   "intitulés, l’ordre de lecture ou la restitution par les lecteurs d’écran demandent une évaluation "
                   f"humaine, qui n’a pas encore eu lieu.\n\n")
    out += [
        "## Contenus non accessibles\n\n",
        "### Non-conformités\n\n",
        (f"Les non-conformités au RGAA sont celles que relève le rapport de l’audit du {french_date(publication.audit.date)}.\n\n"
         if publication.audit else "Aucun audit ne les a encore relevées.\n\n"),
        "### Limites connues\n\n",
        f"- Sans JavaScript, le menu des écrans de moins de 1{NNBSP}220 pixels s’ouvre au toucher et à la souris "
        f"mais pas au clavier{NNBSP}; ses liens sont repris en pied de page.\n",
        f"- Sans JavaScript, les filtres du catalogue et la recherche plein texte ne sont pas disponibles{NNBSP}; "
        f"le catalogue et les pages par critère listent toutes les fiches.\n\n",
        "### Dérogations pour charge disproportionnée\n\nAucune.\n\n",
        "### Contenus non soumis à l’obligation d’accessibilité\n\n",
        "Les documents et sites extérieurs cités en référence dans les fiches.\n\n",
        "## Établissement de cette déclaration\n\n",
    ]
    established = max([d for d in (run.date if run else None, publication.audit.date if publication.audit else None) if d is not None], default=None)
    if established is None:
        out.append("Cette déclaration sera datée par la prochaine exécution des tests automatisés ou par un audit.\n\n")
    else:
        out.append(f"Cette déclaration a été établie le {french_date(established)}, d’après "
                   + " et ".join(x for x in ("les tests automatisés" if run else "", "l’audit" if publication.audit else "") if x) + ".\n\n")
    out.append(f"Technologies utilisées{NNBSP}: HTML, CSS, SVG, et JavaScript en amélioration progressive "
               f"(menu, filtres du catalogue, recherche).\n\n")
    if run is not None:
        out.append(f"Environnement de test{NNBSP}: {inline(run.browser)}. Outils{NNBSP}: {inline(', '.join(run.tools))}.\n\n")
    out += [
        "## Retour d’information et contact\n\n",
        "Si vous n’arrivez pas à accéder à un contenu ou à un service de ce site, contactez l’éditeur pour être "
        f"orienté vers une solution ou obtenir le contenu sous une autre forme{NNBSP}:\n\n",
        *_ways_to_write(guide),
        "\n## Voies de recours\n\n",
        "Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un service du "
        f"site et n’avez pas obtenu de réponse satisfaisante, vous pouvez{NNBSP}:\n\n",
        "- écrire au Défenseur des droits par le [formulaire en ligne](https://formulaire.defenseurdesdroits.fr/)"
        f"{NNBSP};\n",
        "- contacter le [délégué du Défenseur des droits](https://www.defenseurdesdroits.fr/saisir/delegues) de votre "
        f"région{NNBSP};\n",
        f"- appeler le 09{NNBSP}69{NNBSP}39{NNBSP}00{NNBSP}00{NNBSP};\n",
        f"- envoyer un courrier, gratuit et sans timbre{NNBSP}: Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07.\n",
    ]
    return GeneratedPage(path, "".join(out))


def publication_pages(guide: Guide) -> list[GeneratedPage]:
    return [legal_page(guide), contact_page(guide), accessibility_page(guide)]
