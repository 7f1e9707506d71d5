// qmsbook serve: live reload. Injected into served pages only, never into built files.
(function () {
  "use strict";
  var KEY = "qmsbook-scroll:" + location.pathname;
  var saved = null;
  try { saved = sessionStorage.getItem(KEY); sessionStorage.removeItem(KEY); } catch (e) { saved = null; }
  if (saved !== null) {
    var restore = function () { window.scrollTo(0, parseInt(saved, 10) || 0); };
    if (document.readyState === "complete") restore(); else window.addEventListener("load", restore);
  }

  var overlay = null;
  function show(text) {
    if (!overlay) {
      overlay = document.createElement("div");
      overlay.id = "qmsbook-overlay";
      overlay.setAttribute("role", "alert");
      var s = overlay.style;
      s.position = "fixed"; s.inset = "0"; s.zIndex = "2147483647"; s.overflow = "auto";
      s.background = "rgba(20, 20, 24, 0.94)"; s.color = "#f5f5f5"; s.padding = "2rem";
      s.font = "14px/1.5 ui-monospace, Menlo, Consolas, monospace";
      var title = document.createElement("p");
      title.style.font = "bold 16px/1.4 system-ui, sans-serif";
      title.style.color = "#ff8f87";
      title.textContent = "The handbook has errors. The last good build is still being served; fix the errors and save.";
      overlay.appendChild(title);
      var pre = document.createElement("pre");
      pre.style.whiteSpace = "pre-wrap";
      overlay.appendChild(pre);
      var close = document.createElement("button");
      close.type = "button";
      close.textContent = "Hide";
      close.addEventListener("click", hide);
      overlay.insertBefore(close, title);
      document.body.appendChild(overlay);
    }
    overlay.querySelector("pre").textContent = text;
  }
  function hide() { if (overlay) { overlay.remove(); overlay = null; } }

  var everConnected = false;
  function connect() {
    var ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/__qmsbook/ws");
    ws.onopen = function () {
      // After the server was restarted, reload to pick up what changed meanwhile.
      if (everConnected) { location.reload(); }
      everConnected = true;
    };
    ws.onmessage = function (event) {
      var message;
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "reload") {
        try { sessionStorage.setItem(KEY, String(window.scrollY)); } catch (e) { /* private mode */ }
        location.reload();
      } else if (message.type === "errors") {
        show(message.text);
      } else if (message.type === "ok") {
        hide();
      }
    };
    ws.onclose = function () { setTimeout(connect, 1000); };
  }
  connect();
})();
