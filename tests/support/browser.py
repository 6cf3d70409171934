"""Drive Debian's Chromium through Playwright over the served site (no browser download)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import TimeoutError as PlaywrightTimeout

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("GUIDE_CHROMIUM", "/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"


def axe_version() -> str:
    """axe-core's version, from the banner of its file (« /*! axe v4.14.1 »)."""
    banner = AXE.read_text(encoding="utf-8")[:200]
    return banner.split("axe v", 1)[1].split()[0] if "axe v" in banner else "(version inconnue)"
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
    stored: int = 0  # characters left in cookies, localStorage and sessionStorage by the page


AXE_RUN = """async (tags) => (await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}))
  .violations.map(v => `${v.id} (${v.impact}) : ${v.nodes.map(n => n.target.join(' ')).join(', ')}`)"""
# resultTypes: axe still runs every rule of the tags and lists every violating node; it only
# stops listing the nodes that pass or do not apply, which nobody reads (a third of its time).


def load_pages(browser, base_url: str, paths: list[str], axe_source: str) -> list[PageReport]:
    """Load each of ``paths`` cold, block and record third-party requests, run axe on it.

    Cold as far as the page can tell: every file is fetched again and counted, and nothing
    is kept from the previous page. One tab serves every page (a new context per page cost
    a quarter of a second, and a new renderer each time ran axe cold): routing every
    request turns Chromium's HTTP cache off, cookies and storage are emptied between pages
    and service workers are blocked. axe comes from an init script registered once, instead
    of 650 kB sent to each page; it is run after the page's own figures are read.
    """
    local = urlsplit(base_url).netloc
    context = browser.new_context(service_workers="block")
    # Registered once; runs in each new document before its scripts. axe only defines
    # window.axe: no element, request or message of its own (the tests measure the page).
    context.add_init_script(axe_source)
    page = context.new_page()
    current: dict = {}

    def route(r):
        if urlsplit(r.request.url).netloc != local and not r.request.url.startswith("data:"):
            current["report"].third_party.append(r.request.url)
            return r.abort()
        return r.continue_()

    page.route("**/*", route)
    page.on("requestfinished", lambda request: current["finished"].append(request))
    page.on("console", lambda m: m.type == "error" and current["report"].console_errors.append(m.text))
    page.on("pageerror", lambda e: current["report"].console_errors.append(str(e)))
    page.on("response", lambda r: r.status >= 400 and current["report"].http_errors.append(f"{r.status} {r.url}"))
    reports = []
    for path in paths:
        report = current["report"] = PageReport(path)
        finished = current["finished"] = []
        page.goto(base_url + path, wait_until="load")
        icon = page.evaluate("document.querySelector('link[rel~=icon]')?.href || null")
        if icon is not None and not any(request.url == icon for request in finished):
            try:  # the icon is fetched after `load`: wait for it (2 s at most)
                page.wait_for_event("requestfinished", lambda request, icon=icon: request.url == icon, timeout=2000)
            except PlaywrightTimeout:
                pass
        for request in list(finished):
            sizes = request.sizes()
            report.requests += 1
            report.urls.append(request.url)
            report.bytes += sizes["responseBodySize"] + sizes["responseHeadersSize"]
        report.dom, stored = page.evaluate(
            "[document.getElementsByTagName('*').length, localStorage.length + sessionStorage.length + document.cookie.length]")
        report.stored = stored
        report.axe = page.evaluate(AXE_RUN, WCAG_TAGS)
        if stored:  # the next page starts with nothing stored, as in a new context
            page.evaluate("localStorage.clear(); sessionStorage.clear()")
            context.clear_cookies()
        reports.append(report)
    context.close()
    return reports


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


# -- keyboard focus -----------------------------------------------------------------------

#: How a focused element looks: a focus indicator (outline of 2 px or more, or a ring) on a
#: box that has a size and is on screen. ``index`` names the element among all of the page's.
_DESCRIBE_FOCUS = """const describe = e => {
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const ring = s.boxShadow && s.boxShadow !== 'none';
  const box = e.getBoundingClientRect();
  const onScreen = box.width > 0 && box.height > 0 && box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth;
  return {index: [...document.getElementsByTagName('*')].indexOf(e), tag: e.tagName,
          text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
          // A date field keeps the focus on inner parts (its calendar button too), out of :focus-visible's reach.
          visible: (outline || ring) && onScreen && e.matches(':focus-visible, input[type=date]:focus-within'),
          inMain: !!e.closest('main article'), skip: e.classList.contains('md-skip')};
};"""

#: The element a key press focused (null once focus has left the document).
FOCUSED_STYLE = "() => {" + _DESCRIBE_FOCUS + """
  const e = document.activeElement;
  return !e || e === document.body ? null : describe(e);
}"""

#: Every stop of the Tab key, in Chromium's sequential focus order, focused one after the
#: other in one call: positive tabindex first (by value, then document order), then the
#: rest in document order; natively focusable elements and [tabindex] ≥ 0 that are rendered,
#: enabled and not inert; one radio button per group; and, as Chromium does since version
#: 130, a scroll container that holds nothing focusable. ``focused`` says the element took
#: the focus. test_site_quality checks this order against real Tab presses, page by page
#: type, and on a page made of the edge cases.
FOCUS_WALK = "() => {" + _DESCRIBE_FOCUS + """
  const all = [...document.getElementsByTagName('*')];
  const position = new Map(all.map((e, i) => [e, i]));
  const NATIVE = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, iframe, audio[controls], ' +
                 'video[controls], [contenteditable]:not([contenteditable=false]), details > summary:first-of-type';
  const shown = e => e.checkVisibility({visibilityProperty: true}) && !e.closest('[inert]');
  const tabbable = e => (e.matches(NATIVE) || e.hasAttribute('tabindex')) && e.tabIndex >= 0 && !e.matches(':disabled') && shown(e);
  const focusable = all.filter(tabbable);
  const scrollers = all.filter(e => {
    if (e === document.documentElement || e === document.body || e.hasAttribute('tabindex') || focusable.includes(e) || !shown(e)) return false;
    const s = getComputedStyle(e);
    const scrolls = (/auto|scroll/.test(s.overflowX) && e.scrollWidth > e.clientWidth) || (/auto|scroll/.test(s.overflowY) && e.scrollHeight > e.clientHeight);
    return scrolls && !focusable.some(f => e.contains(f));
  });
  const stops = [...focusable, ...scrollers].sort((a, b) => position.get(a) - position.get(b)).filter(e => {
    if (e.type !== 'radio' || !e.name) return true;
    const group = focusable.filter(r => r.type === 'radio' && r.name === e.name && r.form === e.form);
    return e === (group.find(r => r.checked) || group[0]);
  });
  const order = [...stops.filter(e => e.tabIndex > 0).sort((a, b) => a.tabIndex - b.tabIndex), ...stops.filter(e => e.tabIndex <= 0)];
  return order.map(e => { e.focus({focusVisible: true}); return {...describe(e), focused: document.activeElement === e}; });
}"""


def tab_walk(page, limit: int = 1000) -> list[dict]:
    """Press Tab from the top of the loaded page until focus leaves the document or comes back to the first stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        state = page.evaluate(FOCUSED_STYLE)
        if state is None or (stops and state["index"] == stops[0]["index"]):
            return stops
        stops.append(state)
    raise AssertionError(f"plus de {limit} arrêts de tabulation")


def focus_problems(path: str, stops: list[dict]) -> list[str]:
    """What a keyboard user would miss on the page: a stop that does not take focus, or shows no visible focus."""
    problems = [f"{path} : aucun élément focalisable"] if not stops else []
    for stop in stops:
        if not stop.get("focused", True):
            problems.append(f"{path} : {stop['tag']} « {stop['text']} » ne prend pas le focus")
        elif not stop["visible"]:
            problems.append(f"{path} : focus invisible sur {stop['tag']} « {stop['text']} »")
    return problems
