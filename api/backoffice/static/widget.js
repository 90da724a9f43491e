// Relais web chat launcher: one line on the territory's site,
//   <script src="https://RELAIS/widget.js" defer></script>
// with optional data-label, data-position="left|right" and data-open="true".
// It adds a button and a panel holding the chat in an iframe served by Relais: the host page's
// styles and scripts cannot reach the conversation, nor the conversation the page. No inline
// script or style is added (styles are set through the CSSOM), so a strict
// Content-Security-Policy only needs `script-src` and `frame-src` for Relais.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var theme = { name: "", colour: "#1d70b8" }; // replaced by the theme when served
  var origin = new URL(script.src, location.href).origin;
  var label = script.getAttribute("data-label") || "Une question ? Écrivez-nous";
  var side = script.getAttribute("data-position") === "left" ? "left" : "right";
  var startOpen = script.getAttribute("data-open") === "true";
  var launcher = document.createElement("button");
  var panel = document.createElement("div");
  var frame = document.createElement("iframe");
  var ready = false;

  function css(element, rules) {
    for (var key in rules) element.style.setProperty(key, rules[key]);
  }

  launcher.type = "button";
  launcher.textContent = label;
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "relais-chat-panel");
  css(launcher, {
    position: "fixed", bottom: "16px", [side]: "16px", "z-index": "2147483000",
    background: theme.colour, color: "#ffffff", border: "2px solid #ffffff",
    "border-radius": "24px", padding: "12px 20px", "font-size": "18px", "font-weight": "700",
    "font-family": "system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif",
    cursor: "pointer", "box-shadow": "0 2px 8px rgba(0,0,0,.35)", "max-width": "calc(100vw - 32px)",
    // The host page's own button styles must not reach the launcher.
    "text-transform": "none", "letter-spacing": "normal", "line-height": "1.25", "font-style": "normal",
    "text-shadow": "none", margin: "0", width: "auto", height: "auto", "min-width": "0",
    "text-decoration": "none", "text-align": "center",
  });
  launcher.addEventListener("focus", function () {
    css(launcher, { outline: "3px solid #ffdd00", "outline-offset": "0", "box-shadow": "0 0 0 6px #0b0c0c" });
  });
  launcher.addEventListener("blur", function () {
    css(launcher, { outline: "none", "box-shadow": "0 2px 8px rgba(0,0,0,.35)" });
  });

  panel.id = "relais-chat-panel";
  panel.hidden = true;
  frame.title = "Discussion avec " + (theme.name || "l'assistant");
  var OPEN_KEY = "relais-widget-open";  // the panel stays open from one page of the site to the next
  frame.setAttribute("allow", "");
  css(frame, { border: "0", width: "100%", height: "100%", display: "block", background: "#ffffff" });
  panel.appendChild(frame);

  function place() {
    var small = window.innerWidth < 500 || window.innerHeight < 500;
    css(panel, small
      ? { position: "fixed", top: "0", left: "0", right: "0", bottom: "0", width: "100%", height: "100%" }
      : { position: "fixed", bottom: "80px", [side]: "16px", top: "auto", width: "400px",
          height: "min(640px, calc(100vh - 100px))" });
    css(panel, { "z-index": "2147483001", border: "2px solid " + theme.colour, "box-sizing": "border-box",
      "border-radius": small ? "0" : "8px", overflow: "hidden", background: "#ffffff",
      "box-shadow": "0 4px 16px rgba(0,0,0,.35)" });
    if (panel.hidden) panel.style.setProperty("display", "none");
    else panel.style.removeProperty("display");
  }

  function focusChat() {
    if (ready) frame.contentWindow.postMessage({ relais: "focus" }, origin);
  }

  function remember(isOpen) {
    try {
      if (isOpen) sessionStorage.setItem(OPEN_KEY, "1");
      else sessionStorage.removeItem(OPEN_KEY);
    } catch (error) { /* storage refused: the panel simply starts closed */ }
  }

  function open() {
    // The chat is loaded at the first opening only: the site's other visitors pay nothing.
    if (!frame.src) frame.src = origin + "/chat/widget";
    remember(true);
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    place();
    frame.focus();
    focusChat();
  }

  function close() {
    remember(false);
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    place();
    launcher.focus();
  }

  frame.addEventListener("load", function () {
    ready = true;
    if (!panel.hidden) focusChat();
  });
  launcher.addEventListener("click", function () {
    if (panel.hidden) open();
    else close();
  });
  window.addEventListener("message", function (event) {
    if (event.origin === origin && event.data && event.data.relais === "close") close();
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !panel.hidden) close();
  });
  window.addEventListener("resize", place);

  function mount() {
    document.body.appendChild(panel);
    document.body.appendChild(launcher);
    place();
    var wasOpen = false;
    try { wasOpen = sessionStorage.getItem(OPEN_KEY) === "1"; } catch (error) { wasOpen = false; }
    if (startOpen || wasOpen) open();
  }
  if (document.body) mount();
  else document.addEventListener("DOMContentLoaded", mount);
})();
