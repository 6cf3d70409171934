"""Problems found in the guide's source files, reported to contributors in French.

Every check of the pipeline appends :class:`Problem` records instead of raising at
the first error, so a contributor sees every problem of a run at once.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one source file."""

    file: str
    line: int | None
    field: str
    message: str

    def format(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        subject = f" · champ « {self.field} »" if self.field else ""
        return f"{where}{subject} : {self.message}"

    def as_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "field": self.field, "message": self.message}


class ValidationFailed(Exception):
    """Raised when the guide's sources hold at least one problem."""

    def __init__(self, problems: Iterable[Problem]):
        self.problems = sorted(set(problems), key=_sort_key)
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        noun = "problème" if count == 1 else "problèmes"
        lines = [f"{count} {noun} dans les sources du guide :"]
        lines += [f"  - {p.format()}" for p in self.problems]
        lines.append("Corrigez ces points puis relancez la construction (rien n’a été écrit).")
        return "\n".join(lines)


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.line or 0, problem.field, problem.message)


@dataclass
class ProblemList:
    """Collects problems for one run; files are shown relative to ``root``."""

    root: Path
    items: list[Problem] = field(default_factory=list)

    def add(self, path: Path | str, line: int | None, field_name: str, message: str) -> None:
        self.items.append(Problem(self.display(path), line, field_name, message))

    def display(self, path: Path | str) -> str:
        path = Path(path)
        try:  # the folder is resolved, not the file: a symbolic link is shown where it lies
            return (path.parent.resolve() / path.name).relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return path.as_posix()

    def raise_if_any(self) -> None:
        if self.items:
            raise ValidationFailed(self.items)


def _fold(text: str) -> str:
    """Lower-case and strip accents, so « recommandee » is close to « Recommandée »."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def did_you_mean(value: object, allowed: Iterable[str]) -> str:
    """French hint naming the closest allowed value, or an empty string."""
    if not isinstance(value, str) or not value:
        return ""
    allowed = list(allowed)
    folded = {_fold(a): a for a in allowed}
    if _fold(value) in folded and folded[_fold(value)] != value:
        return f" Vouliez-vous dire « {folded[_fold(value)]} » ?"
    match = difflib.get_close_matches(_fold(value), list(folded), n=1, cutoff=0.75)
    if match:
        return f" Vouliez-vous dire « {folded[match[0]]} » ?"
    return ""


def allowed_list(values: Iterable[str]) -> str:
    return ", ".join(f"« {v} »" for v in values)
