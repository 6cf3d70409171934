"""MkDocs hook: what the theme makes every page load.

- After the pages are written: one stylesheet, ``assets/stylesheets/site.css``, made of the
  Material rules the built pages use (guide_nr.stylesheet) followed by our own stylesheet
  (``overrides/assets/stylesheets/guide.css``); Material's unused CSS and JavaScript files
  are removed from the site.
- Per page: Material's base template emits ``autocomplete`` on checkboxes and a search
  toggle even without search (invalid or useless HTML, removed here), and a skip link to
  the first heading only when the page has one (none on the 404 page): every page gets
  the same « Aller au contenu » link to the content area instead (overrides/main.html).
"""

import re

from pathlib import Path

from mkdocs.plugins import event_priority

from guide_nr.charter import identity_css
from guide_nr.mkdocs_bridge import guide_from_config
from guide_nr.stylesheet import bundle_site_stylesheet

OUR_STYLESHEET = "assets/stylesheets/guide.css"  # from overrides/, copied by the theme
_SEARCH_TOGGLE = '<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'
_DRAWER_TOGGLE = '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'


_SKIP = re.compile(r'<div data-md-component="skip">.*?</div>', re.DOTALL)
_OUR_SKIP = '<div data-md-component="skip"><a href="#contenu" class="md-skip">Aller au contenu</a></div>'


def _conform(html):
    html = html.replace(_SEARCH_TOGGLE, "").replace(
        _DRAWER_TOGGLE, '<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer">'
    )
    return _SKIP.sub(_OUR_SKIP, html, count=1)


def on_post_page(output, page, config):
    return _conform(output)


def on_post_template(output_content, template_name, config):  # 404.html, sitemap…
    return _conform(output_content)


@event_priority(-50)  # after the pages and other artefacts, before the site is swapped in
def on_post_build(config):
    guide = guide_from_config(config)
    extra = identity_css(guide.identity) if guide.identity else ""
    bundle_site_stylesheet(Path(config.site_dir), [OUR_STYLESHEET], extra_text=extra)
