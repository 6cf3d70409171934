"""An organisation's own data beyond its charter: the pages it writes itself."""

from __future__ import annotations

from dataclasses import dataclass

from guide_nr import routes


@dataclass(frozen=True)
class ExtraPage:
    """A page written by the organisation (``pages/<name>.md``), published as-is."""

    name: str
    markdown: str

    @property
    def page_path(self) -> str:
        return routes.extra_page(self.name)

    @property
    def title(self) -> str:
        for line in self.markdown.splitlines():
            if line.startswith("# "):
                return line[2:].strip()
        return self.name.replace("-", " ").capitalize()
