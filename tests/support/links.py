"""Link checks on a built site: LinkChecker for links, our own reading of the files for anchors."""

import csv
import subprocess
import sys
from urllib.parse import unquote

from bs4 import BeautifulSoup

# LinkChecker checks that every link resolves. Its AnchorCheck plugin is not used: its
# maintainers call it unreliable (linkchecker/linkchecker#542, #555, #568: anchors of a page
# already in its cache are skipped, threads race). Anchors are checked by `broken_anchors`
# below, on the built files, and by MkDocs' own validation (`anchors: warn`, strict build).
LINKCHECKER_CONFIG = """[filtering]
checkextern=0
[checking]
maxrequestspersecond=1000
threads=4
"""


def linkcheck(url: str, tmp_path) -> tuple[list[dict], list[str]]:
    """Every URL LinkChecker visited from ``url`` (internal links only) and the broken ones."""
    config = tmp_path / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "linkcheck", "--config", str(config), "--no-status", "--verbose", "--output", "csv", "--recursion-level", "-1", url],
        capture_output=True, text=True, timeout=600, cwd=tmp_path,
    )
    lines = [line for line in result.stdout.splitlines() if line and not line.startswith("#")]
    checked = [row for row in csv.DictReader(lines, delimiter=";") if not row["urlname"].startswith("data:")]
    broken = [
        f"{row['parentname'] or '(départ)'} → {row['urlname']} : {row['result']} {row['warningstring']}".strip()
        for row in checked
        if row["valid"] != "True" or row["warningstring"]
    ]
    return checked, broken


def broken_anchors(site) -> list[str]:
    """Links to ``page#fragment`` whose page exists but has no element with that id."""
    ids, links = {}, []
    for file in site.rglob("*.html"):
        page = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
        ids[file] = {tag["id"] for tag in page.find_all(id=True)}
        links += [(file, a["href"]) for a in page.find_all("a", href=True) if "#" in a["href"]]
    broken = []
    for file, href in links:
        target, fragment = href.split("#", 1)
        if "://" in target or not fragment:
            continue
        path = (file.parent / unquote(target)).resolve() if target else file
        if path.is_dir():
            path = path / "index.html"
        if path in ids and unquote(fragment) not in ids[path]:
            broken.append(f"{file.relative_to(site)} → {href}")
    return broken
