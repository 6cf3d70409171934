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
        mark.textContent = words[i];
        excerpt.appendChild(mark);
      } else {
        excerpt.appendChild(document.createTextNode(words[i]));
      }
    }
    if (end < words.length) excerpt.appendChild(document.createTextNode(" …"));
    return excerpt;
  }

  function show(query) {
    list.textContent = "";
    if (!query) { status.textContent = ""; return; }
    status.textContent = "Recherche en cours…";
    load().then(function (pagefind) { return pagefind.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); })).then(function (pages) {
        status.textContent = search.results.length === 0 ? "Aucun résultat pour « " + query + " »."
          : search.results.length + (search.results.length === 1 ? " résultat" : " résultats") + " pour « " + query + " »"
            + (search.results.length > 20 ? " (20 premiers affichés)." : ".");
        pages.forEach(function (page) {
          var item = document.createElement("li");
          var link = document.createElement("a");
          link.href = page.url;
          link.textContent = page.meta.title || page.url;
          item.appendChild(link);
          item.appendChild(excerptOf(page));
          list.appendChild(item);
        });
      });
    }).catch(function () { status.textContent = "La recherche est indisponible. Le catalogue liste toutes les fiches."; });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var query = field.value.trim();
    history.pushState(null, "", query ? "?q=" + encodeURIComponent(query) : location.pathname);
    show(query);
  });
  window.addEventListener("popstate", function () {
    field.value = new URLSearchParams(location.search).get("q") || "";
    show(field.value);
  });
  form.hidden = false;
  fallback.hidden = true;
  field.value = new URLSearchParams(location.search).get("q") || "";
  if (field.value) show(field.value);
})();
