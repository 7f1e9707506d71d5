// qmsbook default theme: builds the sidebar from nav.js and runs the mobile menu.
// The page works without this script: the sidebar then links to the full list.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";
  var current = body.getAttribute("data-current") || "";

  function buildNav() {
    var groups = window.QMSBOOK_NAV;
    var tree = document.getElementById("nav-tree");
    if (!groups || !tree) return;
    var frag = document.createDocumentFragment();
    var currentLink = null;
    groups.forEach(function (group) {
      var details = document.createElement("details");
      var summary = document.createElement("summary");
      summary.textContent = group.label;
      details.appendChild(summary);
      var list = document.createElement("ul");
      var hasCurrent = false;
      group.items.forEach(function (item) {
        var li = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + item[2];
        var id = document.createElement("span");
        id.className = "nav-id";
        id.textContent = item[0];
        a.appendChild(id);
        a.appendChild(document.createTextNode(item[1]));
        if (item[0] === current) {
          a.setAttribute("aria-current", "page");
          hasCurrent = true;
          currentLink = a;
        }
        li.appendChild(a);
        list.appendChild(li);
      });
      details.appendChild(list);
      // Small groups stay open; large ones open only around the current page.
      details.open = hasCurrent || group.items.length <= 40;
      frag.appendChild(details);
    });
    tree.textContent = "";
    tree.appendChild(frag);
    // Scroll the sidebar alone to the current page's link. Not
    // scrollIntoView: Chromium then starts keyboard navigation at that link,
    // so the first Tab skipped the skip link.
    var box = tree.closest ? tree.closest(".sidebar") : null;
    if (currentLink && box) {
      var lr = currentLink.getBoundingClientRect();
      var br = box.getBoundingClientRect();
      if (lr.top < br.top) box.scrollTop += lr.top - br.top;
      else if (lr.bottom > br.bottom) box.scrollTop += lr.bottom - br.bottom;
    }
  }

  function mobileMenu() {
    var toggle = document.querySelector(".nav-toggle");
    var sidebar = document.getElementById("sidebar");
    if (!toggle || !sidebar) return;
    var narrow = window.matchMedia("(max-width: 48rem)");
    function sync() { toggle.hidden = !narrow.matches; if (!narrow.matches) close(); }
    function close() { sidebar.classList.remove("open"); toggle.setAttribute("aria-expanded", "false"); }
    toggle.addEventListener("click", function () {
      var open = sidebar.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
    });
    document.addEventListener("keydown", function (e) {
      if (e.key === "Escape" && sidebar.classList.contains("open")) { close(); toggle.focus(); }
    });
    if (narrow.addEventListener) narrow.addEventListener("change", sync);
    sync();
  }

  buildNav();
  mobileMenu();
})();

// Register: sorting and filtering. Without the script the full table is shown.
(function () {
  "use strict";
  var table = document.getElementById("register");
  var form = document.getElementById("register-filters");
  // A register split into pages is filtered by the block below, over every row.
  if (!table || !form || table.hasAttribute("data-register-data")) return;
  var tbody = table.tBodies[0];
  var rows = Array.prototype.slice.call(tbody.rows);
  var count = document.getElementById("register-count");
  form.hidden = false;

  function apply() {
    var f = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-filter]"), function (el) { f[el.getAttribute("data-filter")] = el.value.trim().toLowerCase(); });
    var shown = 0;
    rows.forEach(function (r) {
      var ok = (!f.type || r.getAttribute("data-type") === f.type) &&
        (!f.status || r.getAttribute("data-status") === f.status) &&
        (!f.owner || r.getAttribute("data-owner").toLowerCase() === f.owner) &&
        (!f.text || r.cells[0].textContent.toLowerCase().indexOf(f.text) >= 0 || r.cells[1].textContent.toLowerCase().indexOf(f.text) >= 0);
      r.hidden = !ok;
      if (ok) shown++;
    });
    if (count) count.textContent = shown + " of " + rows.length + " documents";
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });

  Array.prototype.forEach.call(table.querySelectorAll("th button[data-sort]"), function (btn) {
    btn.addEventListener("click", function () {
      var col = parseInt(btn.getAttribute("data-sort"), 10);
      var th = btn.parentNode;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent.trim(), y = b.cells[col].textContent.trim();
        var c = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" });
        return asc ? c : -c;
      });
      rows.forEach(function (r) { tbody.appendChild(r); });
    });
  });
  apply();
})();

// Register split into pages (a large handbook): the page lists its own rows;
// the filters search the whole register, from register-data.js (a script
// assigning QMSBOOK_REGISTER, so it loads from file:// too), loaded when a
// filter is first used. At most data-shown-max matching rows are shown.
// Without the script every row is still reached through the page links.
(function () {
  "use strict";
  var table = document.getElementById("register");
  var form = document.getElementById("register-filters");
  if (!table || !form || !table.hasAttribute("data-register-data")) return;
  var root = document.body.getAttribute("data-root") || "";
  var tbody = table.tBodies[0];
  var pageRows = Array.prototype.slice.call(tbody.rows);
  var total = parseInt(table.getAttribute("data-total"), 10) || pageRows.length;
  var max = parseInt(table.getAttribute("data-shown-max"), 10) || 500;
  var count = document.getElementById("register-count");
  var pagers = Array.prototype.slice.call(document.querySelectorAll(".pager"));
  var records = null, loading = false, failed = false;
  var sort = null; // { col, asc }
  form.hidden = false;

  function say(text) { if (count) count.textContent = text; }
  function filters() {
    var f = {};
    Array.prototype.forEach.call(form.querySelectorAll("[data-filter]"), function (el) { f[el.getAttribute("data-filter")] = el.value.trim().toLowerCase(); });
    return f;
  }
  function active(f) { return !!(f.type || f.status || f.owner || f.text); }
  // A record: id, title, type, type_label, revision, status, owner, approved_by, effective, review_by, url.
  function matches(r, f) {
    return (!f.type || r[2] === f.type) && (!f.status || r[5] === f.status) &&
      (!f.owner || (r[6] || "(no owner)").toLowerCase() === f.owner) &&
      (!f.text || r[0].toLowerCase().indexOf(f.text) >= 0 || r[1].toLowerCase().indexOf(f.text) >= 0);
  }
  var COLS = [0, 1, 3, 4, 5, 6, 7, 8, 9];
  function cellText(r, col) { var v = r[COLS[col]]; return col >= 2 && col !== 4 ? (v || "\u2014") : v; }
  function compare(x, y, asc) { var c = x.localeCompare(y, undefined, { numeric: true, sensitivity: "base" }); return asc ? c : -c; }
  function td(text, cls) { var c = document.createElement("td"); if (cls) c.className = cls; if (text !== null) c.textContent = text; return c; }
  function rowOf(r) {
    var tr = document.createElement("tr");
    tr.setAttribute("data-type", r[2]);
    tr.setAttribute("data-status", r[5]);
    tr.setAttribute("data-owner", r[6] || "(no owner)");
    var first = td(null), id = document.createElement(r[10] ? "a" : "span");
    id.className = "doc-id";
    id.textContent = r[0];
    if (r[10]) id.href = root + r[10];
    first.appendChild(id);
    tr.appendChild(first);
    tr.appendChild(td(r[1]));
    tr.appendChild(td(r[3]));
    tr.appendChild(td(r[4] || "\u2014", "nowrap"));
    var st = td(null), badge = document.createElement("span");
    badge.className = "status status-" + r[5];
    badge.textContent = r[5];
    st.appendChild(badge);
    tr.appendChild(st);
    tr.appendChild(td(r[6] || "\u2014"));
    tr.appendChild(td(r[7] || "\u2014"));
    tr.appendChild(td(r[8] || "\u2014", "nowrap"));
    tr.appendChild(td(r[9] || "\u2014", "nowrap"));
    return tr;
  }
  function show(rows) {
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    tbody.textContent = "";
    tbody.appendChild(frag);
  }
  function pageView(note) {
    var rows = pageRows.slice();
    rows.forEach(function (r) { r.hidden = false; });
    if (sort) rows.sort(function (a, b) { return compare(a.cells[sort.col].textContent.trim(), b.cells[sort.col].textContent.trim(), sort.asc); });
    show(rows);
    pagers.forEach(function (p) { p.hidden = false; });
    say(rows.length + " of " + total + " documents on this page" + (note || ""));
  }
  // The data file could not be loaded: filter this page's rows only.
  function pageFilter(f) {
    var shown = 0;
    pageView();
    pageRows.forEach(function (r) {
      var ok = (!f.type || r.getAttribute("data-type") === f.type) && (!f.status || r.getAttribute("data-status") === f.status) &&
        (!f.owner || r.getAttribute("data-owner").toLowerCase() === f.owner) &&
        (!f.text || r.cells[0].textContent.toLowerCase().indexOf(f.text) >= 0 || r.cells[1].textContent.toLowerCase().indexOf(f.text) >= 0);
      r.hidden = !ok;
      if (ok) shown++;
    });
    say(shown + " of " + pageRows.length + " documents on this page (the whole register could not be loaded)");
  }
  function load() {
    if (loading) return;
    loading = true;
    say("Searching the whole register\u2026");
    var s = document.createElement("script");
    s.src = table.getAttribute("data-register-data");
    s.onload = function () {
      var data = window.QMSBOOK_REGISTER;
      if (data && data.rows) records = data.rows; else failed = true;
      apply();
    };
    s.onerror = function () { failed = true; apply(); };
    document.head.appendChild(s);
  }
  function apply() {
    var f = filters();
    if (!active(f)) { pageView(); return; }
    if (failed) { pageFilter(f); return; }
    if (!records) { load(); return; }
    var found = records.filter(function (r) { return matches(r, f); });
    if (sort) found.sort(function (a, b) { return compare(cellText(a, sort.col), cellText(b, sort.col), sort.asc); });
    show(found.slice(0, max).map(rowOf));
    pagers.forEach(function (p) { p.hidden = true; });
    say(found.length + " of " + total + " documents" +
      (found.length > max ? ": the first " + max + " are shown, refine the filter to see the other " + (found.length - max) : ""));
  }
  form.addEventListener("input", apply);
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  Array.prototype.forEach.call(table.querySelectorAll("th button[data-sort]"), function (btn) {
    btn.addEventListener("click", function () {
      var th = btn.parentNode;
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.querySelectorAll("th[aria-sort]"), function (h) { h.setAttribute("aria-sort", "none"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      sort = { col: parseInt(btn.getAttribute("data-sort"), 10), asc: asc };
      apply();
    });
  });
  apply();
})();

// The print stamp shows the day of printing, not of building.
(function () {
  "use strict";
  function stamp() {
    var d = new Date();
    var iso = d.getFullYear() + "-" + String(d.getMonth() + 1).padStart(2, "0") + "-" + String(d.getDate()).padStart(2, "0");
    Array.prototype.forEach.call(document.querySelectorAll(".print-date"), function (el) { el.textContent = iso; });
    // The print page's per-document footers (print-pages.css) read the date from here.
    document.documentElement.style.setProperty("--qms-print-date", "\"" + iso + "\"");
  }
  window.addEventListener("beforeprint", stamp);
  stamp();
})();

// Search: the box in the top bar (and "/" to focus it), and the full results
// page search.html?q=... The index is loaded the first time search is used,
// as scripts (so it works from file://): search-index.js (documents,
// headings, clauses, body lengths, the keys of the term shards); then, per
// query, the term shards of its words (the postings of every body term,
// computed when the site was built) and the text shards of the documents
// shown (snippets) — never the whole text.
//
// Ranking is BM25F over four fields of a document: its ID, title, headings
// and body (weights ID >> title > headings > body), from term and document
// frequencies and field lengths from the index and the term shards. Query words
// are normalised as the index is: lower case without accents, a light stem
// (plural, -ing, -ed), IDs to letters + number without leading zeros
// ("SOP-004", "sop4", "sop 004" are one word "sop4"). A word also matches
// the words it starts (from 3 letters) and, from 5 letters, words one edit
// away; documents matching more of the query's words come first, then those
// matching exactly before those matching only by a typo, then by score.
(function () {
  "use strict";
  var body = document.body;
  var root = body.getAttribute("data-root") || "";

  // ---- text normalisation (the same for the index and the query) ----

  // Lower case and without accents, keeping the length (positions map back to the text).
  function fold(s) {
    var l = s.toLowerCase();
    if (l.length !== s.length) return l;
    return l.replace(/[\u00c0-\u024f]/g, function (c) {
      var d = c.normalize ? c.normalize("NFD").charAt(0) : c;
      return d || c;
    });
  }
  // Words as the index builder splits them: letters, digits and - . _ inside.
  var WORD_RE = /[\p{L}\p{N}]+(?:[._-]+[\p{L}\p{N}]+)*/gu;
  var CLAUSE_RE = /^\d+(?:\.\d+)*(?:\.[a-z])?$/;
  function idKey(w) {
    return w.replace(/[^\p{L}\p{N}]+/gu, "").replace(/\d+/g, function (n) { return n.replace(/^0+(?=\d)/, ""); });
  }
  function stem(w) {
    if (w.length < 4 || !/^[a-z]+$/.test(w)) return w;
    var s = w;
    if (/ies$/.test(s) && s.length > 4) s = s.slice(0, -3) + "y";
    else if (/sses$/.test(s)) s = s.slice(0, -2);
    else if (/s$/.test(s) && !/(?:ss|us|is)$/.test(s)) s = s.slice(0, -1);
    if (/ied$/.test(s) && s.length > 4) s = s.slice(0, -3) + "y";
    else if (/ing$/.test(s) && s.length >= 6) s = s.slice(0, -3);
    else if (/ed$/.test(s) && s.length >= 5) s = s.slice(0, -2);
    if (/[^e]e$/.test(s) && s.length >= 4) s = s.slice(0, -1);
    if (s.length >= 4 && /([b-df-hj-np-rt-z])\1$/.test(s)) s = s.slice(0, -1);
    return s;
  }
  // The index terms of one (folded) word: a clause number as it is, an ID
  // as its key, other words split at - . _ and stemmed.
  function termsOf(w, out) {
    if (CLAUSE_RE.test(w)) { out.push(w); return; }
    if (/\d/.test(w)) { out.push(/\p{L}/u.test(w) ? idKey(w) : w); return; }
    var parts = w.split(/[._-]+/);
    for (var i = 0; i < parts.length; i++) if (parts[i]) out.push(stem(parts[i]));
  }
  function terms(text) {
    var out = [], m;
    var f = fold(text);
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(f))) termsOf(m[0], out);
    return out;
  }

  // Ignored in a query that has other words ("how do I report a nonconformity").
  var STOP = {};
  ("a about after all also am an and any are as at be been before being but by can could did do does doing for from " +
    "get had has have having he her here his how i if in into is it its me my need no not of on or our please she " +
    "should so some than that the their them then there these they this those to up us was we were what when where " +
    "which while who whom why will with would you your").split(" ").forEach(function (w) { STOP[w] = true; });
  // Words that only say "this is a clause number" next to one.
  var CLAUSE_WORDS = { clause: true, clauses: true, section: true, requirement: true, requirements: true, iso: true, standard: true, "§": true };

  // ---- the index in memory ----

  var K1 = 1.2;
  var W = { title: 8, head: 3, body: 1 };     // field weights
  var B = { title: 0.3, head: 0.5, body: 0.75 }; // length normalisation
  var ID_EXACT = 1000, ID_PREFIX = 2, TAG_EXACT = 400, TAG_CHILD = 250, SECTION_TAG = 150, CLAUSE_PAGE = 2000;
  var OTHER_PAGE = 1;    // clause and view pages: a document with a title only
  var PREFIX_W = 0.8, FUZZY_W = 0.4;

  var ix = null;          // the prepared index
  var started = false;
  var listeners = [];     // called when more of the index has loaded

  function Vocab() { this.ids = new Map(); this.list = []; this.sorted = null; }
  Vocab.prototype.id = function (t) {
    var i = this.ids.get(t);
    if (i === undefined) { i = this.list.length; this.ids.set(t, i); this.list.push(t); this.sorted = null; }
    return i;
  };
  function post(map, id, n) { var p = map[id]; if (!p) map[id] = p = []; p.push(n); }
  // Adds the terms of `list` to postings `to` for item `n`; returns their number.
  function index(list, to, n) {
    var counts = new Map();
    list.forEach(function (t) { var id = ix.vocab.id(t); counts.set(id, (counts.get(id) || 0) + 1); });
    counts.forEach(function (c, id) { post(to, id, n); post(to, id, c); });
    return list.length;
  }

  function prepare(raw) {
    ix = { vocab: new Vocab(), titlePost: [], headPost: [], bodyPost: [], docs: [], sections: [], clauses: [], pages: [],
      clauseIds: {}, standards: [], text: raw.text || [], len: { title: 0, head: 0, body: 0 },
      keys: new Set(raw.tk || []), maxKey: 0, shard: {}, textShard: {} };
    ix.keys.forEach(function (k) { ix.maxKey = Math.max(ix.maxKey, k.length); });
    var heads = raw.heads.map(function (h) { return { anchor: h[0], heading: h[1], tags: h[2].map(fold), terms: terms(h[1]) }; });
    raw.docs.forEach(function (d, n) {
      var doc = { n: n, id: d[0], title: d[1], type: raw.types[d[2]], tags: d[3].map(fold), idKey: idKey(fold(d[0])),
        url: "doc/" + d[0] + ".html", sections: [], len: { title: 0, head: 0, body: (raw.blen && raw.blen[n]) || 0 } };
      doc.len.title = index(terms(d[1]), ix.titlePost, n);
      d[4].forEach(function (h) {
        var head = heads[h], s = ix.sections.length;
        ix.sections.push({ doc: n, anchor: head.anchor, heading: head.heading, tags: head.tags, text: null });
        doc.sections.push(s);
        if (head.anchor) doc.len.head += index(head.terms, ix.headPost, s);
      });
      ix.len.title += doc.len.title;
      ix.len.head += doc.len.head;
      ix.len.body += doc.len.body;
      ix.docs.push(doc);
    });
    (raw.standards || []).forEach(function (st) {
      ix.standards.push(idKey(fold(st[0])), idKey(fold(st[1])));
      st[2].forEach(function (c) {
        ix.clauseIds[fold(c[0])] = true;
        ix.clauses.push({ key: st[0], name: st[1], id: c[0], idF: fold(c[0]), heading: c[1], terms: terms(c[1]),
          url: "clauses/" + st[0] + "/" + c[0] + ".html" });
      });
    });
    ix.pages = raw.pages.map(function (p) { return { title: p[0], url: p[1], terms: terms(p[0]) }; });
    // Words only in clause headings or view titles can still be expanded to,
    // and body words a misspelling may stand for.
    ix.clauses.concat(ix.pages).forEach(function (c) { c.terms.forEach(function (t) { ix.vocab.id(t); }); });
    (raw.w || "").split(" ").forEach(function (t) { if (t) ix.vocab.id(t); });
  }

  // ---- term shards: the body postings, loaded per query ----

  // The characters of a term that name its shard.
  function shardChars(t) {
    return Array.from(t).map(function (c) { return /^[a-z0-9]$/.test(c) ? c : "_"; }).join("");
  }
  // The shard holding term `t`: the longest key starting it.
  function shardOf(t) {
    var m = shardChars(t);
    for (var l = Math.min(m.length, ix.maxKey); l >= 0; l--) if (ix.keys.has(m.slice(0, l))) return m.slice(0, l);
    return null;
  }
  var PREFIX_SHARDS = 8; // at most this many more shards for the words a short prefix starts
  // The shards of the words that `t` starts (beyond its own).
  function shardsUnder(t) {
    var m = shardChars(t), out = [];
    ix.keys.forEach(function (k) { if (k.length > m.length && k.lastIndexOf(m, 0) === 0) out.push(k); });
    return out.sort().slice(0, PREFIX_SHARDS);
  }
  function shardFile(k) { return "search-terms" + (k ? "-" + k : "") + ".js"; }
  function addShard(k, data) {
    Object.keys(data).forEach(function (t) {
      var p = data[t], id = ix.vocab.id(t), s = 0, out = [];
      for (var i = 0; i + 1 < p.length; i += 2) { s += p[i]; out.push(s, p[i + 1]); }
      ix.bodyPost[id] = out;
    });
  }
  var pending = 0;
  function load(file, done) {
    pending++;
    inject(file, function () { pending--; done(); notify(); }, function () { pending--; notify("The search index could not be loaded."); });
  }
  // Loads the shards `keys` not loaded yet; returns whether any is loading.
  function loadShards(keys) {
    var busy = false;
    keys.forEach(function (k) {
      if (k === null || k === undefined) return;
      if (ix.shard[k]) { busy = busy || ix.shard[k] === "loading"; return; }
      ix.shard[k] = "loading";
      busy = true;
      load(shardFile(k), function () {
        var part = window.QMSBOOK_SEARCH_TERMS && window.QMSBOOK_SEARCH_TERMS[k];
        if (part) addShard(k, part);
        ix.shard[k] = "done";
      });
    });
    return busy;
  }
  // Loads what ranking `qs` needs: the shards of its terms, of the words
  // they start and of the words they expand to.
  function needTerms(qs) {
    var keys = [];
    qs.forEach(function (q, k) {
      keys.push(shardOf(q.t));
      if (q.kind === "clause") return;
      var last = k === qs.length - 1;
      if ((/^\p{L}+$/u.test(q.t) && q.t.length >= 3) || (last && q.t.length >= 2 && !CLAUSE_RE.test(q.t))) keys = keys.concat(shardsUnder(q.t));
      expand(q.t, q.raw, last).forEach(function (e) { keys.push(shardOf(ix.vocab.list[e[0]])); });
    });
    return loadShards(keys);
  }

  // ---- text shards: snippets of the documents shown ----

  function textShardOf(s) {
    var lo = 0, hi = ix.text.length - 1;
    while (lo < hi) { var mid = (lo + hi + 1) >> 1; if (ix.text[mid][1] <= s) lo = mid; else hi = mid - 1; }
    return ix.text.length ? lo : -1;
  }
  // Loads the snippets of `entries` not loaded yet.
  function needTexts(entries) {
    entries.forEach(function (e) {
      if (e.kind !== "doc") return;
      var s = e.section >= 0 ? e.section : e.item.sections[0];
      if (s === undefined) return;
      var k = textShardOf(s);
      if (k < 0 || ix.textShard[k]) return;
      ix.textShard[k] = true;
      var shard = ix.text[k];
      load(shard[0], function () {
        var part = window.QMSBOOK_SEARCH_TEXT && window.QMSBOOK_SEARCH_TEXT[k + 1];
        if (!part) return;
        for (var i = 0; i < part.length; i++) { var sec = ix.sections[shard[1] + i]; if (sec) sec.text = part[i]; }
      });
    });
  }

  function inject(file, done, fail) {
    var s = document.createElement("script");
    s.src = root + file;
    s.async = false;
    s.onload = done;
    s.onerror = fail;
    document.head.appendChild(s);
  }
  function notify(err) { if (ix) ix.df = new Map(); listeners.forEach(function (f) { f(err); }); }
  function start() {
    if (started) return;
    started = true;
    inject("search-index.js", function () {
      if (!window.QMSBOOK_SEARCH) { notify("The search index could not be loaded."); return; }
      prepare(window.QMSBOOK_SEARCH);
      notify();
    }, function () { notify("The search index could not be loaded."); });
  }
  function complete() { return ix && pending === 0; }
  // Ranks `q` with what is loaded, loading what it needs (term shards, then
  // the snippets of the first `shown` results); listeners run again as it loads.
  function search(q, shown) {
    needTerms(parse(q));
    var found = rank(q);
    if (complete()) needTexts(found.entries.slice(0, shown));
    return found;
  }

  // ---- the query ----

  // Optimal string alignment distance, only whether it is at most 1.
  function oneEdit(a, b) {
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1 || a === b) return false;
    var i = 0;
    while (i < la && i < lb && a.charAt(i) === b.charAt(i)) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
      return a.charAt(i) === b.charAt(i + 1) && a.charAt(i + 1) === b.charAt(i) && a.slice(i + 2) === b.slice(i + 2);
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function sortedVocab() {
    var v = ix.vocab;
    if (!v.sorted) v.sorted = v.list.slice().sort();
    return v.sorted;
  }
  // The index terms a query term stands for: [term id, weight, kind].
  function expand(t, raw, last) {
    var out = [], v = ix.vocab, id = v.ids.get(t);
    if (id !== undefined) out.push([id, 1, "exact"]);
    var letters = /^\p{L}+$/u.test(t);
    if ((letters && t.length >= 3) || (last && t.length >= 2 && !CLAUSE_RE.test(t))) {
      var s = sortedVocab(), lo = 0, hi = s.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (s[mid] < t) lo = mid + 1; else hi = mid; }
      var more = [];
      for (var i = lo; i < s.length && s[i].lastIndexOf(t, 0) === 0; i++) if (s[i] !== t) more.push(s[i]);
      more.sort(function (a, b) { return a.length - b.length || (a < b ? -1 : 1); });
      more.slice(0, 40).forEach(function (x) { out.push([v.ids.get(x), PREFIX_W, "prefix"]); });
    }
    if (letters && raw.length >= 5) {
      v.list.forEach(function (x, xid) { if (oneEdit(t, x) && x.lastIndexOf(t, 0) !== 0) out.push([xid, FUZZY_W, "fuzzy"]); });
    }
    return out;
  }

  // The query's terms: [{ kind: "word" | "id" | "clause", t, raw }].
  function parse(query) {
    var f = fold(query), raw = [], m;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(f))) raw.push(m[0]);
    var docKeys = ix.docs.map(function (d) { return d.idKey; });
    function idMatch(key) { return docKeys.some(function (k) { return k === key || (k.lastIndexOf(key, 0) === 0 && /\d/.test(key)); }); }
    var out = [];
    for (var i = 0; i < raw.length; i++) {
      var w = raw[i];
      // "sop 004": letters then a number, when that is (the start of) an ID.
      if (/^\p{L}+$/u.test(w) && i + 1 < raw.length && /^\d+$/.test(raw[i + 1]) && idMatch(idKey(w + raw[i + 1]))) {
        out.push({ kind: "id", t: idKey(w + raw[i + 1]), raw: w + raw[i + 1] });
        i++;
        continue;
      }
      if (CLAUSE_RE.test(w) && ix.clauseIds[w]) { out.push({ kind: "clause", t: w, raw: w }); continue; }
      if (/\d/.test(w) && /\p{L}/u.test(w) && !CLAUSE_RE.test(w)) { out.push({ kind: idMatch(idKey(w)) ? "id" : "word", t: idKey(w), raw: w }); continue; }
      var ts = [];
      termsOf(w, ts);
      var parts = /\d/.test(w) ? [w] : w.split(/[._-]+/).filter(Boolean);
      ts.forEach(function (t, k) { out.push({ kind: "word", t: t, raw: parts[k] || w }); });
    }
    // Next to a clause number, "clause", "ISO 9001" and the like say only that.
    if (out.some(function (q) { return q.kind === "clause"; })) {
      out = out.filter(function (q) {
        if (q.kind === "clause") return true;
        if (CLAUSE_WORDS[q.raw]) return false;
        var k = idKey(q.raw);
        return !(k.length >= 3 && ix.standards.some(function (s) { return s.indexOf(k) >= 0; }));
      });
    }
    var content = out.filter(function (q) { return q.kind !== "word" || !STOP[q.raw]; });
    if (content.length) out = content;
    var seen = {};
    return out.filter(function (q) { var k = q.kind + ":" + q.t; if (seen[k]) return false; seen[k] = true; return true; });
  }

  // Documents containing term `id` in any field.
  function df(id) {
    var n = ix.df.get(id);
    if (n !== undefined) return n;
    var docs = new Set(), p, i;
    if ((p = ix.titlePost[id])) for (i = 0; i < p.length; i += 2) docs.add(p[i]);
    if ((p = ix.headPost[id])) for (i = 0; i < p.length; i += 2) docs.add(ix.sections[p[i]].doc);
    if ((p = ix.bodyPost[id])) for (i = 0; i < p.length; i += 2) docs.add(ix.sections[p[i]].doc);
    ix.df.set(id, docs.size);
    return docs.size;
  }
  function idf(id) { var N = ix.docs.length, n = df(id); return Math.log(1 + (N - n + 0.5) / (n + 0.5)); }
  function norm(field, len) {
    var avg = ix.len[field] / Math.max(1, ix.docs.length) || 1;
    return 1 - B[field] + B[field] * len / avg;
  }
  function tagMatch(tags, c) {
    var best = 0;
    for (var i = 0; i < tags.length; i++) {
      var t = tags[i], x = t.indexOf(":") >= 0 ? t.slice(t.indexOf(":") + 1) : t;
      if (x === c) return 2;
      if (x.lastIndexOf(c + ".", 0) === 0) best = 1;
    }
    return best;
  }
  // A page that is not a document (clause, view) scored as a document with
  // only a title: { score, fuzzy } when every word matches, else null.
  function titleOnly(termList, qs, exps) {
    var score = 0, fuzzy = 0;
    for (var k = 0; k < qs.length; k++) {
      var best = 0, kind = "";
      exps[k].forEach(function (e) {
        var tf = 0;
        for (var i = 0; i < termList.length; i++) if (ix.vocab.ids.get(termList[i]) === e[0]) tf++;
        if (!tf) return;
        var x = W.title * tf / norm("title", termList.length);
        var s = e[1] * idf(e[0]) * x / (K1 + x);
        if (s > best) { best = s; kind = e[2]; }
      });
      if (!best) return null;
      score += best;
      if (kind === "fuzzy") fuzzy++;
    }
    return { score: OTHER_PAGE * score, fuzzy: fuzzy };
  }

  // Ranks everything for `query`: { entries, highlight: Set of terms }.
  function rank(query) {
    var qs = parse(query);
    var found = { entries: [], highlight: new Set(), terms: qs };
    if (!qs.length) return found;
    var exps = qs.map(function (q, k) { return q.kind === "clause" ? [[ix.vocab.ids.get(q.t), 1, "exact"]].filter(function (e) { return e[0] !== undefined; }) : expand(q.t, q.raw, k === qs.length - 1); });
    var n = qs.length, need = Math.max(1, Math.ceil(n / 2));
    // Per document and query term: [tf title, tf head, tf body] per expansion, and per section.
    var hits = new Map();
    function hit(doc) { var h = hits.get(doc); if (!h) hits.set(doc, h = { tf: {}, sec: new Map() }); return h; }
    exps.forEach(function (list, k) {
      list.forEach(function (e, j) {
        var key = k + "/" + j, p, i;
        function add(doc, f, c, s) {
          var h = hit(doc), a = h.tf[key] || (h.tf[key] = [0, 0, 0]);
          a[f] += c;
          if (s !== undefined) {
            var sc = h.sec.get(s) || 0;
            h.sec.set(s, sc + e[1] * idf(e[0]) * (f === 1 ? W.head : 1) * c / (c + K1));
          }
        }
        if ((p = ix.titlePost[e[0]])) for (i = 0; i < p.length; i += 2) add(p[i], 0, p[i + 1]);
        if ((p = ix.headPost[e[0]])) for (i = 0; i < p.length; i += 2) add(ix.sections[p[i]].doc, 1, p[i + 1], p[i]);
        if ((p = ix.bodyPost[e[0]])) for (i = 0; i < p.length; i += 2) add(ix.sections[p[i]].doc, 2, p[i + 1], p[i]);
      });
    });
    // IDs and clause tags.
    qs.forEach(function (q) {
      if (q.kind === "clause") {
        ix.docs.forEach(function (d) {
          var own = tagMatch(d.tags, q.t), best = -1;
          d.sections.forEach(function (s) { if (ix.sections[s].anchor && tagMatch(ix.sections[s].tags, q.t)) { best = s; } });
          if (own || best >= 0) { var h = hit(d.n); if (best >= 0) h.sec.set(best, (h.sec.get(best) || 0) + 1000); }
        });
      } else if (/\d/.test(q.t) || (/^\p{L}+$/u.test(q.t) && q.t.length >= 2)) {
        ix.docs.forEach(function (d) { if (d.idKey === q.t || (d.idKey.lastIndexOf(q.t, 0) === 0 && /\d/.test(d.idKey.charAt(q.t.length)))) hit(d.n); });
      }
    });

    var out = [];
    hits.forEach(function (h, doc) {
      var d = ix.docs[doc], score = 0, matched = 0, fuzzy = 0, titleAll = true;
      qs.forEach(function (q, k) {
        var best = 0, kind = "", inTitle = false;
        exps[k].forEach(function (e, j) {
          var a = h.tf[k + "/" + j];
          if (!a) return;
          var x = W.title * a[0] / norm("title", d.len.title) + W.head * a[1] / norm("head", d.len.head) + W.body * a[2] / norm("body", d.len.body);
          var s = e[1] * idf(e[0]) * x / (K1 + x);
          if (s > best) { best = s; kind = e[2]; }
          if (a[0]) inTitle = true;
        });
        if (q.kind === "id" || (q.kind === "word" && /\d/.test(d.idKey))) {
          if (d.idKey === q.t) { best += ID_EXACT; kind = "exact"; inTitle = true; }
          else if (d.idKey.lastIndexOf(q.t, 0) === 0 && /\d/.test(d.idKey.charAt(q.t.length))) { best += ID_PREFIX; kind = kind || "prefix"; inTitle = true; }
        }
        if (q.kind === "clause") {
          var tm = tagMatch(d.tags, q.t);
          var st = 0;
          d.sections.forEach(function (s) { if (ix.sections[s].anchor && tagMatch(ix.sections[s].tags, q.t)) st = SECTION_TAG; });
          var add = tm === 2 ? TAG_EXACT : tm === 1 ? TAG_CHILD : st;
          if (add) { best += add; kind = "exact"; inTitle = inTitle || tm > 0; }
        }
        if (best > 0) { score += best; matched++; if (kind === "fuzzy") fuzzy++; }
        if (!inTitle) titleAll = false;
      });
      if (matched < need) return;
      // The section to open and quote: the best matching one.
      var sec = -1, secScore = 0;
      h.sec.forEach(function (v, s) { if (v > secScore || (v === secScore && s < sec)) { sec = s; secScore = v; } });
      out.push({ kind: "doc", item: d, order: doc, score: score, matched: matched, fuzzy: fuzzy,
        section: sec, anchor: sec >= 0 && !titleAll ? ix.sections[sec].anchor : "" });
    });

    // Clause pages: by number first of all, else by heading.
    ix.clauses.forEach(function (c, i) {
      var score = 0, matched = 0, fuzzy = 0;
      var words = [], wexps = [];
      qs.forEach(function (q, k) {
        if (q.kind === "clause") { if (c.idF === q.t) { score += CLAUSE_PAGE; matched++; } }
        else { words.push(q); wexps.push(exps[k]); }
      });
      if (words.length) {
        var s = titleOnly(c.terms, words, wexps);
        if (s) { score += s.score; matched += words.length; fuzzy = s.fuzzy; }
      }
      if (matched === n || (matched && score >= CLAUSE_PAGE && matched >= need)) out.push({ kind: "clause", item: c, order: i, score: score, matched: matched, fuzzy: fuzzy });
    });
    ix.pages.forEach(function (p, i) {
      var s = qs.some(function (q) { return q.kind !== "word"; }) ? null : titleOnly(p.terms, qs, exps);
      if (s) out.push({ kind: "page", item: p, order: i, score: s.score, matched: n, fuzzy: s.fuzzy });
    });

    var KIND = { clause: 0, doc: 1, page: 2 };
    out.sort(function (a, b) {
      return b.matched - a.matched || a.fuzzy - b.fuzzy || b.score - a.score || KIND[a.kind] - KIND[b.kind] || a.order - b.order;
    });
    exps.forEach(function (list) { list.forEach(function (e) { found.highlight.add(ix.vocab.list[e[0]]); }); });
    qs.forEach(function (q) { found.highlight.add(q.t); });
    found.entries = out;
    return found;
  }

  // ---- showing results ----

  // A short extract of `text` around the first match, with every match marked.
  function snippet(text, highlight, cls) {
    if (!text) return null;
    var f = fold(text), marks = [], m;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(f))) {
      var ts = [];
      termsOf(m[0], ts);
      if (ts.some(function (t) { return highlight.has(t); })) marks.push([m.index, m.index + m[0].length]);
    }
    var first = marks.length ? marks[0][0] : 0;
    var from = 0;
    if (first > 60) { from = text.lastIndexOf(" ", first - 50); from = from < 0 ? 0 : from + 1; }
    var to = Math.min(text.length, from + 180);
    if (to < text.length) { var sp = text.indexOf(" ", to); to = sp < 0 || sp - to > 30 ? to : sp; }
    var el = document.createElement(cls === "p" ? "p" : "span");
    el.className = "search-snippet";
    if (from > 0) el.appendChild(document.createTextNode("… "));
    var at = from;
    marks.forEach(function (mk) {
      if (mk[0] < at || mk[1] > to) return;
      el.appendChild(document.createTextNode(text.slice(at, mk[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(mk[0], mk[1]);
      el.appendChild(mark);
      at = mk[1];
    });
    el.appendChild(document.createTextNode(text.slice(at, to)));
    if (to < text.length) el.appendChild(document.createTextNode(" …"));
    return el;
  }
  function line(cls, parts) {
    var el = document.createElement("span");
    el.className = cls;
    parts.forEach(function (p) { el.appendChild(typeof p === "string" ? document.createTextNode(p) : p); });
    return el;
  }
  // `text` with the words of `highlight` marked, as a fragment.
  function marked(text, highlight) {
    var frag = document.createDocumentFragment(), f = fold(text), m, at = 0;
    WORD_RE.lastIndex = 0;
    while ((m = WORD_RE.exec(f))) {
      var ts = [];
      termsOf(m[0], ts);
      if (!ts.some(function (t) { return highlight.has(t); })) continue;
      frag.appendChild(document.createTextNode(text.slice(at, m.index)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m.index, m.index + m[0].length);
      frag.appendChild(mark);
      at = m.index + m[0].length;
    }
    frag.appendChild(document.createTextNode(text.slice(at)));
    return frag;
  }
  function idSpan(text) { var s = document.createElement("span"); s.className = "doc-id"; s.textContent = text; return s; }
  // Fills link `a` for result `e`; `block` makes the snippet a paragraph (results page).
  function fill(a, e, found, block) {
    var it = e.item;
    if (e.kind === "clause") {
      a.href = root + it.url;
      a.appendChild(line("search-title", [idSpan(it.id), " ", marked(it.heading, found.highlight)]));
      a.appendChild(line("search-where", ["Clause page · " + it.name]));
      return null;
    }
    if (e.kind === "page") {
      a.href = root + it.url;
      a.appendChild(line("search-title", [marked(it.title, found.highlight)]));
      a.appendChild(line("search-where", ["Handbook view"]));
      return null;
    }
    a.href = root + it.url + (e.anchor ? "#" + e.anchor : "");
    a.appendChild(line("search-title", [idSpan(it.id), " ", marked(it.title, found.highlight)]));
    var sec = e.section >= 0 ? ix.sections[e.section] : ix.sections[it.sections[0]];
    if (e.anchor) a.appendChild(line("search-where", [it.type + " · § ", marked(sec.heading, found.highlight)]));
    else a.appendChild(line("search-where", [it.type + (it.tags.length ? " · clauses " + it.tags.join(", ") : "")]));
    return sec ? snippet(sec.text, found.highlight, block ? "p" : "span") : null;
  }
  function resultsUrl(q) { return root + "search.html?q=" + encodeURIComponent(q.trim()); }

  // ---- the search box (ARIA combobox) ----
  (function () {
    var box = document.getElementById("search");
    var input = document.getElementById("search-input");
    var list = document.getElementById("search-results");
    var status = document.getElementById("search-status");
    if (!box || !input || !list) return;
    box.hidden = false;
    var SHOWN = 8;
    var results = [], active = -1, timer = 0;
    function say(msg) { if (status) status.textContent = msg; }

    function render(found, q) {
      list.textContent = "";
      results = [];
      active = -1;
      input.removeAttribute("aria-activedescendant");
      found.entries.slice(0, SHOWN).forEach(function (e, n) {
        var a = document.createElement("a");
        a.id = "search-result-" + n;
        a.setAttribute("role", "option");
        a.setAttribute("aria-selected", "false");
        a.tabIndex = -1;
        a.className = "search-result search-" + e.kind;
        var sn = fill(a, e, found, false);
        if (sn) a.appendChild(sn);
        results.push(a);
        list.appendChild(a);
      });
      if (found.entries.length) {
        var all = document.createElement("a");
        all.id = "search-result-all";
        all.setAttribute("role", "option");
        all.setAttribute("aria-selected", "false");
        all.tabIndex = -1;
        all.className = "search-result search-all";
        all.href = resultsUrl(q);
        all.textContent = "See all " + found.entries.length + (found.entries.length === 1 ? " result" : " results") + " →";
        results.push(all);
        list.appendChild(all);
      }
    }
    function open(show) {
      list.hidden = !show;
      input.setAttribute("aria-expanded", show ? "true" : "false");
    }
    function update(err) {
      if (typeof err === "string") { say(err); return; }
      var q = input.value;
      if (!q.trim()) { list.textContent = ""; results = []; open(false); say(""); return; }
      if (!ix) { say("Loading the search index…"); return; }
      var found = search(q, SHOWN);
      render(found, q);
      if (!found.entries.length) {
        var none = document.createElement("p");
        none.className = "search-none";
        none.textContent = "No results for “" + q.trim() + "”.";
        list.appendChild(none);
      }
      list.setAttribute("data-query", q);
      open(true);
      var n = found.entries.length;
      say(n + (n === 1 ? " result" : " results") + (complete() ? "" : " (still loading the full text)"));
    }
    // More of the index loaded: refresh the list the user is looking at, and only that.
    listeners.push(function (err) { if (document.activeElement === input || !list.hidden) update(err); });
    function select(n) {
      if (!results.length) return;
      if (active >= 0 && results[active]) results[active].setAttribute("aria-selected", "false");
      active = (n + results.length) % results.length;
      var a = results[active];
      a.setAttribute("aria-selected", "true");
      input.setAttribute("aria-activedescendant", a.id);
      if (a.scrollIntoView) a.scrollIntoView({ block: "nearest" });
    }
    input.addEventListener("focus", start);
    input.addEventListener("input", function () {
      start();
      clearTimeout(timer);
      timer = setTimeout(update, ix && ix.sections.length > 20000 ? 120 : 30);
    });
    input.addEventListener("keydown", function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) update(); select(active + 1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
      else if (e.key === "Enter") {
        e.preventDefault();
        clearTimeout(timer);
        var a = !list.hidden && active >= 0 ? results[active] : null;
        if (a) { open(false); window.location.href = a.href; }
        else if (input.value.trim()) window.location.href = resultsUrl(input.value);
      } else if (e.key === "Escape") {
        if (!list.hidden) { e.preventDefault(); open(false); }
        else if (input.value) { input.value = ""; update(); }
      }
    });
    document.addEventListener("click", function (e) { if (!box.contains(e.target)) open(false); });
    input.addEventListener("click", function () { if (input.value.trim() && results.length) open(true); });
    document.addEventListener("keydown", function (e) {
      if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
      var t = e.target, tag = t && t.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
      e.preventDefault();
      input.focus();
      input.select();
    });
  })();

  // ---- the full results page, search.html?q=... ----
  (function () {
    var ol = document.getElementById("search-page-results");
    var form = document.getElementById("search-page-form");
    var field = document.getElementById("search-page-input");
    var status = document.getElementById("search-page-status");
    if (!ol || !field) return;
    var q = "";
    try { q = new URLSearchParams(window.location.search).get("q") || ""; } catch (err) { q = ""; }
    field.value = q;
    if (form) form.addEventListener("submit", function (e) {
      e.preventDefault();
      window.location.href = resultsUrl(field.value);
    });
    if (!q.trim()) { status.textContent = "Type what you are looking for: a document ID, a clause number or words."; return; }
    status.textContent = "Searching…";
    // Results come 50 at a time: each more loads only the snippets it shows.
    var STEP = 50, limit = STEP;
    var more = document.createElement("button");
    more.type = "button";
    more.className = "search-page-more";
    more.hidden = true;
    more.addEventListener("click", function () { limit += STEP; show(); });
    ol.parentNode.insertBefore(more, ol.nextSibling);
    function show(err) {
      if (typeof err === "string") { status.textContent = err; return; }
      if (!ix) return;
      var found = search(q, limit);
      ol.textContent = "";
      found.entries.slice(0, limit).forEach(function (e) {
        var li = document.createElement("li");
        li.className = "search-page-result search-" + e.kind;
        var a = document.createElement("a");
        var sn = fill(a, e, found, true);
        li.appendChild(a);
        if (sn) li.appendChild(sn);
        ol.appendChild(li);
      });
      ol.hidden = !found.entries.length;
      var n = found.entries.length;
      status.textContent = (n ? n + (n === 1 ? " result" : " results") : "No results") + " for “" + q.trim() + "”" +
        (n > limit ? ", the first " + limit + " shown" : "") + (complete() ? "." : " (still loading the full text…)");
      more.hidden = !(n > limit);
      more.textContent = "Show " + Math.min(STEP, n - limit) + " more results";
      if (complete()) ol.setAttribute("data-query", q); else ol.removeAttribute("data-query");
      document.title = "Search: " + q.trim() + " · " + document.title.replace(/^Search(: .*?)? · /, "");
    }
    listeners.push(show);
    start();
  })();
})();

// ==== Reader conveniences (issue 15): theme switch, "On this page" marker,
// matrix compact view, grid scroll cue. Each works on its own and the page
// works without it. ====

// Theme switch: automatic (the system's) → light → dark, remembered in
// localStorage. The inline script in <head> applies the stored choice before
// the first paint; this wires the button and keeps other tabs in step.
(function () {
  "use strict";
  var KEY = "qmsbook-theme";
  var button = document.getElementById("theme-toggle");
  var html = document.documentElement;
  var ORDER = ["auto", "light", "dark"];
  var ICON = { auto: "◐", light: "☀", dark: "☾" };
  var WORDS = { auto: "automatic (as the system)", light: "light", dark: "dark" };
  function stored() {
    try { var t = localStorage.getItem(KEY); return t === "light" || t === "dark" ? t : "auto"; } catch (e) { return "auto"; }
  }
  function apply(t) {
    if (t === "auto") html.removeAttribute("data-theme"); else html.setAttribute("data-theme", t);
    if (!button) return;
    var next = ORDER[(ORDER.indexOf(t) + 1) % ORDER.length];
    button.setAttribute("data-theme-choice", t);
    button.querySelector(".theme-icon").textContent = ICON[t];
    button.querySelector(".theme-label").textContent = "Colour theme: " + WORDS[t] + ". Switch to " + WORDS[next] + ".";
    button.title = "Colour theme: " + WORDS[t] + " (click for " + WORDS[next] + ")";
  }
  var choice = stored();
  apply(choice);
  if (button) {
    button.hidden = false;
    button.addEventListener("click", function () {
      choice = ORDER[(ORDER.indexOf(choice) + 1) % ORDER.length];
      try { if (choice === "auto") localStorage.removeItem(KEY); else localStorage.setItem(KEY, choice); } catch (e) { /* storage blocked: this page only */ }
      apply(choice);
    });
  }
  window.addEventListener("storage", function (e) { if (e.key === KEY || e.key === null) { choice = stored(); apply(choice); } });
})();

// "On this page": marks the section being read (aria-current), from the
// headings' positions whenever one crosses the upper part of the window.
(function () {
  "use strict";
  var toc = document.querySelector(".toc");
  if (!toc || !("IntersectionObserver" in window)) return;
  var links = Array.prototype.slice.call(toc.querySelectorAll('a[href^="#"]'));
  var pairs = [];
  links.forEach(function (a) {
    var h = document.getElementById(decodeURIComponent(a.getAttribute("href").slice(1)));
    if (h) pairs.push([h, a]);
  });
  if (!pairs.length) return;
  var current = null;
  function update() {
    var line = Math.min(window.innerHeight * 0.3, 220);
    var pick = null;
    for (var i = 0; i < pairs.length; i++) {
      if (pairs[i][0].getBoundingClientRect().top <= line) pick = pairs[i];
      else break;
    }
    // At the very end of the page the last heading may never reach the line.
    var end = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
    if (end) {
      for (var k = pairs.length - 1; k >= 0; k--) {
        if (pairs[k][0].getBoundingClientRect().top < window.innerHeight) { pick = pairs[k]; break; }
      }
    }
    var a = pick ? pick[1] : null;
    if (a === current) return;
    if (current) current.removeAttribute("aria-current");
    if (a) a.setAttribute("aria-current", "location");
    current = a;
  }
  var thresholds = [];
  for (var t = 0; t <= 10; t++) thresholds.push(t / 10);
  var io = new IntersectionObserver(update, { threshold: thresholds, rootMargin: "0px 0px -40% 0px" });
  pairs.forEach(function (p) { io.observe(p[0]); });
  // The last sections can be shorter than the window: re-check when the end is reached.
  var endObserver = new IntersectionObserver(update);
  var foot = document.querySelector(".site-footer");
  if (foot) endObserver.observe(foot);
  window.addEventListener("hashchange", function () { setTimeout(update, 0); });
  update();
})();

// Coverage matrix: the compact view folds the sub-clauses of parents at
// data-compact-level and deeper; each parent row has a button, and a link to
// a folded row (#c-7.1.5.2) opens its parents. Without the script, and on
// paper, every row is shown.
(function () {
  "use strict";
  var table = document.getElementById("matrix-table");
  if (!table || !table.tBodies[0]) return;
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var byId = {};
  rows.forEach(function (r) { byId[r.id] = r; });
  var compactLevel = parseInt(table.getAttribute("data-compact-level"), 10) || 2;
  var controls = document.getElementById("matrix-controls");

  function toggleOf(r) { return r.querySelector(".row-toggle"); }
  function setOpen(r, open) {
    var b = toggleOf(r);
    if (!b) return;
    r.classList.toggle("collapsed", !open);
    b.setAttribute("aria-expanded", open ? "true" : "false");
  }
  // Rows come in catalog order, parents first.
  function refresh() {
    rows.forEach(function (r) {
      var p = byId[r.getAttribute("data-parent")];
      var hidden = !!p && (p.classList.contains("row-hidden") || p.classList.contains("collapsed"));
      r.classList.toggle("row-hidden", hidden);
    });
  }
  // Long document lists show their first entries and "and N more".
  function compact() {
    rows.forEach(function (r) { setOpen(r, parseInt(r.getAttribute("data-level"), 10) < compactLevel); r.classList.remove("docs-open"); });
    table.classList.add("docs-folded");
    refresh();
  }
  function expandAll() { rows.forEach(function (r) { setOpen(r, true); }); table.classList.remove("docs-folded"); refresh(); }
  Array.prototype.forEach.call(table.querySelectorAll(".docs-more-button"), function (b) {
    b.hidden = false;
    b.addEventListener("click", function () {
      var r = b.closest("tr");
      r.classList.add("docs-open");
      var next = r.querySelector(".doc-extra a");
      if (next) next.focus();
    });
  });
  function reveal(id) {
    var r = byId[id];
    if (!r) return false;
    var p = byId[r.getAttribute("data-parent")];
    while (p) { setOpen(p, true); p = byId[p.getAttribute("data-parent")]; }
    refresh();
    return true;
  }
  rows.forEach(function (r) {
    var b = toggleOf(r);
    if (!b) return;
    b.hidden = false;
    b.addEventListener("click", function () {
      setOpen(r, b.getAttribute("aria-expanded") !== "true");
      refresh();
    });
  });
  if (controls) {
    controls.hidden = false;
    controls.addEventListener("click", function (e) {
      var v = e.target.closest && e.target.closest("[data-matrix-view]");
      if (!v) return;
      if (v.getAttribute("data-matrix-view") === "full") expandAll(); else compact();
    });
  }
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    if (id && reveal(id)) byId[id].scrollIntoView({ block: "center" });
  }
  compact();
  fromHash();
  window.addEventListener("hashchange", fromHash);
})();

// Cross-reference grid: a shadow and a hint while there is more to the
// right, a shadow on the document column once scrolled.
(function () {
  "use strict";
  var frame = document.getElementById("grid-frame");
  var wrap = frame && frame.querySelector(".grid-wrap");
  var hint = document.getElementById("grid-hint");
  if (!wrap) return;
  function update() {
    var more = wrap.scrollWidth - wrap.clientWidth - wrap.scrollLeft > 1;
    frame.classList.toggle("more-right", more);
    frame.classList.toggle("scrolled", wrap.scrollLeft > 0);
    if (hint) hint.hidden = wrap.scrollWidth <= wrap.clientWidth + 1;
  }
  wrap.addEventListener("scroll", update, { passive: true });
  window.addEventListener("resize", update);
  update();
})();

// Tables wider than the page column scroll inside their box (.table-wrap);
// such a box can be focused to scroll it with the keyboard, and is named
// after its table. Re-checked when the window changes size.
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".table-wrap");
  if (!boxes.length) return;
  function name(box) {
    var caption = box.querySelector("caption");
    var text = caption ? caption.textContent.trim() : "";
    return (text || "Table") + " (scrolls sideways)";
  }
  function mark() {
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("tabindex")) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", name(box));
      } else if (!scrolls && box.getAttribute("role") === "region") {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    }
  }
  window.addEventListener("resize", mark);
  mark();
})();
