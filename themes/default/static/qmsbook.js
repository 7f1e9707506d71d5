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
    if (currentLink && currentLink.scrollIntoView) {
      currentLink.scrollIntoView({ block: "nearest" });
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
  if (!table || !form) return;
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

// Search: the box in the top bar (and "/" to focus it). The index is loaded
// the first time search is used, as scripts (so it works from file://):
// search-index.js (documents, headings, clauses), then the text shards.
(function () {
  "use strict";
  var box = document.getElementById("search");
  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!box || !input || !list) return;
  var root = document.body.getAttribute("data-root") || "";
  box.hidden = false;

  var index = null;       // window.QMSBOOK_SEARCH, prepared
  var texts = [];         // per section: { t: text, f: folded text, m: folded extra words }
  var started = false;
  var results = [];
  var active = -1;
  var timer = 0;
  var MAX_RESULTS = 40;
  var PER_DOC = 3;

  // Lower case and without accents, keeping the length (positions map back to the text).
  function fold(s) {
    var l = s.toLowerCase();
    if (l.length !== s.length) return l;
    return l.replace(/[\u00c0-\u024f]/g, function (c) {
      var d = c.normalize ? c.normalize("NFD").charAt(0) : c;
      return d || c;
    });
  }
  var WORD = /[0-9a-z\u00c0-\u024f\u0370-\u1fff\u2c00-\uffef]/;
  function boundary(s, i) { return i === 0 || !WORD.test(s.charAt(i - 1)); }
  // First position of `t` at the start of a word in `s`, or -1.
  function find(s, t, from) {
    var i = s.indexOf(t, from || 0);
    while (i >= 0 && !boundary(s, i)) i = s.indexOf(t, i + 1);
    return i;
  }
  function count(s, t, max) {
    var n = 0, i = find(s, t, 0);
    while (i >= 0 && n < max) { n++; i = find(s, t, i + t.length); }
    return n;
  }
  // A light stem for word terms: "approves" finds "approved", "changes" finds "change".
  var SUFFIXES = ["ations", "ation", "ings", "ing", "ies", "ied", "es", "ed", "s"];
  function stem(t) {
    if (!/^[a-z]+$/.test(t) || t.length < 5) return t;
    for (var i = 0; i < SUFFIXES.length; i++) {
      var x = SUFFIXES[i];
      if (t.length - x.length >= 4 && t.slice(-x.length) === x) return t.slice(0, -x.length);
    }
    return t;
  }
  function clauseId(tag) { var i = tag.indexOf(":"); return i >= 0 ? tag.slice(i + 1) : tag; }
  function tagScore(tags, t, exact, prefix) {
    var best = 0;
    for (var i = 0; i < tags.length; i++) {
      var c = clauseId(tags[i]);
      if (c === t) return exact;
      if (c.indexOf(t + ".") === 0) best = prefix;
    }
    return best;
  }

  function prepare(raw) {
    var heads = raw.heads.map(function (h) { return { anchor: h[0], heading: h[1], headingF: fold(h[1]), tags: h[2].map(fold) }; });
    var sections = [];
    var docs = raw.docs.map(function (d, n) {
      d[4].forEach(function (h) {
        var head = heads[h];
        sections.push({ doc: n, anchor: head.anchor, heading: head.heading, headingF: head.headingF, tags: head.tags });
      });
      return { id: d[0], title: d[1], type: raw.types[d[2]], tags: d[3].map(fold), idF: fold(d[0]), titleF: fold(d[1]), url: "doc/" + d[0] + ".html" };
    });
    index = {
      docs: docs,
      sections: sections,
      clauses: raw.clauses.map(function (c) {
        return { name: c[1], id: c[2], heading: c[3], idF: fold(c[2]), headingF: fold(c[3]), url: c[4] };
      }),
      pages: raw.pages.map(function (p) { return { title: p[0], titleF: fold(p[0]), url: p[1] }; }),
      text: raw.text || []
    };
  }

  function inject(file, done) {
    var s = document.createElement("script");
    s.src = root + file;
    s.onload = done;
    s.onerror = function () { say("The search index could not be loaded."); };
    document.head.appendChild(s);
  }

  function start() {
    if (started) return;
    started = true;
    inject("search-index.js", function () {
      if (!window.QMSBOOK_SEARCH) return;
      prepare(window.QMSBOOK_SEARCH);
      search();
      index.text.forEach(function (shard, k) {
        inject(shard[0], function () {
          var part = window.QMSBOOK_SEARCH_TEXT && window.QMSBOOK_SEARCH_TEXT[k + 1];
          if (!part) return;
          for (var i = 0; i < part.length; i++) {
            var e = part[i];
            var t = typeof e === "string" ? e : e[0];
            texts[shard[1] + i] = { t: t, f: fold(t), m: typeof e === "string" ? "" : e[1] };
          }
          search();
        });
      });
    });
  }

  function say(msg) { if (status) status.textContent = msg; }

  // Scores every entry; returns the best, most terms matched first.
  function rank(query) {
    var q = fold(query).trim();
    var terms = [];
    q.split(/\s+/).forEach(function (t) {
      t = t.replace(/^[^0-9a-z\u00c0-\uffef]+|[^0-9a-z\u00c0-\uffef]+$/g, "");
      if (t && terms.indexOf(t) < 0) terms.push(t);
    });
    if (!terms.length) return [];
    var stems = terms.map(stem);
    var n = terms.length;
    var need = n <= 2 ? n : n - Math.floor(n / 3);
    var out = [];
    function add(entry, score, matched) {
      if (matched >= need && score > 0) { entry.score = score; entry.matched = matched; out.push(entry); }
    }
    var whole = q.replace(/\s+/g, " ");

    index.clauses.forEach(function (c, i) {
      var score = 0, matched = 0;
      if (c.idF === whole) { score = 5000; matched = n; }
      else terms.forEach(function (t, k) {
        var s = 0;
        if (c.idF === t) s = 2000;
        else if (/^[0-9]/.test(t) && c.idF.indexOf(t + ".") === 0) s = 300 - c.idF.length;
        else if (find(c.headingF, stems[k]) >= 0) s = 40;
        if (s) { score += s; matched++; }
      });
      add({ kind: "clause", order: i, item: c }, score, matched);
    });

    index.pages.forEach(function (p, i) {
      var score = 0, matched = 0;
      stems.forEach(function (t) { if (find(p.titleF, t) >= 0) { score += 90; matched++; } });
      add({ kind: "page", order: i, item: p }, score, matched);
    });

    var docHits = index.docs.map(function (d) {
      var per = terms.map(function (t, k) {
        if (d.idF === t || d.idF === whole) return 3000;
        var s = tagScore(d.tags, t, 1200, 150);
        if (d.titleF === t) return Math.max(s, 130);
        if (find(d.titleF, t) >= 0) s = Math.max(s, 120);
        else if (find(d.titleF, stems[k]) >= 0) s = Math.max(s, 100);
        if (t.length >= 2 && d.idF.indexOf(t) === 0) s = Math.max(s, 300);
        else if (t.length >= 2 && find(d.idF, t) >= 0) s = Math.max(s, 250);
        return s;
      });
      var score = 0, matched = 0;
      per.forEach(function (s) { if (s) { score += s; matched++; } });
      return { per: per, score: score, matched: matched };
    });
    docHits.forEach(function (h, i) {
      add({ kind: "doc", order: i, doc: i, item: index.docs[i], sectionOrder: -1 }, h.score, h.matched);
    });

    var bodyHits = {}, sectionHits = [];
    index.sections.forEach(function (s, i) {
      var tx = texts[i];
      var doc = docHits[s.doc];
      var score = 0, matched = 0, own = 0;
      terms.forEach(function (t, k) {
        var st = stems[k], best = 0;
        if (s.anchor) {
          best = tagScore(s.tags, t, 1500, 200);
          if (find(s.headingF, st) >= 0) best = Math.max(best, 60);
        }
        if (tx) {
          var c = count(tx.f, st, 6);
          if (!c && tx.m && find(tx.m, st) >= 0) c = 1;
          if (c) best = Math.max(best, 8 + 3 * c);
        }
        if (best) own++;
        // The document's ID and title put the section in context.
        if (!best && doc.per[k]) best = 5;
        if (best) { score += best; matched++; }
      });
      if (own) {
        bodyHits[s.doc] = (bodyHits[s.doc] || 0) + 1;
        sectionHits.push([{ kind: "section", order: i, doc: s.doc, item: s, sectionOrder: i }, score, matched]);
      }
    });
    // A document that matches in many sections is about the query: its sections rank higher.
    sectionHits.forEach(function (h) { add(h[0], h[1] + Math.min(12, 3 * (bodyHits[h[0].doc] - 1)), h[2]); });

    out.sort(function (a, b) {
      return b.matched - a.matched || b.score - a.score ||
        (a.doc === undefined ? -1 : a.doc) - (b.doc === undefined ? -1 : b.doc) ||
        a.kind.localeCompare(b.kind) || a.order - b.order;
    });
    var perDoc = {}, picked = [];
    for (var i = 0; i < out.length && picked.length < MAX_RESULTS; i++) {
      var e = out[i];
      if (e.doc !== undefined) {
        perDoc[e.doc] = (perDoc[e.doc] || 0) + 1;
        if (perDoc[e.doc] > PER_DOC) continue;
      }
      picked.push(e);
    }
    return { entries: picked, stems: stems };
  }

  // A short extract of `tx` around the first match, with every match marked.
  function snippet(tx, stems) {
    var el = document.createElement("span");
    el.className = "search-snippet";
    if (!tx || !tx.t) return null;
    var first = -1;
    stems.forEach(function (t) { var i = find(tx.f, t); if (i >= 0 && (first < 0 || i < first)) first = i; });
    var from = 0;
    if (first > 60) { from = tx.t.lastIndexOf(" ", first - 50); from = from < 0 ? 0 : from + 1; }
    var to = Math.min(tx.t.length, from + 180);
    if (to < tx.t.length) { var sp = tx.t.indexOf(" ", to); to = sp < 0 || sp - to > 30 ? to : sp; }
    var text = tx.t.slice(from, to), f = tx.f.slice(from, to);
    var marks = [];
    stems.forEach(function (t) {
      var i = find(f, t);
      while (i >= 0) {
        var end = i + t.length;
        while (end < f.length && WORD.test(f.charAt(end))) end++;
        marks.push([i, end]);
        i = find(f, t, end);
      }
    });
    marks.sort(function (a, b) { return a[0] - b[0]; });
    if (from > 0) el.appendChild(document.createTextNode("… "));
    var at = 0;
    marks.forEach(function (m) {
      if (m[0] < at) return;
      el.appendChild(document.createTextNode(text.slice(at, m[0])));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(m[0], m[1]);
      el.appendChild(mark);
      at = m[1];
    });
    el.appendChild(document.createTextNode(text.slice(at)));
    if (to < tx.t.length) el.appendChild(document.createTextNode(" …"));
    return el;
  }

  function line(cls, parts) {
    var el = document.createElement("span");
    el.className = cls;
    parts.forEach(function (p) {
      if (typeof p === "string") el.appendChild(document.createTextNode(p));
      else el.appendChild(p);
    });
    return el;
  }
  function idSpan(text) { var s = document.createElement("span"); s.className = "doc-id"; s.textContent = text; return s; }

  function render(found) {
    list.textContent = "";
    results = [];
    active = -1;
    input.removeAttribute("aria-activedescendant");
    found.entries.forEach(function (e, n) {
      var a = document.createElement("a");
      a.id = "search-result-" + n;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      a.className = "search-result search-" + e.kind;
      var it = e.item;
      if (e.kind === "clause") {
        a.href = root + it.url;
        a.appendChild(line("search-title", [idSpan(it.id), " " + it.heading]));
        a.appendChild(line("search-where", ["Clause page · " + it.name]));
      } else if (e.kind === "page") {
        a.href = root + it.url;
        a.appendChild(line("search-title", [it.title]));
        a.appendChild(line("search-where", ["Handbook view"]));
      } else if (e.kind === "doc") {
        a.href = root + it.url;
        a.appendChild(line("search-title", [idSpan(it.id), " " + it.title]));
        a.appendChild(line("search-where", [it.type + (it.tags.length ? " · clauses " + it.tags.join(", ") : "")]));
        var top = index.sections.findIndex(function (s) { return s.doc === e.doc; });
        var sn = top >= 0 && !index.sections[top].anchor ? snippet(texts[top], found.stems) : null;
        if (sn) a.appendChild(sn);
      } else {
        var d = index.docs[it.doc];
        a.href = root + d.url + (it.anchor ? "#" + it.anchor : "");
        a.appendChild(line("search-title", [idSpan(d.id), " " + d.title]));
        a.appendChild(line("search-where", [it.anchor ? "§ " + it.heading : "Introduction"]));
        var s2 = snippet(texts[e.sectionOrder], found.stems);
        if (s2) a.appendChild(s2);
      }
      results.push(a);
      list.appendChild(a);
    });
  }

  function open(show) {
    list.hidden = !show;
    input.setAttribute("aria-expanded", show ? "true" : "false");
  }

  function search() {
    var q = input.value;
    if (!q.trim()) { list.textContent = ""; results = []; open(false); say(""); return; }
    if (!index) { say("Loading the search index…"); return; }
    var found = rank(q);
    if (!found.entries) found = { entries: [], stems: [] };
    render(found);
    if (!found.entries.length) {
      var none = document.createElement("p");
      none.className = "search-none";
      none.textContent = "No results for “" + q.trim() + "”.";
      list.appendChild(none);
    }
    list.setAttribute("data-query", q);
    open(true);
    var loadingText = index.text.length && texts.length < index.sections.length;
    say(found.entries.length + (found.entries.length === 1 ? " result" : " results") + (loadingText ? " (still loading the full text)" : ""));
  }

  function select(n) {
    if (!results.length) return;
    if (active >= 0 && results[active]) results[active].setAttribute("aria-selected", "false");
    active = (n + results.length) % results.length;
    var a = results[active];
    a.setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", a.id);
    if (a.scrollIntoView) a.scrollIntoView({ block: "nearest" });
  }

  function go(a) {
    if (!a) return;
    open(false);
    window.location.href = a.href;
  }

  input.addEventListener("focus", start);
  input.addEventListener("input", function () {
    start();
    clearTimeout(timer);
    timer = setTimeout(search, index && index.sections.length > 20000 ? 120 : 30);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "ArrowDown") { e.preventDefault(); if (list.hidden) search(); select(active + 1); }
    else if (e.key === "ArrowUp") { e.preventDefault(); select(active - 1); }
    else if (e.key === "Enter") {
      e.preventDefault();
      clearTimeout(timer);
      if (index && !results.length) search();
      go(results[active >= 0 ? active : 0]);
    } else if (e.key === "Escape") {
      if (!list.hidden) { e.preventDefault(); open(false); }
      else if (input.value) { input.value = ""; search(); }
    }
  });
  document.addEventListener("click", function (e) {
    if (!box.contains(e.target)) open(false);
  });
  input.addEventListener("click", function () { if (input.value.trim() && results.length) open(true); });
  document.addEventListener("keydown", function (e) {
    if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    var t = e.target;
    var tag = t && t.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (t && t.isContentEditable)) return;
    e.preventDefault();
    input.focus();
    input.select();
  });
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
