"""The site stylesheet keeps what pages use and drops what no page can match."""

from guide_nr.postbuild.stylesheet import bundle_site_stylesheet, collect_tokens, purge_css, selector_is_used

PAGE = '<html><body><main class="md-main" id="contenu"><a href="#" class="lien actif" hidden>x</a><table><td>1</td></table></main></body></html>'


def tokens():
    return collect_tokens([PAGE], safelist=["ouvert"])


def test_selectors_are_judged_on_every_token():
    t = tokens()
    assert selector_is_used(".md-main a.lien", t)
    assert selector_is_used("#contenu > a[hidden]", t)
    assert selector_is_used("a:hover::after", t)
    assert selector_is_used(".lien:not(.absente)", t)
    assert selector_is_used(".ouvert", t)  # set by a script, kept through the safelist
    assert not selector_is_used(".md-search", t)
    assert not selector_is_used("a.absente", t)
    assert not selector_is_used("#autre", t)
    assert not selector_is_used("[data-md-toggle]", t)
    assert not selector_is_used("video", t)


def test_purge_keeps_used_rules_media_and_keyframes():
    css = (
        ":root{--c:#000}.md-main{color:red}.md-search,.lien{margin:0}.absente{x:y}"
        "@media print{.md-main{display:block}.absente{display:none}}@media screen{.absente{a:b}}"
        "@keyframes pulse{from{opacity:0}to{opacity:1}}"
    )
    out = purge_css(css, tokens())
    assert ":root{--c:#000}" in out
    assert ".md-main{color:red}" in out
    assert ".lien{margin:0}" in out and ".md-search" not in out
    assert "absente" not in out
    assert "@media print{.md-main{display:block}}" in out
    assert "@media screen" not in out
    assert "@keyframes pulse" in out


def test_bundle_writes_one_stylesheet_and_removes_theme_leftovers(tmp_path):
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    (tmp_path / "assets/stylesheets").mkdir(parents=True)
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/javascripts/bundle.js").write_text("x", encoding="utf-8")
    (tmp_path / "assets/stylesheets/main.123.min.css").write_text(".lien{a:b}.md-search{c:d}", encoding="utf-8")
    (tmp_path / "assets/stylesheets/palette.123.min.css").write_text(".x{}", encoding="utf-8")
    (tmp_path / "assets/stylesheets/guide.css").write_text(".inutilise-mais-garde{e:f}", encoding="utf-8")
    bundle_site_stylesheet(tmp_path, ["assets/stylesheets/guide.css"])
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == [
        "assets/stylesheets/site.css", "index.html",
    ]
    assert (tmp_path / "assets/stylesheets/site.css").read_text(encoding="utf-8") == ".lien{a:b}\n.inutilise-mais-garde{e:f}"
