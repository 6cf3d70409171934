"""Post-build stage: the full-text search index (Pagefind), loaded only when a reader searches.

Pagefind (PyPI ``pagefind[bin]``, its binary shipped in the wheel) indexes the pages marked
``data-pagefind-body`` — fiches, themes and written pages; lists that repeat fiche titles are
left out — with French stemming (the pages declare ``lang="fr"``). The index lives in
``pagefind/``; only the search page's script fetches it, on the reader's first search.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

from guide_nr.routes import SEARCH_FOLDER as INDEX_FOLDER


class SearchIndexError(Exception):
    pass


#: Pagefind splits « l'empreinte » into two words at a straight apostrophe, not at a curly one:
#: « empreinte » would never find « l’empreinte », the form every page shows.
_CURLY = "\u2019"


def build_search_index(site_dir: Path) -> str:
    """Index the built site; return Pagefind's summary line.

    Pagefind reads a copy of the HTML pages whose curly apostrophes are straight (elided words
    are then indexed on their own); the index is written into the site, the pages are untouched.
    """
    with tempfile.TemporaryDirectory(prefix=".guide-recherche-", dir=site_dir.parent) as folder:  # inside the project
        copy = Path(folder)
        for page in site_dir.rglob("*.html"):
            target = copy / page.relative_to(site_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(page.read_text(encoding="utf-8").replace(_CURLY, "'"), encoding="utf-8")
        result = subprocess.run(
            [sys.executable, "-m", "pagefind", "--site", str(copy), "--output-path", str(site_dir / INDEX_FOLDER), "--quiet"],
            capture_output=True, text=True, timeout=600,
        )
    if result.returncode != 0:
        raise SearchIndexError(f"l’index de recherche n’a pas pu être construit (Pagefind) : {result.stderr.strip() or result.stdout.strip()}")
    return result.stdout.strip()
