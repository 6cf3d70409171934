"""MkDocs hook: hand the pages generated from the YAML fiches to MkDocs.

Nothing generated is written to ``docs/``: the pages exist only in the build.
"""

from mkdocs.structure.files import File

from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.site import all_pages
from guide_nr.schema import SCHEMA_PATH, fiche_json_schema_text


def on_files(files, config):
    guide = guide_from_config(config)
    for page in all_pages(guide):
        if files.get_file_from_path(page.path) is not None:
            files.remove(files.get_file_from_path(page.path))  # generated pages win over stray files
        files.append(File.generated(config, page.path, content=page.markdown))
    files.append(File.generated(config, SCHEMA_PATH, content=fiche_json_schema_text(guide)))
    return files
