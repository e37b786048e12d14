// Show a time also in the reader's own time zone when it is not Norwegian time.
// Times are rendered on the server in Europe/Oslo; this only adds a hint. No inline script (CSP).
(function () {
  "use strict";
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!zone || zone === "Europe/Oslo") { return; }
  var lang = document.documentElement.lang || undefined;
  document.querySelectorAll("time[data-local]").forEach(function (el) {
    var when = new Date(el.getAttribute("datetime"));
    if (isNaN(when)) { return; }
    var text = when.toLocaleString(lang, {
      weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
      timeZoneName: "short"
    });
    var hint = document.createElement("span");
    hint.className = "local-time";
    hint.textContent = " (" + (el.getAttribute("data-local") || "") + " " + text + ")";
    el.after(hint);
  });
})();
