"""Macros for the narrative pages of ``docs/`` (mkdocs-macros-plugin module, named in mkdocs.yml ``modules:``).

Each macro returns Markdown built by the engine; links are relative to the page that
calls the macro. Documented for authors in the README (« Macros »).

Trust boundary: only ``docs/`` pages (maintainers) and the organisation's ``pages/``
(its maintainers) run as templates; generated pages never do (``render_macros: false``).
Even there a page runs in the guide's sandbox (:func:`on_pre_page_macros`): it sees the
macros of :data:`EXPOSED` and nothing else — no variable, no Python internals.
"""

import re
from typing import Any

from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from mkdocs.structure.pages import Page
from mkdocs_macros.errors import format_error

from guide_nr import DIFFICULTIES, PRIORITIES
from guide_nr.adapters.mkdocs.bridge import guide_from_config, markdown_from_config
from guide_nr.model.fiche import Fiche
from guide_nr.model.guide import Guide
from guide_nr.pages import charter_data, opendata
from guide_nr.pages.common import fiche_label
from guide_nr.pages.common import fiche_list as _fiche_list
from guide_nr.pages.common import theme_list as _theme_list
from guide_nr.pages.facets import pilot_values
from guide_nr.pages.matrix import matrix_html
from guide_nr.pages.organisation import has_section
from guide_nr.pages.organisation import home_text as _home_text
from guide_nr.pages.organisation import home_title as _home_title
from guide_nr.pages.report import report_years
from guide_nr.problems import allowed_list, did_you_mean
from guide_nr.routes import CHARTER_PAGE, LANDING_PAGE, MATURITY_PAGE, PLAN_PAGE, REPORTS_INDEX, link
from guide_nr.safety.template_sandbox import GuideSandbox, french_syntax_error, sandbox_of, template_problems
from guide_nr.text import inline


def define_env(env: Any) -> None:  # env: the macros plugin (untyped)
    def guide() -> Guide:
        return guide_from_config(env.conf)

    def here() -> str:
        page = env.page
        file = getattr(page, "file", None)  # MkDocs' page; Zensical's has only its source path
        return str(file.src_uri if file is not None else page.path)

    def selection(macro: str, theme: str | None, priority: str | None, difficulty: str | None, pilot: str | None) -> list[Fiche]:
        current = guide()
        checks: list[tuple[str, str | None, list[str]]] = [
            ("theme", theme, [t.id for t in current.themes]),
            ("priority", priority, list(PRIORITIES)),
            ("difficulty", difficulty, list(DIFFICULTIES)),
            ("pilot", pilot, [p.label for p in current.pilots]),
        ]
        for name, value, allowed in checks:
            if value is not None and value not in allowed:
                raise ValueError(
                    f"{macro}({name}=…) : valeur « {value} » inconnue.{did_you_mean(value, allowed)} "
                    f"Valeurs possibles : {allowed_list(allowed)}."
                )
        return current.select(theme=theme, priority=priority, difficulty=difficulty, pilot=pilot)

    @env.macro
    def fiche_list(theme: str | None = None, priority: str | None = None, difficulty: str | None = None, pilot: str | None = None) -> str:
        """Liste des fiches filtrées par thème, priorité, difficulté et/ou pilote."""
        return _fiche_list(guide(), selection("fiche_list", theme, priority, difficulty, pilot), here())

    @env.macro
    def fiche_count(theme: str | None = None, priority: str | None = None, difficulty: str | None = None, pilot: str | None = None) -> int:
        """Nombre de fiches répondant aux mêmes filtres que fiche_list."""
        return len(selection("fiche_count", theme, priority, difficulty, pilot))

    @env.macro
    def theme_list() -> str:
        """Liste des thèmes avec leur nombre de fiches."""
        return _theme_list(guide(), here())

    @env.macro
    def pilot_list() -> str:
        """Liste des pilotes (rôles) avec leur nombre de fiches, liés à leur page."""
        current = guide()
        lines = []
        for value in pilot_values(current):
            count = sum(1 for f in current.fiches if value.matches(f))
            lines.append(f"- [{inline(value.label)}]({link(here(), value.page_path)}) — {count} fiche{'s' if count > 1 else ''}")
        return "\n".join(lines) + "\n"

    @env.macro
    def matrix(theme: str | None = None) -> str:
        """Tableau priorité × difficulté des fiches (d’un seul thème si « theme » est donné)."""
        selection("matrix", theme, None, None, None)
        return matrix_html(guide(), here(), theme=theme)

    @env.macro
    def open_data_fields() -> str:
        """Tableau des champs d’une fiche (données ouvertes), tiré du modèle."""
        return opendata.field_table()

    @env.macro
    def organisation_links() -> str:
        """Liens vers la démarche de l’organisation (charte, plan, maturité, pages), s’il y en a (fork)."""
        current = guide()
        if not has_section(current):
            return ""
        charter = current.organisation.charter
        lines = ["## Notre démarche\n", f"- [La démarche {inline(current.organisation.naming.of_name)}]({link(here(), LANDING_PAGE)})"]
        if charter is not None:
            count = len(charter.retained)
            lines.append(f"- [{inline(charter.heading)}]({link(here(), CHARTER_PAGE)}) : {count} engagement{'s' if count > 1 else ''}")
            lines.append(f"- [Plan d’action]({link(here(), PLAN_PAGE)}) : les actions en cours et à venir, l’avancement")
            years = report_years(current)
            if years:
                lines.append(f"- [Rapports annuels]({link(here(), REPORTS_INDEX)}) : {', '.join(map(str, years))}")
        if current.organisation.maturity is not None:
            lines.append(f"- [Maturité]({link(here(), MATURITY_PAGE)}) : auto-évaluation par dimension")
        return "\n".join(lines) + "\n"

    @env.macro
    def charter_open_data() -> str:
        """Dans un fork, la section des données ouvertes de la charte (rien sinon)."""
        current = guide()
        table = charter_data.listing(current, here())
        if not table:
            return ""
        return (f"## Données de la démarche {inline(current.organisation.naming.of_name)} {{ #donnees-de-la-demarche }}\n\n"
                "Mêmes règles que pour les fiches\u202f: le JSON garde chaque texte exact, les CSV s’ouvrent dans un tableur "
                "(UTF-8 avec BOM, colonnes séparées par « ; », listes par « | », nombres avec un point décimal, dates AAAA-MM-JJ, "
                "cellule vide pour une valeur non renseignée, `overdue` à « oui » ou « non »). Dans `charte-indicateurs.csv`, "
                "la colonne `kind` dit ce qu’est chaque valeur\u202f: `baseline` (départ), `value` (mesure de l’année `year`), "
                "`current` (dernière valeur, sans année) ou `target` (cible à atteindre le `date`).\n\n"
                + table)

    @env.macro
    def home_title(default: str) -> str:
        """Titre de la page d’accueil : celui du guide (« default »), ou celui d’un fork qui écrit son propre accueil."""
        return _home_title(guide(), default)

    @env.macro
    def home_text() -> str:
        """Dans un fork, son texte d’accueil (home.text d’organisation.yml), en Markdown ; rien sinon."""
        return _home_text(guide())

    @env.macro
    def fiche_link(fiche_id: str) -> str:
        """Lien vers une fiche, libellé « identifiant titre »."""
        current = guide()
        if not current.has_fiche(fiche_id):
            if fiche_id in current.organisation.hidden:
                raise ValueError(f"fiche_link : la fiche « {fiche_id} » n’est pas publiée (masquée par organisation.yml) : "
                                 "retirez ce lien ou publiez la fiche.")
            known = [f.id for f in current.fiches]
            raise ValueError(f"fiche_link : fiche « {fiche_id} » inconnue.{did_you_mean(fiche_id, known)}")
        fiche = current.fiche(fiche_id)
        return f"[{fiche_label(fiche)}]({link(here(), fiche.page_path)})"


#: The names a page may use: the macros above, documented in the README (« Macros »).
EXPOSED = ("fiche_list", "fiche_count", "theme_list", "pilot_list", "matrix", "open_data_fields", "organisation_links",
           "charter_open_data", "home_title", "home_text", "fiche_link")


def on_pre_page_macros(env: Any) -> None:
    """Render the page in the guide's sandbox (guide_nr.safety.template_sandbox): the exposed macros
    only, no variable, no Python internals."""
    if not isinstance(env.env, GuideSandbox):
        env._env = sandbox_of(env.env, {name: env.macros[name] for name in EXPOSED})  # where the plugin keeps it
    env.page.guide_source = _source(env)  # for error messages: the file the author edits, not the build tree's copy


def _source(env: Any) -> tuple[str, int]:
    """The page's source file as its author knows it (``organisation/pages/x.md``, ``docs/x.md``)
    and how many lines precede the text the macros see (front matter)."""
    src = env.page.file.src_path
    settings = guide_from_config(env.conf).settings
    extra = next((p for p in guide_from_config(env.conf).organisation.extra_pages if p.page_path == src), None)
    folder = settings.organisation_path
    path = folder / "pages" / f"{extra.name}.md" if extra is not None and folder is not None else settings.root / "docs" / src
    try:
        lines = len(path.read_text(encoding="utf-8-sig").splitlines())
        shown = path.relative_to(settings.root).as_posix() if path.is_relative_to(settings.root) else path.as_posix()
    except OSError:
        return src, 0
    return shown, max(lines - len(env.markdown.splitlines()), 0)


def _where(page: Page, line: int | None = None) -> str:
    """« page « organisation/pages/x.md », ligne 5 » (the source file, its line when known)."""
    shown, offset = getattr(page, "guide_source", (page.file.src_path, 0))
    return f"page « {shown} »" + (f", ligne {line + offset}" if line else "")


def _template_line(error: BaseException) -> int | None:
    """The page line where a macro failed: Jinja gives the template's frames its line numbers."""
    line, trace = None, error.__traceback__
    while trace is not None:
        if trace.tb_frame.f_code.co_filename == "<template>":
            line = trace.tb_lineno
        trace = trace.tb_next
    return line


def _french_type_error(error: TypeError) -> str:
    """A macro called with the wrong arguments, said in French."""
    text = str(error)
    if found := re.search(r"unexpected keyword argument '(\w+)'", text):
        return f"argument « {found.group(1)} » inconnu"
    if found := re.search(r"missing \d+ required positional arguments?: (.+)$", text):
        return f"argument {found.group(1).replace(' and ', ', ')} manquant"
    if "positional argument" in text:
        return "trop d’arguments"
    return "arguments invalides"


MACROS_HELP = f"une page ne peut appeler que les macros du guide ({', '.join(name + '()' for name in EXPOSED)}), sans variable ni objet Python"


#: Characters a template page may hold once its macros have run (a fiche list of a large guide fits).
PAGE_MARKDOWN_MAX = 2_000_000


def on_post_page_macros(env: Any) -> None:
    """The page as its macros left it is held to the limits of contributed text before MkDocs
    renders it: a loop can write what no source file shows (thousands of nested brackets)."""
    if env.page.meta.get("render_macros") is False:
        return  # a generated page: no template ran, and each of its texts was held to these limits when the guide was loaded
    from mkdocs.exceptions import PluginError

    from guide_nr.safety.markdown import RENDER_SECONDS, bounded_render

    _, problems = bounded_render(env.markdown, *markdown_from_config(env.conf), max_characters=PAGE_MARKDOWN_MAX,
                                 seconds=3 * RENDER_SECONDS)
    if problems:
        raise PluginError(f"{_where(env.page)} : une fois ses macros exécutées, {problems[0][0]}")


@format_error.register(Exception)
def _french_error(error: Exception, markdown: str, page: Page) -> str:
    """A refused or failing macro, in French, with the page's file and line, without a Python traceback."""
    line = _template_line(error)
    refused = isinstance(error, TypeError) and "no loader" in str(error)  # {% include %}, {% import %}, {% extends %}
    if refused or isinstance(error, UndefinedError) or (isinstance(error, SecurityError) and "unsafe" in str(error) or "callable" in str(error)):
        found = template_problems(markdown, EXPOSED)  # the name, said in French, and its line
        if found:
            return f"{_where(page, found[0][0])} : {found[0][1]}"
        why = f"nom ou attribut refusé : {MACROS_HELP}."
    elif isinstance(error, SecurityError):
        why = f"{error}."
    elif isinstance(error, TypeError):
        why = f"{_french_type_error(error)} : voir la section « Macros » du README."
    else:
        why = str(error)
    return f"{_where(page, line)} : erreur dans un appel de macro : {why}"


@format_error.register(TemplateSyntaxError)
def _french_syntax_error(error: TemplateSyntaxError, markdown: str, page: Page) -> str:
    return f"{_where(page, error.lineno)} : gabarit invalide : {french_syntax_error(error)}"
