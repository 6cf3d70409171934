"""Read a guide project's settings from its ``mkdocs.yml`` without running MkDocs.

Used by the ``guide`` command line; the MkDocs hooks get the same values from the
loaded MkDocs config instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from guide_nr.model.guide import Guide
from guide_nr.model.settings import GuideSettings
from guide_nr.problems import Problem, ValidationFailed
from guide_nr.sources.loader import load_guide


class _TolerantLoader(yaml.SafeLoader):
    """Safe loader that reads ``!!python/name:…`` and ``!ENV`` tags as plain nulls."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Project:
    settings: GuideSettings
    markdown_extensions: list
    extension_configs: dict
    config: dict = field(default_factory=dict, compare=False)  # mkdocs.yml as data (read_config)

    def load(self) -> Guide:
        return load_guide(self.settings, self.markdown_extensions, self.extension_configs)


#: Extensions MkDocs always enables, whatever mkdocs.yml says.
MKDOCS_BUILTIN_EXTENSIONS = ["toc", "tables", "fenced_code"]


def markdown_options(entries: Iterable[object] | None) -> tuple[list, dict]:
    """Split mkdocs.yml's ``markdown_extensions`` into names and per-extension configs.

    MkDocs' built-in extensions are added, so the check sees fiche text as the site renders it.
    """
    names, configs = list(MKDOCS_BUILTIN_EXTENSIONS), {}
    for entry in entries or []:
        if isinstance(entry, str):
            if entry not in names:
                names.append(entry)
        elif isinstance(entry, dict):
            for name, options in entry.items():
                if name not in names:
                    names.append(name)
                if options:
                    configs[name] = options
    return names, configs


def find_project(start: Path) -> Path:
    """The nearest folder, from ``start`` upwards, holding a ``mkdocs.yml``."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / "mkdocs.yml").is_file():
            return folder
    raise ValidationFailed([Problem(str(start), None, "", "aucun mkdocs.yml trouvé dans ce dossier ni au-dessus : lancez la commande depuis le projet du guide.")])


def read_config(root: Path) -> dict:
    """The project's ``mkdocs.yml`` as data (tags such as ``!ENV`` read as nulls): the engine
    reads its own settings there (``extra.guide``, ``markdown_extensions``, ``docs_dir``, ``nav``)."""
    config_path = root / "mkdocs.yml"
    try:
        config = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ValidationFailed([Problem("mkdocs.yml", mark.line + 1 if mark else None, "", f"YAML invalide : {getattr(exc, 'problem', exc)}.")]) from None
    except FileNotFoundError:
        raise ValidationFailed([Problem(str(config_path), None, "", "fichier introuvable : le dossier du guide doit contenir mkdocs.yml.")]) from None
    if not isinstance(config, dict):
        raise ValidationFailed([Problem("mkdocs.yml", 1, "", "une table de réglages (clé: valeur) est attendue.")])
    return config


def load_project(root: Path) -> Project:
    config = read_config(root)
    options = dict((config.get("extra") or {}).get("guide") or {})
    if os.environ.get("GUIDE_ORGANISATION"):
        options["organisation_dir"] = os.environ["GUIDE_ORGANISATION"]
    settings = GuideSettings.from_mapping(root, options)
    names, configs = markdown_options(config.get("markdown_extensions"))
    return Project(settings, names, configs, config)
