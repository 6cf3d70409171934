"""MkDocs' config → engine inputs (settings, Markdown options, the validated guide).

Used by the hooks and the macros; the engine itself never imports MkDocs.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from guide_nr.model.guide import Guide
from guide_nr.model.settings import GuideSettings
from guide_nr.problems import ValidationFailed
from guide_nr.sources.loader import load_guide_cached
from guide_nr.sources.project import markdown_options

# Item access (config["extra"]) rather than attributes: the macros also run under Zensical,
# whose macros plugin hands them the configuration as a plain dict.


def project_root(config: MkDocsConfig) -> Path:
    """The folder of the configuration file (the current folder when the generator does not say)."""
    path = config.get("config_file_path")
    return Path(path).resolve().parent if path else Path.cwd()


def settings_from_config(config: MkDocsConfig) -> GuideSettings:
    options = dict((config.get("extra") or {}).get("guide") or {})
    if os.environ.get("GUIDE_ORGANISATION"):  # a fork's own folder, without touching mkdocs.yml
        options["organisation_dir"] = os.environ["GUIDE_ORGANISATION"]
    return GuideSettings.from_mapping(project_root(config), options)


def markdown_from_config(config: MkDocsConfig) -> tuple[list[Any], dict[str, Any]]:
    """The Markdown extensions and their options as MkDocs renders pages with them."""
    names, configs = markdown_options(config.get("markdown_extensions"))
    configs.update(config.get("mdx_configs") or {})
    return names, configs


_LAST: list[Any] = [None, None]  # the config of the current build and its guide


def remember(config: MkDocsConfig, guide: Guide) -> None:
    """The guide ``guide build`` already loaded, for the hooks and macros of this render."""
    _LAST[:] = [config, guide]


def guide_from_config(config: MkDocsConfig) -> Guide:
    """The validated guide for this build; a ``PluginError`` (no traceback) otherwise.

    Hooks ask for it many times per build: the same config object gets the same guide
    without looking at the sources again (``mkdocs serve`` makes a new config per rebuild)."""
    if _LAST[0] is config:
        cached: Guide = _LAST[1]
        return cached
    try:
        guide = load_guide_cached(settings_from_config(config), *markdown_from_config(config))
        _LAST[:] = [config, guide]
        return guide
    except ValidationFailed as failure:
        raise PluginError(failure.report()) from None


def plain(value: object) -> str:
    """A config or page text as plain text (the theme_text hook hands escaped Markup to the theme)."""
    from markupsafe import Markup

    if isinstance(value, Markup):
        return value.unescape()
    return str(value) if value else ""


def apply_settings(config: MkDocsConfig, settings: dict) -> None:
    """Give MkDocs what the engine decided (``guide_nr.pages.site.generator_settings``): a fork's
    site name, logo and menu, and the accessibility status the footer prints."""
    if "site_name" in settings:
        config.site_name = settings["site_name"]
    if "logo" in settings:
        config.theme["logo"] = settings["logo"]
    if "nav" in settings:
        config.nav = _escaped_titles(settings["nav"])
    config.extra["statut_accessibilite"] = settings["accessibility_status"]


def _escaped_titles(nav: list) -> list:
    """The menu with every title as escaped Markup (Material prints menu titles raw): a fork's
    own menu entries (organisation.yml) show their text, never markup."""
    from markupsafe import Markup

    out: list = []
    for item in nav:
        if isinstance(item, dict):
            out.append({Markup.escape(title): _escaped_titles(value) if isinstance(value, list) else value for title, value in item.items()})
        else:
            out.append(item)
    return out
