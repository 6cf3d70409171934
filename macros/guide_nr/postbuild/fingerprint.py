"""Post-build step: content hashes in the names of the site's own assets.

``assets/stylesheets/site.css`` becomes ``assets/stylesheets/site.1a2b3c4d.css`` and every
reference in the pages (``href``/``src`` resolving to that file) is rewritten to match, so a
host can cache these files for a year (see the nginx recipe in ``deploy/``): a changed file
gets a new name, never a stale copy. An asset that exists but that no page references means
the templates changed: the step fails instead of leaving an unused, unhashed file behind.
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path
from urllib.parse import unquote, urlsplit

from guide_nr.postbuild.html import MarkupChanged, SitePages
from guide_nr.routes import FINGERPRINTED as ASSETS

_URL_ATTRIBUTES = ("href", "src")


def _target(page_path: str, url: str, base_path: str = "/") -> str | None:
    """The site file a URL of a page points to (``None`` for other addresses). A relative URL
    is read from the page's folder; an absolute path (the 404 page's, served at any depth) from
    the site's own path, ``/guide/`` for a site published at https://example.org/guide/."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    if parts.path.startswith("/"):
        return unquote(parts.path[len(base_path):]) if parts.path.startswith(base_path) else None
    return posixpath.normpath(posixpath.join(posixpath.dirname(page_path), unquote(parts.path)))


def site_path(site_url: str | None) -> str:
    """The path the site is published under (``/`` at the root of a domain or without an address)."""
    return urlsplit(site_url or "").path.rstrip("/") + "/"


def fingerprint_assets(site: Path, pages: SitePages, assets: tuple[str, ...] = ASSETS, base_path: str = "/") -> dict[str, str]:
    """Rename each asset with its content hash and rewrite the references to it; return old → new paths.
    ``base_path`` is the path the site is published under (see :func:`site_path`)."""
    renamed: dict[str, str] = {}
    for asset in assets:
        path = site / asset
        if not path.is_file():
            continue
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:8]
        target = path.with_name(f"{path.stem}.{digest}{path.suffix}")
        path.rename(target)
        renamed[asset] = target.relative_to(site).as_posix()
    used = dict.fromkeys(renamed, 0)
    for page in pages:
        for element in page.elements:
            for attribute in _URL_ATTRIBUTES:
                value = element.attrs.get(attribute)
                referenced = _target(page.path, value, base_path) if value else None
                if value and referenced is not None and referenced in renamed:
                    old_name, new_name = posixpath.basename(referenced), posixpath.basename(renamed[referenced])
                    page.set_attribute(element, attribute, value.replace(old_name, new_name))
                    used[referenced] += 1
    unused = [asset for asset, count in used.items() if not count]
    if unused:
        raise MarkupChanged(f"aucune page ne fait référence à {', '.join(unused)} : les gabarits ont changé, "
                            "mettez à jour guide_nr.routes.FINGERPRINTED.")
    return renamed
