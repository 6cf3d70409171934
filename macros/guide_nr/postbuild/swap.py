"""Last post-build step: a build replaces the published ``site/`` whole, or not at all.

The site is built in a staging folder next to the target (same file system, so the swap is
two renames); only a build that reached its end without error (and, when strict, without
warning) replaces the target. Anything else deletes the staging folder: the previous site
stays as it was. The staging folder is made readable by the web server (``mkdtemp`` creates
it 0700, which would make nginx answer 403 on every page once it became ``site/``).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path


class SiteSwap:
    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-", dir=self.target.parent))
        os.chmod(self.staging, 0o755)
        self.done = False

    def publish(self) -> None:
        """Replace the target with the staging folder."""
        if self.done:
            return
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}")
        if self.target.exists():
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)
        self.done = True

    def discard(self) -> None:
        """Forget the staging folder; the target is untouched."""
        if not self.done:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.done = True
