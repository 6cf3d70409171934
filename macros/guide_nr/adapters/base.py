"""What every site generator adapter provides and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from guide_nr.model.guide import Guide


@dataclass
class Rendered:
    """What the generator reports about the site it wrote."""

    site_name: str
    licence: str
    site_url: str | None
    theme_dirs: list[Path] = field(default_factory=list)
    warnings: int = 0


class SiteGenerator(Protocol):
    name: str

    def render(self, root: Path, docs: Path, site: Path, *, strict: bool, guide: Guide, settings: dict[str, Any]) -> Rendered: ...
