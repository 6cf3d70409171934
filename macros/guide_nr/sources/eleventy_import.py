"""Import of fiches written for the previous Eleventy site of the guide.

The old site kept each good practice in a Markdown file with a YAML front matter
(``idbp``, ``title``, ``priority``, ``difficulty``, ``who``, ``indicators``, ``date``,
``eleventyNavigation``…) and its feedback as a final « Retour d’expérience » section of
the text. :func:`import_eleventy` turns every such file into a YAML fiche of this guide
and returns an :class:`ImportReport` telling, in French, what was written, what had to be
normalised or guessed and what could not be mapped.

The function does not check the result against the guide's vocabularies (pilots,
themes): the caller runs ``guide check`` afterwards, which reports every remaining
problem with its line. Apart from writing the fiche files it has no side effect.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guide_nr.model.fiche import DIFFICULTIES, PRIORITIES
from guide_nr.model.settings import DEFAULT_MAX_BYTES
from guide_nr.problems import did_you_mean
from guide_nr.text import first_sentence, plain_text

#: First line of every written fiche: lets YAML-aware editors validate it.
SCHEMA_COMMENT = "# yaml-language-server: $schema=_schema.json"

#: Organisation given to a feedback whose text names none.
UNKNOWN_ORGANISATION = "Organisation non précisée"

#: Order of the keys in a written fiche (the order of ``fiches/*.yml``).
FIELD_ORDER = (
    "id", "theme", "title", "summary", "priority", "difficulty", "pilots", "indicators",
    "updated", "body", "feedback", "references", "related",
)

#: Front-matter keys that have an equivalent in a fiche, and the field they become.
MAPPED_KEYS = {
    "idbp": "id",
    "title": "title",
    "priority": "priority",
    "difficulty": "difficulty",
    "who": "pilots",
    "indicators": "indicators",
    "date": "updated",
}

#: Front-matter keys dropped on purpose, with the reason given to the user.
IGNORED_KEYS = {"eleventyNavigation": "navigation gérée par le site"}

#: Required fields of a fiche, as named to the user when the old file lacks them.
_REQUIRED = {
    "title": "le titre",
    "priority": "la priorité",
    "difficulty": "la difficulté",
    "pilots": "les pilotes",
    "indicators": "les indicateurs",
    "updated": "la date de mise à jour",
}

_MAX_SUMMARY = 200
_SKIPPED_FOLDERS = ("node_modules",)

_ID = re.compile(r"^([A-Za-z])\s*[.\-_ ]?\s*0*([1-9][0-9]*)$")
_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*?))?[ \t]*#*[ \t]*$")
_FEEDBACK_HEADING = re.compile(r"^##[ \t]+retours?[ \t]+d['’ʼ]\s*exp[ée]riences?\s*:?\s*#*\s*$", re.IGNORECASE)
_LEVEL_ONE = re.compile(r"^#(?!#)[ \t]*(\S.*)$")
_SETEXT_ONE = re.compile(r"^ {0,3}=+[ \t]*$")
_RULE = re.compile(r"^\s*([-*_])(?:\s*\1){2,}\s*$")
_BLOCK_START = re.compile(r"^\s*(?:[-*+][ \t]|\d+[.)][ \t]|\||>|<|```|~~~|\{%)")
_BOLD_NAME = re.compile(r"^\s*(\*\*|__)(?P<name>[^*_\n]+?)\1(?P<after>.*)$", re.DOTALL)
_SEPARATOR = re.compile(r"^[ \t\u00a0\u202f]*(?:[:–—.,]|-(?=\s))[ \t\u00a0\u202f]*")
_SOURCE = re.compile(r"^\s*(?:[-*+][ \t]+)?[*_]*sources?[*_]*[ \t\u00a0\u202f]*:[*_]*\s*(?P<value>.+?)\s*$", re.IGNORECASE)
_LINK = re.compile(r"\[(?P<title>[^\]]+)\]\((?P<url>[^)\s]+)(?:\s+\"[^\"]*\")?\)")
_URL = re.compile(r"^https?://[^\s<>\"]+$")
_YEAR = re.compile(r"^(?P<name>.+?)\s*\((?P<year>(?:19|20)[0-9]{2})\)$")
_TEMPLATE = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)


@dataclass
class ImportReport:
    """What :func:`import_eleventy` did; every message is one French line."""

    written: list[Path] = field(default_factory=list)  # YAML files created (or replaced)
    notes: list[str] = field(default_factory=list)  # « a.9 : … » what was normalised, guessed or left out
    skipped: list[str] = field(default_factory=list)  # « dossier/x.md : … » files not converted, and why


def import_eleventy(source: Path, target: Path, *, overwrite: bool = False) -> ImportReport:
    """Convert every ``*.md`` file under ``source`` into ``<id>.yml`` in ``target``.

    Files are read recursively in sorted order (hidden folders and ``node_modules`` are
    left out); ``source`` may also be a single Markdown file. An existing fiche of the
    same id in ``target`` (``.yml`` or ``.yaml``) is kept unless ``overwrite`` is true.
    Raises ``FileNotFoundError`` (French message) when ``source`` does not exist.
    """
    source, target = Path(source), Path(target)
    if not source.exists():
        raise FileNotFoundError(f"dossier source introuvable : {source}")
    report = ImportReport()
    imported: dict[str, str] = {}  # id → source file, to refuse a second file with the same id
    for path in _markdown_files(source):
        shown = path.name if source.is_file() else path.relative_to(source).as_posix()
        converted = _convert(path, shown, report)
        if converted is None:
            continue
        fiche_id, data, notes = converted
        if fiche_id in imported:
            report.skipped.append(f"{shown} : identifiant « {fiche_id} » déjà importé depuis {imported[fiche_id]} ; fichier non converti.")
            continue
        existing = [target / f"{fiche_id}{suffix}" for suffix in (".yml", ".yaml") if (target / f"{fiche_id}{suffix}").exists()]
        if existing and not overwrite:
            report.skipped.append(
                f"{shown} : la fiche {existing[0].name} existe déjà dans le dossier cible ; "
                "elle n’est pas remplacée (relancez avec « --remplacer » pour la remplacer)."
            )
            continue
        destination = existing[0] if existing else target / f"{fiche_id}.yml"
        if existing:
            notes.append(f"{fiche_id} : fiche existante {destination.name} remplacée")
        target.mkdir(parents=True, exist_ok=True)
        destination.write_text(fiche_text(data), encoding="utf-8")
        imported[fiche_id] = shown
        report.written.append(destination)
        report.notes.extend(notes)
    return report


def fiche_text(data: dict) -> str:
    """A fiche as written in ``fiches/``: schema comment, fields in order, ``|`` text blocks."""
    ordered = {key: data[key] for key in FIELD_ORDER if key in data}
    body = yaml.dump(ordered, Dumper=_FicheDumper, allow_unicode=True, sort_keys=False, width=10_000)
    return f"{SCHEMA_COMMENT}\n{body}"


# -- reading one file -----------------------------------------------------------------


def _markdown_files(source: Path) -> list[Path]:
    if source.is_file():
        return [source]
    files = []
    for path in sorted(source.rglob("*.md")):
        parts = path.relative_to(source).parts[:-1]
        if any(part.startswith(".") or part in _SKIPPED_FOLDERS for part in parts):
            continue
        if path.is_file():
            files.append(path)
    return files


def _convert(path: Path, shown: str, report: ImportReport) -> tuple[str, dict, list[str]] | None:
    """The fiche id, the fiche data and its notes; ``None`` (and a skipped line) if impossible."""
    size = path.stat().st_size
    if size > DEFAULT_MAX_BYTES:
        report.skipped.append(f"{shown} : fichier trop volumineux ({size // 1024} Ko, limite {DEFAULT_MAX_BYTES // 1024} Ko).")
        return None
    try:
        text = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        report.skipped.append(f"{shown} : fichier non encodé en UTF-8 (octet illisible à la position {exc.start}).")
        return None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    split = _split_front_matter(text)
    if isinstance(split, str):
        report.skipped.append(f"{shown} : {split}")
        return None
    front_text, markdown = split
    try:
        meta = yaml.safe_load(front_text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f", ligne {mark.line + 2}" if mark is not None else ""  # + the opening « --- »
        detail = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        report.skipped.append(f"{shown} : en-tête YAML illisible{where} ({detail}).")
        return None
    if meta is None:
        report.skipped.append(f"{shown} : en-tête YAML vide, sans champ « idbp » : identifiant de la fiche inconnu.")
        return None
    if not isinstance(meta, dict):
        report.skipped.append(f"{shown} : l’en-tête YAML n’est pas un ensemble de champs « nom: valeur ».")
        return None
    if "idbp" not in meta or meta["idbp"] in (None, ""):
        report.skipped.append(f"{shown} : pas de champ « idbp » dans l’en-tête : identifiant de la fiche inconnu.")
        return None
    raw_id = meta["idbp"]
    fiche_id = _normalise_id(raw_id)
    if fiche_id is None:
        report.skipped.append(
            f"{shown} : identifiant « {raw_id} » (champ « idbp ») non reconnu : attendu une lettre et un numéro, par exemple « a.9 »."
        )
        return None
    notes: list[str] = []
    if raw_id.strip() != fiche_id:
        notes.append(f"{fiche_id} : identifiant « {raw_id} » normalisé en « {fiche_id} »")
    data = _fiche_data(fiche_id, meta, markdown, notes)
    return fiche_id, data, notes


def _split_front_matter(text: str) -> tuple[str, str] | str:
    """``(front matter, Markdown)``, or the French reason why there is no front matter."""
    lines = text.split("\n")
    if not lines or lines[0].rstrip() != "---":
        return "pas d’en-tête YAML (front matter) : le fichier doit commencer par une ligne « --- »."
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1:])
    return "en-tête YAML non fermé : la seconde ligne « --- » manque."


def _normalise_id(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    match = _ID.match(value.strip())
    return f"{match.group(1).lower()}.{match.group(2)}" if match else None


# -- front matter ---------------------------------------------------------------------


def _fiche_data(fiche_id: str, meta: dict, markdown: str, notes: list[str]) -> dict:
    data: dict = {"id": fiche_id, "theme": fiche_id[0]}
    for key in meta:
        name = str(key)
        if name in IGNORED_KEYS:
            notes.append(f"{fiche_id} : champ « {name} » ignoré ({IGNORED_KEYS[name]})")
        elif name not in MAPPED_KEYS:
            hint = did_you_mean(name, list(MAPPED_KEYS))
            notes.append(f"{fiche_id} : champ « {name} » non repris (pas d’équivalent dans le format des fiches){' –' + hint if hint else ''}")
    title = _line(meta.get("title"))
    if title:
        data["title"] = title
    for key, allowed, noun in (("priority", PRIORITIES, "priorité"), ("difficulty", DIFFICULTIES, "difficulté")):
        value = _choice(fiche_id, meta.get(key), allowed, noun, notes)
        if value:
            data[key] = value
    pilots = _labels(fiche_id, meta.get("who"), "pilote", split_commas=True, notes=notes)
    if pilots:
        data["pilots"] = pilots
    indicators = _labels(fiche_id, meta.get("indicators"), "indicateur", split_commas=False, notes=notes)
    if indicators:
        data["indicators"] = indicators
    updated = _date(fiche_id, meta.get("date"), notes)
    if updated:
        data["updated"] = updated
    body, feedback = _split_feedback(fiche_id, markdown, notes)
    body = _demote_headings(fiche_id, body, notes)
    if body:
        data["body"] = body + "\n"
        summary = _summary(body)
        if summary:
            data["summary"] = summary
            notes.append(f"{fiche_id} : résumé déduit du texte : à relire (« {summary} »)")
        else:
            notes.append(f"{fiche_id} : aucun paragraphe dont déduire le résumé : champ « summary » à rédiger")
        if _TEMPLATE.search(body):
            notes.append(f"{fiche_id} : syntaxe de gabarit Eleventy (« {{% … %}} » ou « {{{{ … }}}} ») laissée telle quelle dans le texte : à réécrire")
    else:
        notes.append(f"{fiche_id} : texte de la fiche vide : champs « body » et « summary » à rédiger")
    if feedback:
        data["feedback"] = feedback
    for name, what in _REQUIRED.items():
        if name not in data:
            old = next((k for k, v in MAPPED_KEYS.items() if v == name), name)
            notes.append(f"{fiche_id} : champ « {old} » absent ou vide : {what} (« {name} ») à compléter")
    return data


def _line(value: object) -> str:
    """A scalar as one line of text, whitespace normalised (empty for none)."""
    if value is None or isinstance(value, (list, dict)):
        return ""
    return " ".join(str(value).split())


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(re.sub(r"[-_]", " ", text).split())


def _choice(fiche_id: str, value: object, allowed: tuple[str, ...], noun: str, notes: list[str]) -> str:
    text = _line(value)
    if not text:
        return ""
    folded = {_fold(a): a for a in allowed}
    match = folded.get(_fold(text))
    if match is None:
        notes.append(
            f"{fiche_id} : {noun} « {text} » non reconnue, reprise telle quelle : à corriger "
            f"(valeurs possibles : {', '.join(f'« {a} »' for a in allowed)})"
        )
        return text
    if match != str(value).strip():
        notes.append(f"{fiche_id} : {noun} « {str(value).strip()} » convertie en « {match} »")
    return match


def _labels(fiche_id: str, value: object, noun: str, *, split_commas: bool, notes: list[str]) -> list[str]:
    """A list of one-line labels from a YAML list or a string (comma- or line-separated)."""
    if value is None:
        return []
    if isinstance(value, list):
        items = [_line(v) for v in value]
    elif isinstance(value, dict):
        notes.append(f"{fiche_id} : {noun}s donnés sous forme de champs « nom: valeur », non repris")
        return []
    elif split_commas:
        items = [_line(v) for v in str(value).split(",")]
    else:
        lines = [re.sub(r"^\s*[-*]\s+", "", line) for line in str(value).split("\n")]
        items = [_line(line) for line in lines]
        kept = [i for i in items if i]
        if kept:
            notes.append(f"{fiche_id} : {noun}s donnés en texte : {len(kept)} {noun}(s) repris, une ligne chacun : à vérifier")
    labels: list[str] = []
    for item in items:
        if not item:
            continue
        if item in labels:
            notes.append(f"{fiche_id} : {noun} « {item} » cité deux fois : doublon retiré")
            continue
        labels.append(item)
    return labels


def _date(fiche_id: str, value: object, notes: list[str]) -> _dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, _dt.datetime):
        return value.date()
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(str(value).strip())
    except ValueError:
        notes.append(f"{fiche_id} : date « {value} » non reconnue (attendu AAAA-MM-JJ), non reprise")
        return None


# -- Markdown -------------------------------------------------------------------------


def _clean_markdown(text: str) -> str:
    """Tabs expanded and trailing spaces removed, so YAML can keep the text as a ``|`` block."""
    return "\n".join(line.expandtabs(4).rstrip() for line in text.split("\n")).strip("\n")


def _outside_fences(lines: list[str]) -> list[bool]:
    """For each line, whether it is Markdown text (not inside or on a fenced code block)."""
    flags, fenced = [], False
    for line in lines:
        if _FENCE.match(line):
            fenced = not fenced
            flags.append(False)
        else:
            flags.append(not fenced)
    return flags


def _split_feedback(fiche_id: str, markdown: str, notes: list[str]) -> tuple[str, list[dict]]:
    """The body without its « Retour d’expérience » section(s), and the feedback items."""
    lines = _clean_markdown(markdown).split("\n")
    text_lines = _outside_fences(lines)
    body: list[str] = []
    feedback: list[dict] = []
    index = 0
    while index < len(lines):
        if not (text_lines[index] and _FEEDBACK_HEADING.match(lines[index])):
            body.append(lines[index])
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not (text_lines[end] and _is_heading(lines[end], max_level=2)):
            end += 1
        feedback.extend(_feedback_items(fiche_id, lines[index + 1:end], text_lines[index + 1:end], notes))
        if any(line.strip() for line in lines[end:]):
            notes.append(f"{fiche_id} : la section « Retour d’expérience » n’est pas la dernière : les sections suivantes restent dans le texte")
        index = end
    return "\n".join(body).strip("\n"), feedback


def _is_heading(line: str, max_level: int) -> bool:
    match = _HEADING.match(line)
    return match is not None and len(match.group(1)) <= max_level


def _feedback_items(fiche_id: str, lines: list[str], text_lines: list[bool], notes: list[str]) -> list[dict]:
    """One item per « ### Organisation » sub-heading, else one item for the whole section."""
    groups: list[tuple[str | None, list[str]]] = [(None, [])]
    for line, is_text in zip(lines, text_lines, strict=False):
        match = _HEADING.match(line) if is_text else None
        if match and len(match.group(1)) == 3:
            groups.append((_plain(match.group(2) or ""), []))
        else:
            groups[-1][1].append(line)
    items = []
    for heading, group in groups:
        text = _trim_block(group)
        if heading is None and not text:
            continue  # nothing before the first sub-heading
        item = _feedback_item(fiche_id, heading, text, notes)
        if item is not None:
            items.append(item)
    if not items:
        notes.append(f"{fiche_id} : section « Retour d’expérience » vide : retirée du texte")
    return items


def _trim_block(lines: list[str]) -> str:
    """Lines joined, without blank lines or thematic breaks (« --- ») at either end."""
    lines = list(lines)
    while lines and (not lines[0].strip() or _RULE.match(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    return "\n".join(lines)


def _feedback_item(fiche_id: str, heading: str | None, text: str, notes: list[str]) -> dict | None:
    organisation = heading
    if organisation is None:
        organisation, text = _bold_name(text)
    text, source = _take_source(fiche_id, text, notes)
    text = _trim_block(text.split("\n"))
    organisation = (organisation or "").rstrip(" :\u00a0\u202f")
    if not organisation:
        organisation = UNKNOWN_ORGANISATION
        notes.append(f"{fiche_id} : retour d’expérience sans organisation nommée : « {UNKNOWN_ORGANISATION} », à compléter")
    item: dict = {"organisation": organisation}
    year = _YEAR.match(organisation)
    if year:
        item = {"organisation": year.group("name"), "year": int(year.group("year"))}
    if not text.strip():
        notes.append(f"{fiche_id} : retour d’expérience « {item['organisation']} » sans texte : non repris")
        return None
    item["text"] = text + "\n"
    if source:
        item["source"] = source
    return item


def _bold_name(text: str) -> tuple[str | None, str]:
    """A leading « **Organisation** » name and the text without it.

    The name is taken only when it stands apart: alone on its line, ending with a colon,
    or followed by a separator (« : », « – »…). ``**La Ville** a réduit…`` keeps its
    sentence whole and names no organisation.
    """
    match = _BOLD_NAME.match(text)
    if not match:
        return None, text
    name, after = match.group("name"), match.group("after")
    first_line, _, _ = after.partition("\n")
    separator = _SEPARATOR.match(after)
    if not first_line.strip() or name.rstrip().endswith(":"):
        rest = after
    elif separator:
        rest = after[separator.end():]
        rest = rest[:1].upper() + rest[1:]  # « **Ville** : depuis 2021… » → « Depuis 2021… »
    else:
        return None, text
    return _line(name), rest.strip("\n").lstrip(" \t")


def _take_source(fiche_id: str, text: str, notes: list[str]) -> tuple[str, dict | None]:
    """Remove a final « Source : [titre](adresse) » line; return the text and the source."""
    lines = text.split("\n")
    last = len(lines) - 1
    while last >= 0 and not lines[last].strip():
        last -= 1
    match = _SOURCE.match(lines[last]) if last >= 0 else None
    if not match:
        return text, None
    value = match.group("value").rstrip("*_ ").rstrip(".")
    links = list(_LINK.finditer(value))
    title = _line(_plain(value)).rstrip(" .")
    if not title:
        return text, None
    source: dict = {"title": title}
    url = links[0].group("url") if len(links) == 1 else None
    if url and _URL.match(url):
        source["url"] = url
    elif url:
        notes.append(f"{fiche_id} : adresse « {url} » de la source « {title} » non reprise (adresse web http(s) attendue)")
    elif len(links) > 1:
        notes.append(f"{fiche_id} : source « {title} » à plusieurs liens : adresses non reprises, à choisir")
    return "\n".join(lines[:last]), source


def _demote_headings(fiche_id: str, body: str, notes: list[str]) -> str:
    """Level-1 headings (« # Titre », or underlined with « === ») become level 2."""
    lines = body.split("\n")
    text_lines = _outside_fences(lines)
    for index, line in enumerate(lines):
        if not text_lines[index]:
            continue
        match = _LEVEL_ONE.match(line)
        if match:
            title = match.group(1).rstrip(" #")
            lines[index] = f"## {title}"
            notes.append(f"{fiche_id} : titre de niveau 1 « {title} » abaissé au niveau 2 (« ## »)")
        elif _SETEXT_ONE.match(line) and index > 0 and lines[index - 1].strip() and text_lines[index - 1]:
            lines[index] = "-" * len(line.strip())
            notes.append(f"{fiche_id} : titre de niveau 1 « {lines[index - 1].strip()} » abaissé au niveau 2")
    return "\n".join(lines)


def _summary(body: str) -> str:
    """First sentence of the first paragraph of the body, as plain text (≤ 200 characters)."""
    lines = body.split("\n")
    text_lines = _outside_fences(lines)
    paragraph: list[str] = []
    for line, is_text in zip(lines + [""], text_lines + [True], strict=False):
        if is_text and line.strip() and not paragraph and (_HEADING.match(line) or _BLOCK_START.match(line) or _RULE.match(line)):
            continue
        if is_text and line.strip() and paragraph and (_SETEXT_ONE.match(line) or re.match(r"^\s*-+\s*$", line)):
            paragraph = []  # the « paragraph » was a setext heading
            continue
        if is_text and line.strip():
            paragraph.append(line)
        elif paragraph:
            break
    if not paragraph:
        return ""
    sentence = first_sentence(_plain(" ".join(paragraph)), _MAX_SUMMARY)
    if len(sentence) > _MAX_SUMMARY:
        sentence = sentence[: _MAX_SUMMARY - 1].rstrip() + "…"
    return sentence


def _plain(markdown_text: str) -> str:
    """Inline Markdown (links, emphasis, HTML tags, code) as one line of plain text."""
    text = re.sub(r"<[^>]+>", "", markdown_text)
    text = re.sub(r"!?\[([^\]]*)\]\[[^\]]*\]", r"\1", text)
    return plain_text(text)


class _FicheDumper(yaml.SafeDumper):
    """Indented lists and ``|`` blocks for multi-line text, as in ``fiches/*.yml``."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        return super().increase_indent(flow, False)


_FicheDumper.add_representer(
    str,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None),
)
