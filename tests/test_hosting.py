"""Self-hosting: the site under a sub-path, and the nginx recipe of deploy/ run for real."""

import gzip
import hashlib
import html
import http.client
import os
import re
import shlex
import shutil
import socket
import subprocess
import time
import urllib.parse
from pathlib import Path

import pytest
import yaml

from conftest import REPO, guide_build
from support.links import broken_anchors, linkcheck
from support.static_server import StaticServer

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """A fork (this project's organisation/ folder, or the example one) built for https://example.org/guide/,
    as a project page of GitHub or GitLab Pages is, and laid out as a host serves it: the site in guide/."""
    project = tmp_path_factory.mktemp("projet") / "guide"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv*", "node_modules", "site", ".git", "__pycache__", "*.egg-info",
                                                                  "export", ".fork-test"))
    if not (project / "organisation").is_dir():
        shutil.copytree(REPO / "exemples" / "organisation-fictive", project / "organisation")
    root = tmp_path_factory.mktemp("racine")
    result = guide_build(project, "-d", str(root / "guide"), env={"SITE_URL": "https://example.org/guide/"})
    assert result.returncode == 0, result.stderr
    return root


def test_no_root_absolute_url_outside_the_404_page(subpath_site):
    site = subpath_site / "guide"
    offenders = []
    for path in site.rglob("*"):
        if path.suffix not in (".html", ".css", ".js", ".json", ".csv"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        for url in re.findall(r'(?:href|src|action)="(/[^"]*)"|url\((/[^)]*)\)', text):
            url = url[0] or url[1]
            if path.name == "404.html" and url.startswith("/guide/"):
                continue  # served at any depth: absolute, with the sub-path
            offenders.append(f"{path.relative_to(site)} : {url}")
    assert offenders == []


def test_links_and_search_work_under_the_sub_path(subpath_site, browser, tmp_path):
    with StaticServer(subpath_site) as host:
        checked, broken = linkcheck(host.url + "guide/", tmp_path)
        assert broken == [] and len(checked) > 100
        context = browser.new_context()
        page = context.new_page()
        page.goto(host.url + "guide/recherche/")
        page.get_by_label("Mots à rechercher").fill("climatisation")
        page.get_by_role("button", name="Rechercher").click()
        page.wait_for_function("document.querySelectorAll('#resultats li').length > 0", timeout=10_000)
        hrefs = page.eval_on_selector_all("#resultats a", "links => links.map(a => a.getAttribute('href'))")
        assert hrefs and all(href.startswith("/guide/") for href in hrefs), hrefs
        context.close()
    assert broken_anchors(subpath_site / "guide") == []


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# -- the two nginx recipes of deploy/nginx-guide.conf, run as they are written -------------

NGINX_CONF = REPO / "deploy" / "nginx-guide.conf"
#: What the test changes in the shipped file: where nginx listens and where the files are.
ROOTS = {"racine": "root /var/www/guide-nr;", "sous-chemin": "root /var/www/example.org;"}
HOSTS = {"racine": "guide.example.org", "sous-chemin": "example.org"}
PREFIXES = {"racine": "/", "sous-chemin": "/guide/"}
OCTETS = "application/octet-stream"
#: Media type of each kind of file the site holds (a new kind of file needs a line here).
MEDIA_TYPES = {".html": "text/html", ".css": "text/css", ".js": "application/javascript", ".json": "application/json",
               ".svg": "image/svg+xml", ".png": "image/png", ".pdf": "application/pdf", ".csv": "text/csv", ".xml": "text/xml",
               ".gz": OCTETS, ".pagefind": OCTETS, ".pf_fragment": OCTETS, ".pf_index": OCTETS, ".pf_meta": OCTETS}
COMPRESSED = {".html", ".css", ".js", ".json", ".svg", ".csv", ".xml"}  # the text types, compressed above 256 bytes
IMMUTABLE = "public, max-age=31536000, immutable"


@pytest.fixture(scope="module")
def nginx(built_site, subpath_site, tmp_path_factory):
    """nginx running deploy/nginx-guide.conf as shipped, on loopback: the root-of-domain recipe
    over the built guide, the sub-path recipe over the guide built for https://example.org/guide/."""
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    recipes = NGINX_CONF.read_text(encoding="utf-8")
    assert len(re.findall(r"^server \{$", recipes, re.M)) == 2 and recipes.count("listen 80;") == 2
    assert all(recipes.count(root) == 1 for root in ROOTS.values())
    recipes = recipes.replace("listen 80;", f"listen 127.0.0.1:{port};")
    recipes = recipes.replace(ROOTS["racine"], f"root {built_site};").replace(ROOTS["sous-chemin"], f"root {subpath_site};")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(  # an ordinary http block, as Debian's nginx.conf has: the recipes are included in it
        f"{user}worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n default_type {OCTETS};\n access_log off;\n"
        f" client_body_temp_path {work}/body;\n proxy_temp_path {work}/proxy;\n fastcgi_temp_path {work}/fastcgi;\n"
        f" uwsgi_temp_path {work}/uwsgi;\n scgi_temp_path {work}/scgi;\n include {work}/guide.conf;\n}}\n",
        encoding="utf-8",
    )
    (work / "guide.conf").write_text(recipes, encoding="utf-8")
    checked = subprocess.run([NGINX, "-t", "-p", str(work), "-c", str(work / "nginx.conf")], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.1)
    yield port
    process.terminate()
    process.wait(timeout=10)


class Served:
    """One recipe of the nginx file: its site folder, and requests by its server name over one connection."""

    def __init__(self, port: int, recipe: str, site: Path):
        self.recipe, self.host, self.prefix, self.site = recipe, HOSTS[recipe], PREFIXES[recipe], site
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def get(self, path: str) -> tuple[int, http.client.HTTPMessage, bytes]:
        self.connection.request("GET", path, headers={"Host": self.host, "Accept-Encoding": "gzip"})
        response = self.connection.getresponse()
        body = response.read()
        if response.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, response.headers, body

    def url(self, file: Path) -> str:
        """The address a reader uses for a file of the site (a folder's address for its index.html)."""
        relative = file.relative_to(self.site).as_posix()
        return self.prefix + (relative[: -len("index.html")] if relative.endswith("index.html") else relative)


@pytest.fixture(params=["racine", "sous-chemin"])
def served(request, nginx, built_site, subpath_site):
    recipe = request.param
    served = Served(nginx, recipe, built_site if recipe == "racine" else subpath_site / "guide")
    yield served
    served.connection.close()


def expected_cache(file: Path, site: Path) -> str:
    """A year for a file whose name carries the hash of its content (or Pagefind's hashed index), revalidation otherwise."""
    stamp = re.search(r"\.([0-9a-f]{8})\.[a-z]+$", file.name)
    if stamp and stamp.group(1) == hashlib.sha256(file.read_bytes()).hexdigest()[:8]:
        return IMMUTABLE
    if file.relative_to(site).parts[0] == "pagefind" and file.suffix in (".pf_fragment", ".pf_index", ".pf_meta"):
        return IMMUTABLE
    return "no-cache"


def test_nginx_recipe_serves_every_file_of_the_site(served):
    files = sorted(p for p in served.site.rglob("*") if p.is_file())
    assert len(files) > 150
    faults = []
    for file in files:
        url = served.url(file)
        status, headers, body = served.get(url)
        media_type, _, parameters = headers.get("Content-Type", "").partition(";")
        wanted = {"statut": 200, "type": MEDIA_TYPES.get(file.suffix), "cache": expected_cache(file, served.site), "contenu": True}
        got = {"statut": status, "type": media_type, "cache": headers.get("Cache-Control"), "contenu": body == file.read_bytes()}
        if file.suffix in (".html", ".csv"):
            wanted["charset"], got["charset"] = "charset=utf-8", parameters.strip()
        if file.suffix in COMPRESSED and file.stat().st_size >= 256:
            wanted["gzip"], got["gzip"] = ("gzip", "Accept-Encoding"), (headers.get("Content-Encoding"), headers.get("Vary"))
        if got != wanted:
            faults.append(f"{url} : {got} au lieu de {wanted}")
    assert faults == [], "\n".join(faults[:20])


def test_nginx_recipe_redirects_a_folder_without_its_slash(served):
    for url in (served.prefix + "fiches/a.1", served.prefix + "catalogue", served.prefix.rstrip("/") or "/"):
        status, headers, _ = served.get(url)
        if url == "/":
            assert status == 200
            continue
        assert status == 301 and urllib.parse.urlsplit(headers["Location"]).path == url + "/", (url, status, headers["Location"])


def references(page_url: str, text: str, host: str) -> set[str]:
    """The paths on this server that a page or stylesheet refers to (href, src, url())."""
    found = set()
    for ref in re.findall(r'(?:href|src)="([^"]*)"|url\(["\']?([^"\')]*)', text):
        ref = html.unescape(ref[0] or ref[1])
        if not ref or ref.startswith(("#", "mailto:", "data:", "tel:")):
            continue
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(page_url, ref))
        if parts.netloc == host:  # the site's own address (SITE_URL) counts as this server
            found.add(parts.path)
    return found


def test_nginx_recipe_serves_every_page_and_everything_they_refer_to(served):
    pages = sorted(served.site.rglob("index.html"))
    referenced: dict[str, str] = {}
    for page in pages:
        url = served.url(page)
        status, headers, body = served.get(url)
        assert (status, headers["Content-Type"]) == (200, "text/html; charset=utf-8"), url
        for path in references(f"http://{served.host}{url}", body.decode("utf-8"), served.host):
            referenced.setdefault(path, url)
    stylesheets = [p for p in referenced if p.endswith(".css")]
    for stylesheet in stylesheets:
        _, _, body = served.get(stylesheet)
        for path in references(f"http://{served.host}{stylesheet}", body.decode("utf-8"), served.host):
            referenced.setdefault(path, stylesheet)
    assert len(pages) > 100 and stylesheets and all(path.startswith(served.prefix) for path in referenced), referenced
    broken = []
    for path, where in sorted(referenced.items()):
        status, _, _ = served.get(path)
        if status != 200:
            broken.append(f"{path} ({status}), cité par {where}")
    assert broken == [], "\n".join(broken)


def test_nginx_recipe_answers_unknown_addresses_with_the_guides_404_page(served):
    page = (served.site / "404.html").read_bytes()
    for url in ("fiches/z.99/", "inconnu", "a/b/c/d/e/", "assets/stylesheets/site.00000000.css", "donnees/absent.csv"):
        status, headers, body = served.get(served.prefix + url)
        assert (status, body) == (404, page), url
        # at any depth, the page finds its stylesheet and icon (an alias or relative addresses would not)
        assets = references(f"http://{served.host}{served.prefix}{url}", body.decode("utf-8"), served.host)
        assert any(a.endswith(".css") for a in assets) and any(".svg" in a for a in assets), assets
        assert {a: served.get(a)[0] for a in assets} == {a: 200 for a in assets}, url


# -- publishing from CI: the GitHub Pages workflow and the GitLab Pages recipe -------------
# Their commands are run in bash with `make` and `apt-get` standing in (they record how they
# were called; `make build` writes a page where the Makefile's build writes the site), and
# compared with the README's own commands and the Makefile's build folder.

GITHUB_PAGES = REPO / ".github" / "workflows" / "pages.yml"
GITLAB_PAGES = REPO / "deploy" / "gitlab-ci.yml"


def makefile_recipe(target: str) -> list[str]:
    lines = (REPO / "Makefile").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"{target}:"))
    recipe = []
    for line in lines[start + 1:]:
        if not line.startswith("\t"):
            break
        recipe.append(line.strip())
    return recipe


def build_folder() -> str:
    """Where `make build` writes the site: its -d/--site-dir, or mkdocs.yml's site_dir, or MkDocs' default."""
    (command,) = makefile_recipe("build")
    words = shlex.split(command)
    assert words[:2] == ["$(BIN)/guide", "build"], command
    for flag in ("-d", "--site-dir"):
        if flag in words:
            return words[words.index(flag) + 1].rstrip("/")
    configured = re.search(r"^site_dir:\s*(\S+)", (REPO / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    return configured.group(1).rstrip("/") if configured else "site"


def readme_commands() -> tuple[str, str]:
    """The README's test command (« Les deux commandes ») and its build command for a published address."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## Les deux commandes\n.*?```sh\n(.*?)```", readme, re.S).group(1)
    test = next(line.split("#")[0].strip() for line in block.splitlines() if line.startswith("make test"))
    build = re.search(r"`(SITE_URL=\S+ make build)`", readme).group(1)
    return test, build


class Stand:
    """A folder where CI commands run in bash with stand-ins for `make` and `apt-get`."""

    def __init__(self, folder: Path):
        self.folder, self.calls = folder, folder / "appels.txt"
        (folder / "bin").mkdir(parents=True)
        (folder / ".ci").mkdir()
        shutil.copy2(REPO / ".ci" / "run", folder / ".ci" / "run")
        output = folder / build_folder()
        for tool, body in (("make", f'if [ "$1" = build ]; then mkdir -p "{output}" && echo construit > "{output}/index.html"; fi'),
                           ("apt-get", "")):
            script = folder / "bin" / tool
            script.write_text(f'#!/bin/bash\necho "{tool} $* SITE_URL=${{SITE_URL-}}" >> "{self.calls}"\n{body}\n', encoding="utf-8")
            script.chmod(0o755)

    def run(self, commands: str, env: dict | None = None) -> None:
        environment = {"PATH": f"{self.folder / 'bin'}:{os.environ['PATH']}", "HOME": str(self.folder), **(env or {})}
        result = subprocess.run(["bash", "-e", "-c", commands], cwd=self.folder, env=environment, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr

    def makes(self) -> list[str]:
        """`make` calls so far, but the non-blocking Zensical canary of .ci/run."""
        lines = self.calls.read_text(encoding="utf-8").splitlines() if self.calls.exists() else []
        return [line for line in lines if line.startswith("make ") and not line.startswith("make sonde-zensical")]


def expected_makes(stand_folder: Path, address: str) -> list[str]:
    """The README's two commands, run in the same stand, with the CI's Pages address."""
    test, build = readme_commands()
    readme = Stand(stand_folder)
    readme.run(test)
    readme.run(re.sub(r"^SITE_URL=\S+", f"SITE_URL={address}", build))
    return readme.makes()


def test_github_pages_workflow_runs_the_readme_commands_and_publishes_what_the_build_writes(tmp_path):
    workflow = yaml.safe_load(GITHUB_PAGES.read_text(encoding="utf-8"))
    push = workflow.get("on", workflow.get(True))["push"]  # YAML 1.1 reads the key `on` as true
    assert not {"paths", "paths-ignore"} & set(push), "a change of organisation/ alone must publish too"
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    assert build["steps"][0]["uses"].startswith("actions/checkout@")
    assert not {"sparse-checkout", "path", "repository"} & set(build["steps"][0].get("with", {}))
    stand, base_url = Stand(tmp_path / "github"), "https://organisation.github.io/charte"
    for step in build["steps"]:
        assert not step.get("continue-on-error"), step
        if step.get("id") == "pages":
            assert step["uses"].startswith("actions/configure-pages@")
        if "run" in step:
            env = {name: value.replace("${{ steps.pages.outputs.base_url }}", base_url) for name, value in step.get("env", {}).items()}
            assert "${{" not in step["run"] + "".join(env.values()), step
            stand.run(step["run"], env)
        if step.get("uses", "").startswith("actions/upload-pages-artifact@"):
            published = stand.folder / step["with"]["path"]
    assert stand.makes() == expected_makes(tmp_path / "readme", base_url + "/")
    assert stand.makes() == ["make test SITE_URL=", f"make build SITE_URL={base_url}/"]
    assert (published / "index.html").read_text(encoding="utf-8") == "construit\n"
    assert deploy["needs"] == "build" and deploy["steps"][-1]["uses"].startswith("actions/deploy-pages@")


def test_gitlab_pages_recipe_runs_the_readme_commands_and_publishes_what_the_build_writes(tmp_path):
    job = yaml.safe_load(GITLAB_PAGES.read_text(encoding="utf-8"))["pages"]  # the job GitLab Pages publishes from
    github = yaml.safe_load(GITHUB_PAGES.read_text(encoding="utf-8"))["jobs"]["build"]
    assert job["image"] == github["container"]  # the Debian the Makefile expects, as on GitHub
    assert job["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"}]  # no `changes:` that would skip organisation/
    assert not job.get("allow_failure") and job.get("variables", {}).get("GIT_STRATEGY") != "none"
    assert job["artifacts"] == {"paths": ["public"]}  # the only folder GitLab Pages publishes
    stand, pages_url = Stand(tmp_path / "gitlab"), "https://organisation.gitlab.io/charte"
    (stand.folder / "public").mkdir()
    (stand.folder / "public" / "ancien.html").write_text("publication précédente", encoding="utf-8")
    stand.run("\n".join(job["script"]), {"CI_PAGES_URL": pages_url, **job.get("variables", {})})
    assert stand.makes() == expected_makes(tmp_path / "readme", pages_url + "/")
    assert sorted(p.name for p in (stand.folder / "public").iterdir()) == ["index.html"]
    assert (stand.folder / "public" / "index.html").read_text(encoding="utf-8") == "construit\n"


def test_a_forks_organisation_folder_is_committed_and_built():
    ignored = subprocess.run(["git", "check-ignore", "--no-index", "organisation/charter.yml", "organisation/pages/a.md"],
                             cwd=REPO, capture_output=True, text=True)
    assert (ignored.returncode, ignored.stdout) == (1, ""), "organisation/ would not be committed, hence never built by CI"
    assert "site_url: !ENV [SITE_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")


def test_the_sub_path_site_is_a_fork_with_its_organisation_pages(subpath_site):
    assert (subpath_site / "guide" / "demarche" / "charte" / "index.html").is_file()
