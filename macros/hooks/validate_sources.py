"""MkDocs hook: validate every YAML source before anything is written.

Runs first (``on_config``, highest priority), so a build with a bad fiche stops with
the full French report before MkDocs cleans or writes ``site/``. It also keeps the editors'
schema ``fiches/_schema.json`` up to date.
"""

from mkdocs.plugins import event_priority

from guide_nr.mkdocs_bridge import guide_from_config, settings_from_config
from guide_nr.schema import refresh_schema_file


@event_priority(100)
def on_config(config):
    guide = guide_from_config(config)  # raises PluginError listing every problem
    refresh_schema_file(guide)  # fiches/_schema.json, for editors (unchanged: not rewritten)
    fiches = str(settings_from_config(config).fiches_path)
    if fiches not in config.watch:
        config.watch.append(fiches)  # `mkdocs serve` rebuilds when a fiche changes
    return config
