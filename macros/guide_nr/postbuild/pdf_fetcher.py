"""What WeasyPrint may read while it lays out a printable document: files of the built site.

WeasyPrint's default fetcher opens any URL it meets (images, stylesheets, ``rel=attachment``
links) over the network or anywhere on disk, and embeds the answer in the PDF. This fetcher
serves only regular files under the site being printed, of the kinds a page needs to be
drawn (stylesheets, images, fonts), plus inline ``data:`` URLs; everything else is refused
and remembered, so the build can name it (a warning, which fails ``--strict`` builds).
"""

from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

from weasyprint.urls import URLFetcher, URLFetcherResponse

#: File kinds a printed page is drawn with.
DRAWING_SUFFIXES = frozenset({".css", ".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".woff", ".woff2", ".ttf", ".otf"})


class SiteOnlyFetcher(URLFetcher):
    """A WeasyPrint URL fetcher confined to ``site``; ``refused`` lists what it did not serve."""

    def __init__(self, site: Path):
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False, timeout=1)
        self.site = site.resolve()
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict[str, str] | None = None) -> URLFetcherResponse:
        scheme = urlsplit(url).scheme.lower()
        if scheme == "data":
            return super().fetch(url, headers)
        path = self._site_file(url) if scheme == "file" else None
        if path is None:
            self.refused.append(url)
            raise ValueError(f"adresse refusée pendant la mise en page du PDF (seuls les fichiers du site sont lus) : {url}")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})

    def _site_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        try:
            path = Path(url2pathname(unquote(parts.path))).resolve(strict=True)
        except (OSError, RuntimeError, ValueError):
            return None
        if not path.is_relative_to(self.site) or not path.is_file() or path.suffix.lower() not in DRAWING_SUFFIXES:
            return None
        return path
