// Progressive enhancement only: every control here also works as a plain
// link that the server honours when JavaScript is off.
(function () {
  "use strict";
  var YEAR = 60 * 60 * 24 * 365;

  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; max-age=" + YEAR + "; samesite=lax";
  }

  function setFontSize(size) {
    var root = document.documentElement;
    root.className = root.className.replace(/\bfont-(small|medium|large)\b/, "").trim() + " font-" + size;
    setCookie("font_size", size);
    document.querySelectorAll("[data-font-size]").forEach(function (link) {
      if (link.getAttribute("data-font-size") === size) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  document.addEventListener("click", function (event) {
    var fontLink = event.target.closest("[data-font-size]");
    if (fontLink) {
      event.preventDefault();
      setFontSize(fontLink.getAttribute("data-font-size"));
      return;
    }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll(".print-control[hidden]").forEach(function (control) {
      control.hidden = false;
    });
  });
})();
