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
  }
  window.addEventListener("beforeprint", stamp);
  stamp();
})();
