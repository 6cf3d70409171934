// Full-text search: Pagefind's index is fetched on the first search only, never on page load.
(function () {
  "use strict";
  var form = document.getElementById("recherche");
  var field = document.getElementById("q");
  var status = document.getElementById("recherche-statut");
  var list = document.getElementById("resultats");
  var fallback = document.getElementById("recherche-sans-js");
  if (!form || !window.URLSearchParams) return;
  var engine = null;
  // The site root, absolute: import() resolves relative URLs against this script, not the page.
  var root = new URL(form.getAttribute("data-racine"), location.href);

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pagefind) {
        pagefind.options({ baseUrl: root.pathname });
        return pagefind;
      });
    }
    return engine;
  }

  // The excerpt is built from the page's plain text as text nodes, never as HTML: Pagefind's
  // ready-made excerpt escapes "<" but not "&", so a text such as "&lt;" would be misread.
  // The index is built from the pages with straight apostrophes (Pagefind splits « l'eau »
  // there, not at « ’ »): what it returns is shown with the curly ones the pages have.
  function curly(text) { return text.replace(/([\p{L}\p{N}])'(?=[\p{L}\p{N}])/gu, "$1\u2019"); }
  var AROUND = 30;
  function excerptOf(page) {
    var words = page.content.split(/[\r\n\s]+/g);
    var hits = page.locations || [];
    var best = 0, bestCount = -1;
    hits.forEach(function (at) {
      var count = hits.filter(function (other) { return other >= at && other < at + AROUND; }).length;
      if (count > bestCount) { best = at; bestCount = count; }
    });
    var start = Math.max(0, best - 5), end = Math.min(words.length, start + AROUND);
    var excerpt = document.createElement("p");
    excerpt.appendChild(document.createTextNode(start > 0 ? "… " : ""));
    for (var i = start; i < end; i++) {
      if (i > start) excerpt.appendChild(document.createTextNode(" "));
      if (hits.indexOf(i) >= 0) {
        var mark = document.createElement("mark");
        mark.textContent = curly(words[i]);
        excerpt.appendChild(mark);
      } else {
        excerpt.appendChild(document.createTextNode(curly(words[i])));
      }
    }
    if (end < words.length) excerpt.appendChild(document.createTextNode(" …"));
    return excerpt;
  }

  // Results come 20 at a time; « Afficher plus » loads the next 20 and moves focus to the first
  // of them. Each result shows its kind (fiche, thème, page) and, for a fiche, its id and priority.
  var BATCH = 20, current = null, shown = 0;
  var more = document.createElement("button");
  more.type = "button";
  more.hidden = true;
  list.parentNode.insertBefore(more, list.nextSibling);

  function plural(n, one, many) { return n + " " + (n === 1 ? one : many); }

  function item(page) {
    var entry = document.createElement("li");
    var link = document.createElement("a");
    link.href = page.url;
    link.textContent = curly(page.meta.title || page.url);
    entry.appendChild(link);
    var kind = document.createElement("p");
    kind.className = "resultat-type";
    kind.textContent = page.meta.nature || "Page";
    entry.appendChild(kind);
    entry.appendChild(excerptOf(page));
    return entry;
  }

  // When a word is in no page, Pagefind still returns pages where a short prefix of it matched
  // (« xyzzy » finds the « x » of « > x années »). A result is kept only when one of its matched
  // words shares at least four letters (or the whole query word) with a query word.
  // Words are compared without case or accents, in pieces split at punctuation as Pagefind does.
  function pieces(text) { return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").split(/[^a-z0-9]+/).filter(Boolean); }
  function close(found, term) {
    var common = 0;
    while (common < found.length && common < term.length && found[common] === term[common]) common++;
    return found === term || (common >= Math.min(4, term.length) && found.length >= Math.min(3, term.length));
  }
  function fits(page) {
    var words = page.content.split(/[\r\n\s]+/g);
    return (page.locations || []).some(function (at) {
      return pieces(words[at] || "").some(function (found) {
        return terms.some(function (term) { return close(found, term); });
      });
    });
  }
  var terms = [], dropped = 0;

  function next() {
    var batch = current.results.slice(shown, shown + BATCH);
    return Promise.all(batch.map(function (r) { return r.data(); })).then(function (pages) {
      var first = null;
      shown += pages.length;
      pages = pages.filter(function (page) { return fits(page) || !++dropped; });
      pages.forEach(function (page) {
        var entry = item(page);
        first = first || entry;
        list.appendChild(entry);
      });
      var left = current.results.length - shown;
      more.hidden = left <= 0;
      more.textContent = "Afficher " + plural(Math.min(left, BATCH), "résultat", "résultats") + " de plus (" + plural(left, "reste", "restent") + ")";
      return first;
    });
  }

  function show(query) {
    list.textContent = "";
    more.hidden = true;
    if (!query) { status.textContent = ""; return; }
    status.textContent = "Recherche en cours…";
    // « l’eau » is searched as « eau »: an elided article would match nearly every page.
    var words = query.replace(/(^|[\s(«"])(?:[ldjmnstc]|qu|jusqu|lorsqu|puisqu)['\u2019]/giu, "$1").trim() || query;
    load().then(function (pagefind) { return pagefind.search(words.replace(/\u2019/g, "'")); }).then(function (search) {
      current = search;
      shown = 0;
      dropped = 0;
      terms = pieces(words);
      if (terms.some(function (term) { return term.length > 1; })) {
        terms = terms.filter(function (term) { return term.length > 1; });  // the « l » of « l’eau » matches everything
      }
      return next().then(function () {
        var total = list.children.length === 0 ? 0 : search.results.length - dropped;
        if (total === 0) more.hidden = true;  // nothing but near-misses: no result
        var quoted = "«\u202f" + (query.length > 80 ? query.slice(0, 80) + "…" : query) + "\u202f»";
        status.textContent = total === 0 ? "Aucun résultat pour " + quoted + "."
          : plural(total, "résultat", "résultats") + " pour " + quoted
            + (total > BATCH ? ", les " + BATCH + " premiers affichés." : ".");
      });
    }).catch(function () { status.textContent = "La recherche est indisponible. Le catalogue liste toutes les fiches."; });
  }

  more.addEventListener("click", function () {
    next().then(function (first) {
      if (first) { first.querySelector("a").focus(); }
      status.textContent = plural(list.children.length, "résultat affiché", "résultats affichés") + " sur " + (current.results.length - dropped) + ".";
    });
  });

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = field.value.trim();
    history.pushState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    show(query);
  });
  window.addEventListener("popstate", function () {
    field.value = (new URLSearchParams(location.search).get("q") || "").trim();
    show(field.value);
  });
  form.hidden = false;
  fallback.hidden = true;
  field.value = (new URLSearchParams(location.search).get("q") || "").trim();
  if (field.value) show(field.value);
})();
