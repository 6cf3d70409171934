"""The README's fork procedure, run as written with real git: create the fork, commit its
organisation/ folder, then take an upstream change with the README's update commands — with
nothing but a name and an e-mail in git's configuration (no pull.rebase), and no prompt."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO

pytestmark = pytest.mark.lent  # clones the guide with git

PLACEHOLDER = "https://github.com/<guide-commun>.git"


def readme_block(title: str) -> list[str]:
    """The command lines of the first ```sh block after a README heading, comments left out."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(rf"^#+ {re.escape(title)}\n.*?```sh\n(.*?)```", readme, re.S | re.M)
    assert block, f"README : section « {title} » ou son bloc sh introuvable"
    return [line.split(" #")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def readme_words(title: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return re.search(rf"^#+ {re.escape(title)}\n(.*?)(?=^#)", readme, re.S | re.M).group(1)


@pytest.fixture
def git_env(tmp_path) -> dict:
    """A user whose git knows a name and an e-mail, nothing else; no terminal to ask anything on."""
    home = tmp_path / "home"
    home.mkdir()
    (home / ".gitconfig").write_text("[user]\n\tname = Essai\n\temail = essai@example.org\n", encoding="utf-8")
    env = {name: value for name, value in os.environ.items() if not name.startswith("GIT_")}
    venv = str(Path(sys.executable).parent)
    return {**env, "HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"), "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_TERMINAL_PROMPT": "0", "GIT_EDITOR": "false", "EDITOR": "false", "VISUAL": "false",
            "PATH": f"{venv}:{env['PATH']}", "NO_MKDOCS_2_WARNING": "1"}


def sh(commands: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(["bash", "-e", "-c", "\n".join(commands)], cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=300)


def git(folder: Path, env: dict, *args: str) -> str:
    result = subprocess.run(["git", *args], cwd=folder, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture
def fork(tmp_path, git_env) -> tuple[Path, Path]:
    """An upstream guide (a clone of this repository), and a fork made by the README's own commands."""
    upstream = tmp_path / "amont"
    git(tmp_path, git_env, "clone", "-q", str(REPO), str(upstream))
    git(upstream, git_env, "checkout", "-q", "-B", "main")
    setup = readme_block("Créer et configurer le fork")
    assert setup[0].startswith(f"git clone {PLACEHOLDER} ")
    commands = [line.replace(PLACEHOLDER, str(upstream)) for line in setup if line != "make serve"]
    assert len(commands) == len(setup) - 1  # only the preview is left out
    created = sh(commands, tmp_path, git_env)
    assert created.returncode == 0, created.stderr
    forked = tmp_path / re.search(r"&& cd (\S+)", setup[0]).group(1)
    guide = forked / ".venv" / "bin" / "guide"  # what `make` installs (ignored by git): this suite's own
    guide.parent.mkdir(parents=True)
    guide.write_text(f'#!/bin/sh\nexec "{Path(sys.executable).parent / "guide"}" "$@"\n', encoding="utf-8")
    guide.chmod(0o755)
    assert (forked / "organisation" / "charter.yml").is_file()
    assert git(forked, git_env, "status", "--porcelain") == ""
    assert git(forked, git_env, "remote") == "amont\n"
    return upstream, forked


def upstream_revises(upstream: Path, env: dict, fiche: str, old: str, new: str) -> None:
    path = upstream / "fiches" / fiche
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(upstream, env, "commit", "-q", "-am", f"Révision de {fiche}")


def test_the_readme_update_merges_an_upstream_change_into_a_fork_with_its_own_commits(fork, git_env):
    upstream, forked = fork
    upstream_revises(upstream, git_env, "a.2.yml", "summary: ", "summary: Révisé en amont. ")
    own = git(forked, git_env, "rev-parse", "HEAD").strip()
    update = readme_block("Récupérer les mises à jour du guide")
    assert any(line.startswith("git ") for line in update)
    result = sh(update, forked, git_env)
    assert result.returncode == 0, result.stdout + result.stderr
    parents = git(forked, git_env, "log", "-1", "--format=%P").split()
    assert parents == [own, git(upstream, git_env, "rev-parse", "HEAD").strip()]  # a merge: the fork's commit is kept
    assert (forked / "fiches" / "a.2.yml").read_text(encoding="utf-8") == (upstream / "fiches" / "a.2.yml").read_text(encoding="utf-8")
    assert (forked / "organisation" / "charter.yml").is_file()
    assert git(forked, git_env, "status", "--porcelain") == ""
    title = yaml.safe_load((forked / "fiches" / "a.2.yml").read_text(encoding="utf-8"))["title"]
    assert title in result.stdout  # `guide changements` names the revised fiche


def test_the_readme_says_how_to_back_out_of_a_conflict(fork, git_env):
    """A fork that edited a file of the common guide gets a conflict; the README's way out restores it."""
    upstream, forked = fork
    upstream_revises(upstream, git_env, "a.2.yml", "summary: ", "summary: Révisé en amont. ")
    upstream_revises(forked, git_env, "a.2.yml", "summary: ", "summary: Révisé dans le fork. ")
    before = git(forked, git_env, "rev-parse", "HEAD")
    pull = next(line for line in readme_block("Récupérer les mises à jour du guide") if line.startswith("git "))
    conflict = sh([pull], forked, git_env)
    assert conflict.returncode != 0 and "CONFLICT" in conflict.stdout + conflict.stderr
    back_out = re.findall(r"`(git merge --abort)`", readme_words("Récupérer les mises à jour du guide"))
    assert back_out, "le README ne dit pas comment revenir en arrière après un conflit"
    assert sh(back_out[:1], forked, git_env).returncode == 0
    assert git(forked, git_env, "rev-parse", "HEAD") == before and git(forked, git_env, "status", "--porcelain") == ""
