"""MkDocs hook: hand the pages and open-data files generated from the YAML fiches to MkDocs.

Nothing generated is written to ``docs/``: the pages exist only in the build.
"""

from mkdocs.structure.files import File

from guide_nr import opendata
from guide_nr.changelog import CHANGES_FILE, changes_json
from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.site import all_pages


def on_files(files, config):
    guide = guide_from_config(config)
    for page in all_pages(guide):
        if files.get_file_from_path(page.path) is not None:
            files.remove(files.get_file_from_path(page.path))  # generated pages win over stray files
        files.append(File.generated(config, page.path, content=page.markdown))
    for path, text in {**opendata.files(guide), CHANGES_FILE: changes_json(guide)}.items():
        files.append(File.generated(config, path, content=text.encode("utf-8")))
    return files
