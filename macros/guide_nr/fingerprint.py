"""Post-build stage: content hashes in the names of the site's own assets.

``assets/stylesheets/site.css`` becomes ``assets/stylesheets/site.1a2b3c4d.css`` and every
page is updated to match, so a host can cache these files for a year (see the nginx recipe
in ``deploy/``): a changed file gets a new name, never a stale copy.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

#: The files our templates and pages reference by a fixed name.
ASSETS = (
    "assets/stylesheets/site.css",
    "assets/stylesheets/imprimer.css",
    "assets/scripts/catalogue.js",
    "assets/scripts/recherche.js",
    "assets/favicon.svg",
)


def fingerprint_assets(site: Path, assets=ASSETS) -> dict[str, str]:
    """Rename each asset with its content hash and rewrite references in HTML pages."""
    renamed = {}
    for asset in assets:
        path = site / asset
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        target = path.with_name(f"{path.stem}.{digest}{path.suffix}")
        path.rename(target)
        renamed[path.name] = target.name
    if renamed:
        for page in site.rglob("*.html"):
            text = page.read_text(encoding="utf-8")
            new = text
            for old, fresh in renamed.items():
                new = new.replace(f"/{old}\"", f"/{fresh}\"")
            if new != text:
                page.write_text(new, encoding="utf-8")
    return renamed
