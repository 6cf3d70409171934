"""MkDocs hook: an organisation's fork shows its own name and logo (organisation.yml).

The colour is applied by theme_assets.py (site.css); everything comes from the fork's own
folder, so the upstream mkdocs.yml stays untouched and upstream merges never conflict.
"""

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

from guide_nr.mkdocs_bridge import guide_from_config

LOGO_PATH = "assets/logo-organisation"


@event_priority(90)  # right after validation, before the theme reads its settings
def on_config(config):
    identity = guide_from_config(config).identity
    if identity is not None:
        if identity.site_name:
            config.site_name = identity.site_name
        if identity.logo:
            config.theme["logo"] = LOGO_PATH + identity.logo[identity.logo.rfind("."):]
    return config


def on_files(files, config):
    guide = guide_from_config(config)
    identity = guide.identity
    if identity is not None and identity.logo:
        source = guide.settings.organisation_path / identity.logo
        files.append(File.generated(config, config.theme["logo"], content=source.read_bytes()))
    return files
