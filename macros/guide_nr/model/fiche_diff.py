"""What changed in the common guide's fiches since a release, fiche by fiche and field by field.

Pure data in, pure data out: the released content comes from the release's snapshot
(:func:`guide_nr.model.release.read_snapshot`), the current one from the fiche files. Facts
read « priorité : Recommandée → Prioritaire » ; texts as a short line and word diff
(« [-ancien-]{+nouveau+} », as ``git diff --word-diff``), bounded in length so that a release
that rewrites many fiches still gives a readable report.
"""

from __future__ import annotations

import datetime as _dt
import difflib
from dataclasses import dataclass, field

from guide_nr.model.release import Release, Retired, data_hash, id_order
from guide_nr.text import french_date

ADDED, MODIFIED, RETIRED = "ajoutée", "modifiée", "retirée"

#: Facts, in the order a reader looks for them: label and kind (scalar, list or date).
FACTS: dict[str, tuple[str, str]] = {
    "title": ("titre", "scalar"),
    "theme": ("thème", "scalar"),
    "priority": ("priorité", "scalar"),
    "difficulty": ("difficulté", "scalar"),
    "pilots": ("pilotes", "list"),
    "indicators": ("indicateurs", "list"),
    "updated": ("faits à jour au", "date"),
    "revised": ("texte révisé le", "date"),
    "related": ("fiches liées", "list"),
    "references": ("références", "list"),
}
#: Texts, diffed line by line then word by word.
TEXTS: dict[str, str] = {"summary": "résumé", "body": "texte", "feedback": "retours d’expérience"}
#: What is shown of a fiche the release did not have.
ADDED_FACTS = ("theme", "priority", "difficulty", "pilots", "summary")

MAX_LINES = 8  # diff lines shown per text field
MAX_WIDTH = 220  # characters per diff line
CONTEXT_WORDS = 6  # unchanged words kept around a change


@dataclass(frozen=True)
class FieldChange:
    """One field of a fiche that differs between the release and the current sources."""

    field: str
    label: str
    kind: str  # "fait" or "texte"
    before: str | None = None  # a scalar fact, as read (None: absent)
    after: str | None = None
    removed: tuple[str, ...] = ()  # items of a list fact
    added: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()  # a text's diff: « - », « + » or « ~ » (changed words) lines
    more: int = 0  # diff lines left out

    def describe(self) -> list[str]:
        """The change in French, for a terminal: one line for a fact, a few for a text."""
        if self.kind == "texte":
            return [f"{self.label} :"] + [f"  {line}" for line in self.lines] + (
                [f"  … et {self.more} ligne(s) de plus"] if self.more else [])
        if self.removed or self.added:
            parts = [f"− {item}" for item in self.removed] + [f"+ {item}" for item in self.added]
            return [f"{self.label} : " + " ; ".join(parts)]
        return [f"{self.label} : {self.before or '(vide)'} → {self.after or '(vide)'}"]

    def as_dict(self) -> dict:
        out: dict = {"field": self.field, "label": self.label, "kind": self.kind}
        if self.kind == "texte":
            out.update(lines=list(self.lines), more=self.more)
        elif self.removed or self.added:
            out.update(removed=list(self.removed), added=list(self.added))
        else:
            out.update(before=self.before, after=self.after)
        return out


@dataclass
class FicheChange:
    """A fiche added, modified or retired since a release."""

    id: str
    change: str  # ADDED, MODIFIED or RETIRED
    title: str
    before_title: str | None = None  # the title it had in the release, if it differs
    fields: list[FieldChange] = field(default_factory=list)
    released_text: bool = True  # False: the release's content is unknown (no snapshot), only its title is compared
    invalid: bool = False  # the fiche file no longer passes validation: compared as far as it reads
    retirement: Retired | None = None  # the declaration of a retired fiche (fiches/_retired.yml)


def compare(release: Release, snapshot: dict[str, dict] | None, current: dict[str, dict], invalid: dict[str, dict],
            retired: dict[str, Retired]) -> list[FicheChange]:
    """Every fiche added, modified or retired from ``release`` to the current sources.

    ``current``: valid fiches (id → content data); ``invalid``: fiches whose file reads but does
    not validate (id → raw data), compared as far as they read; ``snapshot``: the release's
    content (None when unknown)."""
    out: list[FicheChange] = []
    present = {**invalid, **current}
    for fiche_id in sorted(set(present) | set(release.fiches), key=id_order):
        old = (snapshot or {}).get(fiche_id)
        new = present.get(fiche_id)
        was = release.fiches.get(fiche_id)
        old_title = release.titles.get(fiche_id) or (old or {}).get("title")
        if new is None:
            gone = retired.get(fiche_id)
            out.append(FicheChange(fiche_id, RETIRED, _string(old_title) or (gone.title if gone else ""), retirement=gone))
            continue
        title = _string(new.get("title")) or _string(old_title) or ""
        if was is None:
            out.append(FicheChange(fiche_id, ADDED, title, fields=[c for c in diff_fields({}, new) if c.field in ADDED_FACTS],
                                   invalid=fiche_id in invalid))
            continue
        if fiche_id in current and data_hash(new) == was:
            continue
        change = FicheChange(fiche_id, MODIFIED, title, invalid=fiche_id in invalid)
        if old_title and old_title != title:
            change.before_title = old_title
        if old is not None:
            change.fields = diff_fields(old, new)
        else:
            change.released_text = False
            change.fields = [c for c in diff_fields({"title": old_title}, {"title": title}) if old_title]
        out.append(change)
    return out


def diff_fields(old: dict, new: dict) -> list[FieldChange]:
    """The fields that differ between two contents of a fiche (facts first, then texts)."""
    names = list(FACTS) + list(TEXTS) + sorted((set(old) | set(new)) - set(FACTS) - set(TEXTS) - {"id"})
    out = []
    for name in names:
        before, after = old.get(name), new.get(name)
        if before == after:
            continue
        if name in TEXTS:
            lines, more = text_diff(_as_text(name, before), _as_text(name, after))
            if lines:
                out.append(FieldChange(name, TEXTS[name], "texte", lines=tuple(lines), more=more))
            continue
        label, kind = FACTS.get(name, (name, "list" if isinstance(before, list) or isinstance(after, list) else "scalar"))
        if kind == "list":
            old_items, new_items = _items(before), _items(after)
            removed = tuple(i for i in old_items if i not in new_items)
            added = tuple(i for i in new_items if i not in old_items)
            if removed or added:
                out.append(FieldChange(name, label, "fait", removed=removed, added=added))
            elif old_items != new_items:
                out.append(FieldChange(name, label, "fait", before=", ".join(old_items), after=", ".join(new_items) + " (ordre changé)"))
        else:
            show = _date if kind == "date" else _scalar
            if show(before) != show(after):
                out.append(FieldChange(name, label, "fait", before=show(before), after=show(after)))
    return out


def text_diff(old: str, new: str, max_lines: int = MAX_LINES) -> tuple[list[str], int]:
    """A compact diff of two texts: removed lines (« - »), added lines (« + ») and, for a line
    that was edited, its changed words (« ~ … [-ancien-]{+nouveau+} … »). Blank lines are not
    shown. Returns at most ``max_lines`` lines and the number of lines left out."""
    a, b = old.splitlines(), new.splitlines()
    out: list[str] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = [line for line in a[i1:i2] if line.strip()], [line for line in b[j1:j2] if line.strip()]
        while removed and added:  # an edited line reads best as its changed words
            before, after = removed[0], added[0]
            if difflib.SequenceMatcher(None, before.split(), after.split(), autojunk=False).ratio() < 0.4:
                break
            out.append("~ " + word_diff(removed.pop(0), added.pop(0)))
        out += [f"- {line.strip()}" for line in removed] + [f"+ {line.strip()}" for line in added]
    shown = [_shorten(line) for line in out[:max_lines]]
    return shown, len(out) - len(shown)


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """The words of one line that changed, with a few unchanged words around each change."""
    a, b = old.split(), new.split()
    parts: list[str] = []
    opcodes = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    for index, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            words = a[i1:i2]
            first, last = index == 0, index == len(opcodes) - 1
            if first and len(words) > context:
                words = ["…", *words[-context:]]
            elif last and len(words) > context:
                words = [*words[:context], "…"]
            elif not first and not last and len(words) > 2 * context:
                words = [*words[:context], "…", *words[-context:]]
            parts += words
            continue
        if i2 > i1:
            parts.append("[-" + " ".join(a[i1:i2]) + "-]")
        if j2 > j1:
            parts.append("{+" + " ".join(b[j1:j2]) + "+}")
    return " ".join(parts)


def _shorten(line: str) -> str:
    return line if len(line) <= MAX_WIDTH else line[: MAX_WIDTH - 1].rstrip() + "…"


def _as_text(name: str, value: object) -> str:
    """A text field as lines: feedback items become one block each."""
    if value is None:
        return ""
    if name == "feedback" and isinstance(value, list):
        blocks = []
        for item in value:
            if not isinstance(item, dict):
                blocks.append(str(item))
                continue
            year = f" ({item['year']})" if item.get("year") else ""
            source = item.get("source")
            where = f"\nSource : {_reference(source)}" if source else ""
            blocks.append(f"{item.get('organisation', '')}{year} :\n{str(item.get('text', '')).strip()}{where}")
        return "\n\n".join(blocks)
    return str(value)


def _items(value: object) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        return [_scalar(value) or ""]
    return [_reference(item) if isinstance(item, dict) else str(item) for item in value]


def _reference(item: object) -> str:
    if isinstance(item, dict):
        return f"{item.get('title', '')} <{item['url']}>" if item.get("url") else str(item.get("title", ""))
    return str(item)


def _scalar(value: object) -> str | None:
    return None if value is None else str(value)


def _date(value: object) -> str | None:
    if value is None:
        return None
    try:
        return french_date(_dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None

