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
          var excerpt = document.createElement("p");
          excerpt.innerHTML = page.excerpt; // Pagefind escapes the page text and adds <mark> only
          item.appendChild(link);
          item.appendChild(excerpt);
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
