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
