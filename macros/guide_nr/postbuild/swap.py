"""Last post-build step: a build replaces the published ``site/`` whole, or not at all.

The site is built in a staging folder next to the target (same file system, so the swap is
two renames); only a build that reached its end without error (and, when strict, without
warning) replaces the target. Anything else deletes the staging folder: the previous site
stays as it was. Around that:

- the target is refused when it would replace the project's sources (``-d docs``, ``-d .``,
  ``-d fiches``…) or an ordinary file: the swap deletes what it replaces;
- what a host keeps in the site folder and the generator never writes — hidden entries such
  as ``.git`` (a ``gh-pages`` checkout) or ``.nojekyll`` — is carried over, as MkDocs does;
- every folder published is 0755 and every file 0644, whatever the umask: readable by the
  web server (``mkdtemp`` creates folders 0700, on which nginx answers 403 for every page)
  and writable by the owner only (a umask of 000 would leave them writable by anyone);
- staging folders left by a build that was killed outright (its process is gone) are
  removed by the next build.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from pathlib import Path

from guide_nr.problems import Problem, ValidationFailed
from guide_nr.routes import HOME_PAGE, built_page

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.(?:building|old)-(?P<pid>\d+)-")


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def remove_leftovers(folder: Path, prefix: str) -> list[Path]:
    """Remove the staging folders of ``folder`` whose build process no longer exists."""
    removed = []
    for entry in folder.glob(f".{prefix}*"):
        match = _LEFTOVER.match(entry.name) or re.match(r"^\.guide-docs-(?P<pid>\d+)-", entry.name)
        if match and entry.is_dir() and not _process_alive(int(match.group("pid"))):
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    return removed


def check_target(target: Path, root: Path, sources: list[Path]) -> None:
    """Refuse a site folder that is, holds or sits inside the project's sources, that is a file,
    or that already holds something other than a built site (only hidden entries may be there)."""
    target = target.resolve()
    problems = []
    if target.exists() and not target.is_dir():
        problems.append("c’est un fichier, pas un dossier")
    elif target.is_dir() and not (target / built_page(HOME_PAGE)).is_file() and any(not e.name.startswith(".") for e in target.iterdir()):
        problems.append("le dossier existe, n’est pas vide et ne contient pas de site déjà construit (pas d’index.html) : "
                        "la construction le remplacerait en entier")
    for source in [root, *sources]:
        source = source.resolve()
        if target == source or source.is_relative_to(target):
            what = "c’est" if target == source else "il contient"
            problems.append(f"{what} {source}, des sources du guide : la construction le remplacerait en entier")
            break
        if source != root and target.is_relative_to(source):
            problems.append(f"il est dans {source} (les sources du guide)")
            break
    if problems:
        raise ValidationFailed([Problem(str(target), None, "", f"dossier du site refusé : {' ; '.join(problems)}. "
                                        "Choisissez un dossier à part, par exemple site/ (la valeur par défaut).")])


FOLDER_MODE = 0o755
FILE_MODE = 0o644


def _readable(folder: Path) -> None:
    """Folders 0755, files 0644, exactly: readable by the web server, writable by the owner only.
    Nothing the site publishes is executable; links are left alone (the generator writes none)."""
    for path, _folders, files in os.walk(folder):
        os.chmod(path, FOLDER_MODE)
        for name in files:
            file = os.path.join(path, name)
            if not os.path.islink(file):
                os.chmod(file, FILE_MODE)


class SiteSwap:
    def __init__(self, target: Path):
        self.target = Path(target).resolve()
        try:
            self.target.parent.mkdir(parents=True, exist_ok=True)
            remove_leftovers(self.target.parent, self.target.name)
            self.staging = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.building-{os.getpid()}-", dir=self.target.parent))
        except OSError as error:
            raise ValidationFailed([Problem(str(self.target), None, "", f"dossier du site impossible à créer : {error.strerror}.")]) from None
        os.chmod(self.staging, FOLDER_MODE)
        self.done = False

    def publish(self) -> None:
        """Replace the target with the staging folder."""
        if self.done:
            return
        _readable(self.staging)
        old = self.target.with_name(f".{self.target.name}.old-{os.getpid()}-")
        if self.target.is_dir():
            for entry in self.target.iterdir():  # kept by hosts, never written by the generator
                if entry.name.startswith(".") and not (self.staging / entry.name).exists():
                    entry.rename(self.staging / entry.name)
            self.target.rename(old)
        self.staging.rename(self.target)
        shutil.rmtree(old, ignore_errors=True)
        self.done = True

    def discard(self) -> None:
        """Forget the staging folder; the target is untouched."""
        if not self.done:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.done = True
