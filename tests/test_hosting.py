"""Self-hosting: the site under a sub-path, and the nginx recipe of deploy/ run for real."""

import gzip
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from conftest import REPO, guide_build
from support.links import broken_anchors, linkcheck
from support.static_server import StaticServer

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


@pytest.fixture(scope="module")
def subpath_site(tmp_path_factory):
    """The guide built for https://example.org/guide/ and laid out as a host would serve it."""
    project = tmp_path_factory.mktemp("projet") / "guide"
    shutil.copytree(REPO, project, ignore=shutil.ignore_patterns(".venv", "node_modules", "site", ".git", "__pycache__", "*.egg-info", "export"))
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


@pytest.fixture(scope="module")
def nginx(built_site, tmp_path_factory):
    """nginx running the recipe of deploy/nginx-guide.conf over the built site, on loopback."""
    work = tmp_path_factory.mktemp("nginx")
    port = free_port()
    server = (REPO / "deploy" / "nginx-guide.conf").read_text(encoding="utf-8")
    server = server.replace("listen 80;", f"listen 127.0.0.1:{port};").replace("root /var/www/guide-nr;", f"root {built_site};")
    user = "user root;\n" if os.geteuid() == 0 else ""
    (work / "nginx.conf").write_text(
        f"{user}worker_processes 1;\npid {work}/nginx.pid;\nerror_log {work}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n types {{ text/csv csv; }}\n access_log off;\n"
        f" client_body_temp_path {work}/body;\n proxy_temp_path {work}/proxy;\n fastcgi_temp_path {work}/fastcgi;\n"
        f" uwsgi_temp_path {work}/uwsgi;\n scgi_temp_path {work}/scgi;\n{server}\n}}\n",
        encoding="utf-8",
    )
    process = subprocess.Popen([NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-g", "daemon off;"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}/"
    for _ in range(50):
        try:
            urllib.request.urlopen(url, timeout=1)
            break
        except OSError:
            time.sleep(0.1)
    yield url
    process.terminate()
    process.wait(timeout=10)


def fetch(url: str):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        response = urllib.request.urlopen(request, timeout=5)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    if response.headers.get("Content-Encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, response.headers, body


def test_nginx_recipe_compresses_text_and_revalidates_pages(nginx):
    status, headers, body = fetch(nginx + "fiches/a.1/")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "no-cache"
    assert "Coordonner la démarche" in body.decode("utf-8")


def test_nginx_recipe_caches_fingerprinted_assets_for_a_year(nginx, built_site):
    stylesheet = next((built_site / "assets" / "stylesheets").glob("site.*.css")).name
    assert re.fullmatch(r"site\.[0-9a-f]{8}\.css", stylesheet)
    status, headers, _ = fetch(nginx + f"assets/stylesheets/{stylesheet}")
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    fragment = next((built_site / "pagefind" / "fragment").iterdir()).name
    status, headers, _ = fetch(nginx + f"pagefind/fragment/{fragment}")
    assert status == 200 and "immutable" in headers["Cache-Control"]


def test_nginx_recipe_serves_the_404_page(nginx):
    status, _, body = fetch(nginx + "fiches/z.99/")
    assert status == 404
    assert "Page introuvable" in body.decode("utf-8")


def test_github_pages_workflow_tests_then_builds_with_the_pages_address():
    import yaml

    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    runs = [step.get("run") for step in steps]
    assert runs.index("bash .ci/run") < runs.index("make build")
    build = next(step for step in steps if step.get("run") == "make build")
    assert "steps.pages.outputs.base_url" in build["env"]["SITE_URL"]
    assert workflow["jobs"]["deploy"]["steps"][0]["uses"].startswith("actions/deploy-pages")
    assert "site_url: !ENV [SITE_URL" in (REPO / "mkdocs.yml").read_text(encoding="utf-8")
