// « Composer ma charte »: the printable checklist becomes a composer. The reader chooses
// fiches and gives each a status, pilot, target, deadline and notes; prints the draft; exports
// it as a fork's organisation/charter.yml and organisation.yml; imports a charter.yml; shares it
// by a link whose draft sits after « # » (never sent to a server). The draft is saved in this
// browser (localStorage) only. The controls and labels are in the page (templates/composer.html);
// what the reader types, a shared link or an imported file holds is only ever written as text
// (textContent, value), never as HTML. No library: the YAML reader and JSON Schema validator at
// the end are the subsets a charter needs, so the script stays within 6 KB compressed.
(function () {
  var tool = document.getElementById("composeur");
  if (!tool) return;
  var D = tool.dataset, VERSION = D.version, VERSIONS = D.versions.split(" "), STATUSES = D.statuts.split("|"), OUT = STATUSES[STATUSES.length - 1];
  var KEY = "guide-nr-charte:" + location.pathname.replace(/index\.html$/, ""), CAP = 200000, SHARE = "#brouillon=", FIELDS = "sptdnr";
  // The characters a fork refuses (guide_nr.text.INVISIBLE_CHARACTERS, given by the page) and
  // those YAML cannot hold or reads as line breaks (U+2028, U+2029, U+FFFE, U+FFFF, lone
  // surrogates): removed from every text.
  var INVISIBLE = new RegExp(D.invisibles + "|[\\u2028\\u2029\\ufffe\\uffff]|[\\ud800-\\udfff]", "gu");
  var items = {}, order = [], state, undo = null;
  function $(selector, from) { return (from || tool).querySelector(selector); }
  function all(selector, from) { return Array.from((from || document).querySelectorAll(selector)); }
  all("li[data-fiche]").forEach(function (li) { items[li.dataset.fiche] = li; order.push(li.dataset.fiche); });
  var name = $("#c-organisation"), live = $(".compte"), summary = $(".resume"), notice = $(".versions"), errors = $(".erreurs");
  var undoButton = $("[data-action=annuler]"), link = $("#c-lien"), picker = $("#c-import"), model = $("[data-modele]");
  var printed = document.querySelector(".charte-imprimee"), M = {};
  // The page's messages (pages/composer.py, MESSAGES): « key|text » lines.
  $("[data-messages]").textContent.split("\n").forEach(function (line) {
    var at = line.indexOf("|");
    if (at > 0) M[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  // A message with its values; a count of 1 takes the singular (« key1 ») where there is one.
  function t(key, values) {
    values = values || {};
    return M[values.n === 1 && M[key + "1"] ? key + "1" : key].replace(/\{(\w)\}/g, function (all, k) { return values[k]; });
  }

  function h(tag, text) {
    var e = document.createElement(tag);
    if (text != null) e.textContent = text;
    return e;
  }
  function str(v, max) { return typeof v === "string" ? v.replace(INVISIBLE, "").slice(0, max) : ""; }
  function title(id) { return $("a", items[id]).textContent; }
  function chosen() { return order.filter(function (id) { return state.c[id]; }); }
  // A real day, AAAA-MM-JJ (2025-02-30 is not).
  function isDate(d) {
    var day = new Date(d + "T00:00:00Z");
    return /^\d{4}-\d\d-\d\d$/.test(d) && !isNaN(day) && day.toISOString().slice(0, 10) === d;
  }
  function blank() { return { s: STATUSES[0], p: "", t: "", d: "", n: "", r: "" }; }

  // A draft from storage, a shared link or an import: every value checked and cut to size,
  // fiches this site does not publish dropped (and named to the reader).
  function clean(x, dropped) {
    x = x && typeof x === "object" ? x : {};
    var s = { v: str(x.v, 20000), o: str(x.o, 20000), c: {} }, c = x.c && typeof x.c === "object" ? x.c : {};
    Object.keys(c).forEach(function (id) {
      var e = c[id], k = blank();
      if (!e || typeof e !== "object") return;
      if (order.indexOf(id) < 0) return dropped && dropped.push(str(id, 30));
      FIELDS.split("").forEach(function (f) { k[f] = str(e[f], 20000); });
      if (STATUSES.indexOf(k.s) < 0) k.s = STATUSES[0];
      if (!isDate(k.d) || k.d < "1990" || k.d > "2101") k.d = "";
      s.c[id] = k;
    });
    return s;
  }

  // -- controls ------------------------------------------------------------------------------
  var actions = {
    gains: function () {
      var quick = D.gainsRapides.split(" ");
      add(order.filter(function (id) { return items[id].dataset.priorite === quick[0] && items[id].dataset.difficulte === quick[1]; }), M.gains);
    },
    vider: function () { if (chosen().length) { remember(M["annuler-vider"]); state.c = {}; render(); say(M.videes); } },
    annuler: function () {
      var back = undo;
      state = clean(JSON.parse(back.state)); undo = null; render(); say(t("annulee", { x: back.label }));
      (document.getElementById("c-" + back.id) || name).focus();  // the button is gone: focus where the change is
    },
    imprimer: function () { window.print(); },
    charter: function () { exported("charter.yml", charterYaml); },
    organisation: function () { exported("organisation.yml", function () { return header("organisation") + "name: " + q(state.o.trim()) + "\n"; }); },
    partager: share
  };
  tool.addEventListener("click", function (event) {
    var action = event.target.closest("[data-action]");
    if (action && actions[action.dataset.action]) actions[action.dataset.action]();
  });
  // A share link pasted into this tab changes only what follows « # »: read it as a new page would.
  addEventListener("hashchange", function () { if (!location.hash.indexOf(SHARE)) location.reload(); });
  // Another tab changed the draft: take it, so that neither tab overwrites the other.
  addEventListener("storage", function (event) { if (event.key === KEY) load(JSON.parse(event.newValue)); });
  name.addEventListener("input", function () { state.o = str(name.value, 20000); save(); });  // the caps of clean()
  picker.addEventListener("change", function () { if (picker.files[0]) importFile(picker.files[0]); picker.value = ""; });
  tool.hidden = false;
  document.body.classList.add("composeur-actif");

  all(".liste-charte").forEach(function (section) {
    var ids = all("li[data-fiche]", section).map(function (li) { return li.dataset.fiche; }), theme = $("h2", section).textContent;
    var b = h("button", t("retenir-theme", { n: ids.length, x: theme }));
    b.addEventListener("click", function () { add(ids, t("theme", { x: theme })); });
    $("h2", section).after(b);
  });
  // One toggle button per fiche (one element: the page stays within its budget with the script).
  order.forEach(function (id) {
    var b = h("button", M.retenir);
    b.id = "c-" + id;
    b.className = "retenir";
    b.setAttribute("aria-label", M.retenir + " " + title(id));
    b.addEventListener("click", function () { if (state.c[id]) drop(id); else add([id]); });
    items[id].prepend(b);
  });

  // A commitment's fields: a copy of the page's model, each control bound to the draft.
  function editor(id) {
    var k = state.c[id], box = model.cloneNode(true);
    box.hidden = false;
    $("legend", box).textContent = t("legende", { x: title(id) });
    all("[data-champ]", box).forEach(function (div) {
      var f = div.dataset.champ, control = $("input, select, textarea", div);
      control.id = $("label", div).htmlFor = f + "-" + id;
      control.value = k[f];
      control.addEventListener("input", function () {
        var v = str(control.value, 20000);
        if (v !== control.value) control.value = v;
        k[f] = v; save();
        if (f === "s") { toggle(); tally(); }
      });
    });
    function toggle() {
      all("[data-champ]", box).forEach(function (div) { var f = div.dataset.champ; div.hidden = f === "r" ? k.s !== OUT : k.s === OUT && "pdt".indexOf(f) >= 0; });
    }
    toggle();
    var remove = $("[data-action=retirer]", box);
    remove.textContent = t("retirer", { i: id });  // (outside #composeur, its data-action calls nothing)
    remove.addEventListener("click", function () { drop(id); document.getElementById("c-" + id).focus(); });
    return box;
  }

  // -- the draft -----------------------------------------------------------------------------
  function remember(label, id) { undo = { state: JSON.stringify(state), label: label, id: id }; }
  function add(ids, what) {
    var added = ids.filter(function (id) { return !state.c[id]; });
    if (added.length > 1) remember(t("annuler-ajout", { n: added.length }));
    added.forEach(function (id) { state.c[id] = blank(); });
    render();
    say(!added.length ? M.deja : added.length === 1 && !what ? t("ajoutee", { i: added[0] }) : t("ajoutees", { n: added.length, x: what || M.adresse }));
  }
  function drop(id) { remember(t("annuler-retrait", { i: id }), id); delete state.c[id]; render(); say(t("retiree", { i: id })); }
  // An empty draft leaves nothing in the browser.
  function save() {
    try {
      if (chosen().length || state.o) localStorage.setItem(KEY, JSON.stringify(state)); else localStorage.removeItem(KEY);
    } catch (e) { show([M.stockage]); }
  }
  function say(message) {
    var n = chosen().length;
    live.textContent = (message ? message + " " : "") + (n ? t("retenues", { n: n }) : M.aucune);
  }
  function show(list) {
    var ul = h("ul");
    errors.textContent = "";
    list.forEach(function (m) { ul.append(h("li", m)); });
    if (list.length) errors.append(ul);
  }
  function render() {
    name.value = state.o;
    order.forEach(function (id) {
      var old = $("fieldset", items[id]);
      document.getElementById("c-" + id).setAttribute("aria-pressed", !!state.c[id]);
      if (old) old.remove();
      if (state.c[id]) items[id].append(editor(id));
    });
    undoButton.hidden = !undo;
    if (undo) undoButton.textContent = t("annuler", { x: undo.label });
    tally(); save();
  }
  // The draft in figures: by theme, priority, difficulty and status.
  function tally() {
    var ids = chosen();
    summary.textContent = "";
    document.body.classList.toggle("avec-brouillon", ids.length > 0);
    if (ids.length) ["theme", "priorite", "difficulte"].forEach(function (g) {  // (each block gives its status)
      var counts = {};
      ids.forEach(function (id) {
        var v = g === "theme" ? $("h2", items[id].closest("section")).textContent : M["v-" + items[id].dataset[g]];
        counts[v] = (counts[v] || 0) + 1;
      });
      summary.append(h("p", t("par-" + g, { x: Object.keys(counts).map(function (v) { return v + " (" + counts[v] + ")"; }).join(", ") })));
    });
  }

  // A draft made on another version of the guide: changes.json names the fiches changed or
  // retired since, and the composer the commitments to review.
  function load(x, label) {
    var dropped = [], lines = [];
    if (label) remember(label);
    state = clean(x, dropped);
    if (dropped.length) lines.push(t("absentes", { x: dropped.join(", ") }));
    if (VERSIONS.indexOf(state.v) < 0) {  // none, or one no release has (a fork refuses it): the current one
      if (state.v) lines.push(t("depuis", { x: state.v, v: VERSION }) + " " + M.inconnue);
      state.v = VERSION;
    }
    render();  // at once; the versions' notice follows when changes.json is read
    function put(extra) {
      notice.textContent = "";
      lines.concat(extra || []).forEach(function (l) { notice.append(h("p", l)); });
    }
    if (state.v === VERSION) return put();
    var since = t("depuis", { x: state.v, v: VERSION }) + " ";
    return fetch(D.journal).then(function (r) { return r.json(); }).then(function (data) {
      var changed = [], known = false;
      (data.changes || []).some(function (entry) {
        if (entry.version === state.v) return (known = true);
        changed = changed.concat(entry.modified || [], entry.retired || []);  // « en préparation » too: the pages show it
      });
      var mine = chosen().filter(function (id) { return changed.indexOf(id) >= 0; });
      put(since + (!known ? M.inconnue : mine.length ? t("a-revoir", { x: mine.join(", ") }) : M.inchangees));
      var b = h("button", t("revus", { v: VERSION }));
      b.addEventListener("click", function () { state.v = VERSION; put(); save(); say(t("passe", { v: VERSION })); });
      notice.append(b);
    }).catch(function () { put(since + M["journal-illisible"]); });
  }

  // -- outputs -------------------------------------------------------------------------------
  // A YAML double-quoted scalar: JSON's escapes are YAML's (U+2028 and U+2029, which YAML reads
  // as line breaks, are among the characters removed from every text).
  var q = JSON.stringify, RefusedNotes = new RegExp(D.notesRefusees, "im");
  function today() { return new Date().toISOString().slice(0, 10); }
  function header(file) {
    return M["modeline-" + file] + "\n# " + t("entete", { d: today(), u: location.origin + location.pathname, v: state.v }) + "\n";
  }
  // What the fork would refuse (sources/organisation.py, safety/markdown.py), said before export.
  function problems() {
    var out = [];
    if (!state.o.trim()) out.push(M.nom);
    if (!chosen().length) out.push(M["aucune-fiche"]);
    chosen().forEach(function (id) {
      var k = state.c[id];
      if (RefusedNotes.test(k.n.trim())) out.push(t("markdown", { i: id }));
      if (k.s === OUT && !k.r.trim()) out.push(t("raison", { i: id }));
    });
    return out;
  }
  function charterYaml() {
    var out = header("charter") + "organisation: " + q(state.o.trim()) + "\nguide_version: " + q(state.v) + "\ncommitments:\n";
    chosen().forEach(function (id) {
      var k = state.c[id], kept = k.s !== OUT, lines = k.t.split("\n").map(function (l) { return l.trim(); }).filter(Boolean);
      out += "  - fiche: " + q(id) + "\n";
      // A « non retenue » commitment has a reason and no action sheet (the fork refuses the rest).
      [["status", k.s], ["reason", !kept && k.r], ["deadline", kept && k.d], ["pilot", kept && k.p], ["notes", k.n]].forEach(function (f) {
        if (f[1] && f[1].trim()) out += "    " + f[0] + ": " + q(f[1].trim()) + "\n";
      });
      if (kept && lines.length) out += "    expected_results:\n" + lines.map(function (l) { return "      - " + q(l) + "\n"; }).join("");
    });
    return out;
  }
  function exported(file, make) {
    var list = problems(), a = h("a");
    show(list);
    if (list.length) return;
    a.href = URL.createObjectURL(new Blob([make()], { type: "text/yaml" }));
    a.download = file;
    a.click();
    say(t("telecharge", { x: file }));
  }
  function frenchDate(d) { return new Date(d + "T12:00:00").toLocaleDateString("fr-FR", { dateStyle: "long" }); }
  // The printed draft: the page's frame, one block per commitment.
  function printView() {
    var ids = chosen(), list = $("[data-imprime=engagements]", printed);
    $("[data-imprime=organisation]", printed).textContent = state.o.trim() ? " — " + state.o.trim() : "";
    $("[data-imprime=origine]", printed).textContent = t("origine", { d: frenchDate(today()), v: state.v, u: new URL(D.racine, location.href).href });
    list.textContent = "";
    ids.forEach(function (id) {
      var k = state.c[id], section = h("section"), dl = h("dl");
      [["Statut", k.s], ["Raison", k.s === OUT && k.r], ["Pilote", k.s !== OUT && k.p], ["Echeance", k.s !== OUT && k.d && frenchDate(k.d)],
        ["Cible", k.s !== OUT && k.t], ["Notes", k.n], ["Fiche", $("a", items[id]).href]].forEach(function (f) {
        if (f[1] && f[1].trim()) dl.append(h("dt", M[f[0]]), h("dd", f[1]));
      });
      section.append(h("h3", title(id)), dl);
      list.append(section);
    });
  }
  window.addEventListener("beforeprint", printView);

  // -- sharing: the draft as JSON, deflate-raw (every browser since 2023), base64url, « 1 » first --
  function share() {
    new Response(new Blob([JSON.stringify(state)]).stream().pipeThrough(new CompressionStream("deflate-raw"))).arrayBuffer().then(function (b) {
      var code = "1" + btoa(String.fromCharCode.apply(null, new Uint8Array(b)));
      if (code.length > 30000) return show([M["lien-long"]]);
      link.value = location.href.split(/[?#]/)[0] + SHARE + code;
      link.parentNode.hidden = false; link.focus(); link.select();
      say(M["lien-cree"]);
    });
  }
  // A link's draft: 30 000 characters at most, so that inflated it stays within a few megabytes
  // (deflate gives 1 000 times at most), and CAP characters of JSON once inflated.
  function unshare(code) {
    return Promise.resolve().then(function () {
      if (code.length > 30000 || code[0] !== "1") throw new Error();
      var raw = Uint8Array.from(atob(code.slice(1).replace(/-/g, "+").replace(/_/g, "/")), function (c) { return c.charCodeAt(0); });
      return new Response(new Blob([raw]).stream().pipeThrough(new DecompressionStream("deflate-raw"))).text();
    }).then(function (text) {
      if (text.length > CAP) throw new Error();
      return text;
    });
  }

  // -- import: size-capped, read by the YAML subset, validated against the published schema ----
  var schema = null;
  function importFile(file) {
    if (file.size > CAP) return show([t("trop-grand", { x: file.name, n: Math.ceil(file.size / 1000) })]);
    schema = schema || fetch(D.schema).then(function (r) { if (!r.ok) throw new Error(); return r.json(); });
    Promise.all([file.text(), schema.catch(function () { schema = null; throw M.schema; })]).then(function (both) {
      var data = parseYaml(both[0].replace(/^\ufeff/, "")), list = validate(both[1], data), seen = {}, ignored = {}, c = {};
      if (!list.length) data.commitments.forEach(function (k, i) {
        if (seen[k.fiche]) list.push(t("double", { n: i, x: k.fiche }));
        seen[k.fiche] = 1;
        Object.keys(k).forEach(function (f) { if (!/^(fiche|status|reason|deadline|pilot|expected_results|notes)$/.test(f)) ignored["commitments." + f] = 1; });
        // Texts as the fork reads them: without surrounding spaces.
        c[k.fiche] = { s: k.status, p: (k.pilot || "").trim(), d: k.deadline || "", n: (k.notes || "").trim(), r: (k.reason || "").trim(),
          t: (k.expected_results || []).map(function (l) { return l.trim(); }).join("\n") };
      });
      if (list.length) return show(list.slice(0, 20).map(function (m) { return file.name + " : " + m; }));
      ignored = Object.keys(data).filter(function (f) { return !/^(organisation|guide_version|commitments)$/.test(f); }).concat(Object.keys(ignored));
      load({ v: data.guide_version, o: data.organisation || state.o, c: c }, M["annuler-import"]);
      show(ignored.length ? [t("ignores", { x: ignored.join(", ") })] : []);
      say(t("importe", { n: data.commitments.length, x: file.name }));
    }).catch(function (e) { show([file.name + " : " + (typeof e === "string" ? e : M.illisible)]); });  // ours, or too deep, or not text
  }

  // -- start: the saved draft or a shared link, then the fiches the address asks to add --------
  var saved = null, params = new URLSearchParams(location.search), hash = location.hash;
  try { saved = JSON.parse(localStorage.getItem(KEY)); } catch (e) { saved = null; }
  state = clean(saved);  // what a shared link replaces (the undo button brings it back)
  (hash.indexOf(SHARE) === 0 ? unshare(hash.slice(SHARE.length)).then(function (text) {
    return load(JSON.parse(text), chosen().length || state.o ? M["annuler-lien"] : "");
  }).then(function () { say(M["lien-ouvert"]); }, function () {
    load(saved);
    show([M["lien-abime"]]);
  }) : Promise.resolve(load(saved))).then(function () {
    // ?fiche=a.1 from a fiche page; several, with ?depuis=catalogue, from the catalogue's filter.
    var wanted = params.getAll("fiche").filter(function (id) { return order.indexOf(id) >= 0; });
    if (hash || location.search) history.replaceState(null, "", location.pathname);
    if (wanted.length) {
      add(wanted, params.get("depuis") ? M.catalogue : "");
      document.getElementById("c-" + wanted[0]).focus();
    } else if (!live.textContent) say("");
  });


  // -- the YAML of a charter.yml: block mappings and sequences, flow [ ] and { } on one line,
  // quoted and plain scalars, | and > blocks, comments. Dates stay text (the schema checks
  // them); anchors, aliases, tags, several documents, duplicate keys and values continued on
  // the next line are refused with the line's number (M: the page's messages).
  var ENTRY = /^([^\s#'"[\]{},&*!|>%@`?-][^:]*?|-\S[^:]*?)\s*:(?: +(.*)|$)/;  // « key: value », the key unquoted
  function parseYaml(text) {
    var lines = text.replace(/^\ufeff/, "").split(/\r\n?|\n/), at = 0;
    lines.forEach(function (line, n) { if (line.length > 5000) fail(n, "longue"); });  // (keeps every pattern below fast)
    function fail(n, key) { throw t("ligne", { n: n + 1, x: M["yaml-" + key] }); }  // a message: see importFile's catch
    function indent(n) { return lines[n].search(/[^ ]|$/); }
    function idle(n) { return /^\s*(#.*)?$/.test(lines[n]); }  // blank or comment only
    function skip() {
      while (at < lines.length && idle(at)) at++;
      return at < lines.length && !/^\.\.\.\s*$/.test(lines[at]) ? at : -1;  // « ... » ends the document
    }
    function scalar(s, n) {
      var m;
      if (s[0] === '"') {
        if (!(m = /^"((?:[^"\\]|\\.)*)"\s*(#.*)?$/.exec(s))) fail(n, "guillemets");
        try {  // JSON's escapes, and those YAML adds that PyYAML writes (\xE0, \U0001F331, \_ for a no-break space…)
          return JSON.parse('"' + m[1].replace(/\t/g, "\\t").replace(/\\(x..|U.{8}|[_NLP])/g, function (all, e) {
            return String.fromCodePoint(e[1] ? parseInt(e.slice(1), 16) : { _: 160, N: 133, L: 8232, P: 8233 }[e]);
          }) + '"');
        } catch (e) { fail(n, "guillemets"); }
      }
      if (s[0] === "'") {
        if (!(m = /^'((?:[^']|'')*)'\s*(#.*)?$/.exec(s))) fail(n, "guillemets");
        return m[1].replace(/''/g, "'");
      }
      if (s[0] === "[" || s[0] === "{") return flow(s, n);
      s = s.replace(/(^|\s+)#.*$/, "");
      if (/^[&*!|>%@`]/.test(s)) fail(n, "ancre");
      if (/^(~|null|)$/i.test(s)) return null;
      if (/^[-+]?(\d[\d_]*(\.[\d_]*)?|\.\d[\d_]*)([eE][-+]\d+)?$/.test(s)) return +s.replace(/_/g, "");
      return s;
    }
    // [a, "b, c"], {key: value} and [{key: value}] on one line (« contributors », « values »).
    function flow(s, n) {
      var m = /^([[{])(.*)[\]}]\s*(#.*)?$/.exec(s), map = Object.create(null);
      if (!m) fail(n, "flux");
      var parts = (m[2].match(/ *("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|\{[^}]*\}|[^,]+)/g) || []).map(function (x) { return x.trim(); });
      if (m[1] === "[") return parts.map(function (x) { return scalar(x, n); });
      parts.forEach(function (x) {
        var e = ENTRY.exec(x);
        if (!e || e[1] in map) fail(n, "flux");
        map[e[1]] = scalar(e[2] || "", n);
      });
      return map;
    }
    // |, |- and |+: the lines more indented than their key; > is refused.
    function literal(head, parent, n) {
      var out = [], width = null;
      if (!/^\|[-+]?\s*(#.*)?$/.test(head)) fail(n, "bloc");
      for (at = n + 1; at < lines.length && (idle(at) && !/\S/.test(lines[at]) || indent(at) > parent); at++) {
        if (/\S/.test(lines[at]) && width === null) width = indent(at);
        if (width !== null && /\S/.test(lines[at]) && indent(at) < width) fail(at, "retrait");
        out.push(/\S/.test(lines[at]) ? lines[at].slice(width) : "");
      }
      return out.join("\n").replace(/\n*$/, "\n");  // final line breaks as « | » keeps them: the composer trims every text
    }
    // A text continued on the lines indented further: joined by spaces (as YAML folds them).
    function joined(s, width) {
      while (skip() >= 0 && indent(at) > width) s += " " + lines[at++].trim();
      return s;
    }
    // A node whose lines are indented by at least min.
    function node(min) {
      var n = skip();
      if (n < 0 || indent(n) < min) return null;
      var width = indent(n), s = lines[n].slice(width), m;
      if (/^-( |$)/.test(s)) {
        var list = [];
        while ((n = skip()) >= 0 && indent(n) === width && /^-( |$)/.test(m = lines[n].slice(width))) {
          var rest = m.slice(1).replace(/^ +/, "");
          if (!rest || /^#/.test(rest)) { at = n + 1; list.push(node(width + 1)); continue; }
          lines[n] = new Array(width + m.length - rest.length + 1).join(" ") + rest;  // « - key: v » read as « key: v » further in
          list.push(node(width + 1));
        }
        if (n >= 0 && indent(n) > width) fail(n, "retrait");
        return list;
      }
      if (!ENTRY.test(s)) {
        at = n + 1;
        return scalar(joined(s.trim(), min - 1), n);  // continued further in than its parent
      }
      var map = Object.create(null);  // « __proto__ » is a key like any other
      while ((n = skip()) >= 0 && indent(n) === width) {
        m = ENTRY.exec(lines[n].slice(width));
        if (!m) fail(n, "cle");
        var key = m[1], value = (m[2] || "").replace(/^\s+/, "");
        at = n + 1;
        if (/^[|>]/.test(value)) value = literal(value, width, n);
        else if (!value || /^#/.test(value)) value = skip() >= 0 && indent(at) === width && /^-( |$)/.test(lines[at].slice(width)) ? node(width) : node(width + 1);
        else value = scalar(joined(value, width), n);
        if (key in map) fail(n, "double");
        map[key] = value;
      }
      if (n >= 0 && indent(n) > width) fail(n, "retrait");
      return map;
    }
    if (skip() >= 0 && /^---\s*(#.*)?$/.test(lines[at])) at++;
    var value = node(0);
    if (skip() >= 0) fail(at, /^(---|\.\.\.)/.test(lines[at]) ? "documents" : "retrait");
    return value;
  }

  // -- the JSON Schema keywords pydantic writes for charter.yml (tests/test_composer.py checks
  // the published schema uses no other): $ref, anyOf, type, enum, properties, required,
  // additionalProperties, items, minItems, minLength, minimum, maximum, format date.
  function validate(schema, value) {
    var errors = [];
    function say(path, key, values) { if (errors.length < 20) errors.push((path || M["yaml-document"]) + " : " + t("schema-" + key, values || {})); }
    function kind(v) { return v === null ? "null" : Array.isArray(v) ? "array" : typeof v === "number" ? (v % 1 ? "number" : "integer") : typeof v; }
    function check(s, v, path) {
      if (s.$ref) s = schema.$defs[s.$ref.split("/").pop()];
      if (s.anyOf) {  // pydantic's optional field: [its schema, {type: null}] (tested)
        if (v === null) return;
        s = s.anyOf[0];
        if (s.$ref) s = schema.$defs[s.$ref.split("/").pop()];
      }
      var k = kind(v), shown = JSON.stringify(v);
      if (s.type && s.type !== k && !(s.type === "number" && k === "integer")) return say(path, "type", { x: M["type-" + s.type], v: shown && shown.slice(0, 40) });
      if (s.enum && s.enum.indexOf(v) < 0) return say(path, "enum", { v: shown, x: s.enum.join(", ") });
      if (k === "string") {
        if (v.length < s.minLength) say(path, "vide");
        if (s.format === "date" && !isDate(v)) say(path, "date", { v: shown });
      }
      if (typeof v === "number") {  // (a mapping read from YAML has no prototype: never compared)
        if (v < s.minimum) say(path, "min", { x: s.minimum });
        if (v > s.maximum) say(path, "max", { x: s.maximum });
      }
      if (k === "array") {
        if (v.length < s.minItems) say(path, "vide");
        if (s.items) v.forEach(function (x, i) { check(s.items, x, path + "[" + i + "]"); });
      }
      if (k === "object") {
        var props = s.properties || {}, extra = s.additionalProperties;
        (s.required || []).forEach(function (key) { if (!Object.prototype.hasOwnProperty.call(v, key)) say(path ? path + "." + key : key, "absent"); });
        Object.keys(v).forEach(function (key) {
          var where = path ? path + "." + key : key;
          if (Object.prototype.hasOwnProperty.call(props, key)) check(props[key], v[key], where);
          else if (extra === false) say(where, "inconnu", { x: Object.keys(props).join(", ") });
          else if (extra && typeof extra === "object") check(extra, v[key], where);
        });
      }
    }
    check(schema, value, "");
    return errors;
  }
})();
