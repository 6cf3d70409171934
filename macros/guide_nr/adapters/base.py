"""What every site generator adapter provides and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol


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

    def render(self, root: Path, docs: Path, site: Path, *, strict: bool, guide, settings: dict) -> Rendered: ...
