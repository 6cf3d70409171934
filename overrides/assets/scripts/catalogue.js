// Catalogue filters — a progressive enhancement: without this script the page lists every
// fiche by theme. Values of one facet are alternatives (OR), facets combine (AND); the state
// lives in the query string (?theme=a&priorite=prioritaire), so links are shareable and the
// back button restores the previous selection.
(function () {
  "use strict";
  var form = document.getElementById("filtres");
  if (!form || !window.URLSearchParams || !history.pushState) return;
  // One facet per group of the form (a fork with a charter adds « engagement »).
  var facets = Array.prototype.map.call(form.querySelectorAll("fieldset"), function (group) {
    return group.querySelector("input").name;
  });
  var items = document.querySelectorAll("[data-fiche]");
  var groups = document.querySelectorAll("[data-groupe]");
  var count = document.getElementById("compte");
  var panel = document.getElementById("volet-filtres");
  var empty = document.getElementById("vide");
  // « Ajouter à ma charte »: the composer adds the fiches the current filter shows, named in its address.
  var toComposer = document.getElementById("vers-composeur");
  var composer = toComposer && toComposer.getAttribute("href");

  function selection() {
    var chosen = {};
    facets.forEach(function (facet) {
      chosen[facet] = Array.prototype.map.call(
        form.querySelectorAll("input[name='" + facet + "']:checked"), function (box) { return box.value; });
    });
    return chosen;
  }

  function apply() {
    var chosen = selection(), shown = 0;
    Array.prototype.forEach.call(items, function (item) {
      var keep = facets.every(function (facet) {
        var values = (item.getAttribute("data-" + facet) || "").split(" ");
        return !chosen[facet].length || chosen[facet].some(function (v) { return values.indexOf(v) >= 0; });
      });
      item.hidden = !keep;
      if (keep) shown += 1;
    });
    Array.prototype.forEach.call(groups, function (group) {
      group.hidden = !group.querySelector("[data-fiche]:not([hidden])");
    });
    var set = form.querySelectorAll("input:checked").length, summary = panel && panel.querySelector("summary");
    if (summary) summary.textContent = "Filtrer les fiches" + (set ? " (" + set + (set === 1 ? " filtre actif)" : " filtres actifs)") : "");
    count.textContent = shown === 0 ? "Aucune fiche ne correspond" : shown === 1 ? "1 fiche correspond" : shown + " fiches correspondent";
    empty.hidden = shown > 0;
    if (toComposer) {
      toComposer.href = composer + "?depuis=catalogue" + Array.prototype.map.call(document.querySelectorAll("[data-fiche]:not([hidden])"),
        function (item) { return "&fiche=" + encodeURIComponent(item.getAttribute("data-fiche")); }).join("");
      toComposer.textContent = "Ajouter à ma charte " + (shown === 1 ? "la fiche affichée" : "les " + shown + " fiches affichées");
      toComposer.parentNode.hidden = shown === 0;
    }
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) {
      box.checked = params.getAll(box.name).indexOf(box.value) >= 0;
    });
    apply();
  }

  function writeUrl() {
    var params = new URLSearchParams(), chosen = selection();
    facets.forEach(function (facet) {
      chosen[facet].forEach(function (value) { params.append(facet, value); });
    });
    var query = params.toString();
    history.pushState(null, "", query ? "?" + query : location.pathname);
  }

  form.addEventListener("change", function () { writeUrl(); apply(); });
  form.addEventListener("reset", function (event) {
    event.preventDefault(); // clear the boxes now, so the list and the URL follow at once
    Array.prototype.forEach.call(form.querySelectorAll("input[type=checkbox]"), function (box) { box.checked = false; });
    writeUrl();
    apply();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
  window.addEventListener("popstate", readUrl);
  if (panel) {
    panel.hidden = false;
    // On a phone the panel starts closed, so the results start on the first screen; its
    // summary says how many filters are set.
    if (window.matchMedia && matchMedia("(max-width: 44.9375em)").matches) panel.open = false;
  }
  readUrl();
})();
