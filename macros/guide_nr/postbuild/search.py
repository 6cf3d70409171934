"""Post-build stage: the full-text search index (Pagefind), loaded only when a reader searches.

Pagefind (PyPI ``pagefind[bin]``, its binary shipped in the wheel) indexes the pages marked
``data-pagefind-body`` — fiches, themes and written pages; lists that repeat fiche titles are
left out — with French stemming (the pages declare ``lang="fr"``). The index lives in
``pagefind/``; only the search page's script fetches it, on the reader's first search.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from guide_nr.routes import SEARCH_FOLDER as INDEX_FOLDER


class SearchIndexError(Exception):
    pass


def build_search_index(site_dir: Path) -> str:
    """Index the built site; return Pagefind's summary line."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--output-subdir", INDEX_FOLDER, "--quiet"],
        capture_output=True, text=True, timeout=600,
    )
    if result.returncode != 0:
        raise SearchIndexError(f"l’index de recherche n’a pas pu être construit (Pagefind) : {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()
