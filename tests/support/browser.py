"""Drive Debian's Chromium through Playwright over the served site (no browser download)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GUIDE_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
VNU = REPO / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Flags of the machine notes: no background traffic from Chromium itself.
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-sync",
    "--disable-background-networking", "--disable-component-update",
]


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


@dataclass
class PageReport:
    """What one cold load of a page did, as seen by the browser."""

    path: str
    urls: list[str] = field(default_factory=list)
    requests: int = 0
    bytes: int = 0
    dom: int = 0
    third_party: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    http_errors: list[str] = field(default_factory=list)
    axe: list[str] = field(default_factory=list)


def load_page(browser, base_url: str, path: str, axe_source: str) -> PageReport:
    """Load ``path`` cold (new context, no cache), block and record third-party requests, run axe."""
    report = PageReport(path)
    local = urlsplit(base_url).netloc
    context = browser.new_context()
    page = context.new_page()

    def route(r):
        if urlsplit(r.request.url).netloc != local and not r.request.url.startswith("data:"):
            report.third_party.append(r.request.url)
            return r.abort()
        return r.continue_()

    finished = []
    page.route("**/*", route)
    page.on("requestfinished", lambda request: finished.append(request))
    page.on("console", lambda m: m.type == "error" and report.console_errors.append(m.text))
    page.on("pageerror", lambda e: report.console_errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and report.http_errors.append(f"{r.status} {r.url}"))
    page.goto(base_url + path, wait_until="load")
    icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href || null")
    for _ in range(40):  # the icon is fetched after `load`: wait for it (2 s at most)
        if icon is None or any(request.url == icon for request in finished):
            break
        page.wait_for_timeout(50)
    for request in finished:
        sizes = request.sizes()
        report.requests += 1
        report.urls.append(request.url)
        report.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
    report.dom = page.evaluate("document.getElementsByTagName('*').length")
    page.add_script_tag(content=axe_source)
    violations = page.evaluate(
        "async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}})).violations"
        ".map(v => `${v.id} (${v.impact}) : ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)",
        WCAG_TAGS,
    )
    report.axe = violations
    context.close()
    return report


# Checks run in a page emulating print media.
GREY_CHECK = """() => {
  const bad = [];
  const rgb = c => (c.match(/[\\d.]+/g) || []).map(Number);
  const grey = c => { const [r, g, b, a] = rgb(c); return a === 0 || (Math.abs(r - g) <= 0 && Math.abs(g - b) <= 0); };
  for (const e of document.querySelectorAll('body *')) {
    const s = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    if (s.display === 'none' || s.visibility === 'hidden' || box.width === 0 || box.height === 0) continue;
    const colours = [['color', s.color], ['background-color', s.backgroundColor]];
    for (const side of ['Top', 'Right', 'Bottom', 'Left'])
      if (parseFloat(s['border' + side + 'Width']) > 0) colours.push(['border-' + side.toLowerCase(), s['border' + side + 'Color']]);
    for (const [name, value] of colours) if (!grey(value)) bad.push(`${e.tagName}.${e.className} ${name} ${value}`);
  }
  return bad;
}"""

CHROME_VISIBLE = """() => ['header', '.md-header', 'nav', '.md-sidebar', 'footer', '.md-footer', '.md-skip', '.md-search']
  .flatMap(sel => [...document.querySelectorAll(sel)])
  .filter(e => { const b = e.getBoundingClientRect(); return getComputedStyle(e).display !== 'none' && b.width > 0 && b.height > 0; })
  .map(e => e.tagName + '.' + e.className)"""
