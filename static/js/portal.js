// Progressive enhancement only: every control here also works as a plain
// link that the server honours when JavaScript is off.
(function () {
  "use strict";
  var YEAR = 60 * 60 * 24 * 365;
  var FONT_SIZES = ["small", "medium", "large"];

  function setCookie(name, value) {
    document.cookie = name + "=" + value + "; path=/; max-age=" + YEAR + "; samesite=lax";
  }

  function deleteCookie(name) {
    document.cookie = name + "=; path=/; max-age=0; samesite=lax";
  }

  function readCookie(name) {
    var match = document.cookie.match(new RegExp("(?:^|;\\s*)" + name + "=([^;]*)"));
    return match ? match[1] : null;
  }

  // The page is the same for everyone; the cookies pick /preferences.css.
  // Fetch it again for the new cookies (the query string only defeats the
  // browser's cache: the server ignores it) and drop the old sheet once the
  // new one applies, so the page never shows unstyled. After quick clicks,
  // only the newest sheet stays.
  var generation = 0;

  function reloadPreferences(then) {
    var links = document.querySelectorAll("link[data-preferences]");
    if (!links.length) {
      return;
    }
    var current = links[links.length - 1];
    var fresh = current.cloneNode();
    var mine = ++generation;
    fresh.href = current.href.split("?")[0] + "?v=" + Date.now();
    fresh.addEventListener("load", function () {
      if (mine !== generation) {
        fresh.remove();
        return;
      }
      document.querySelectorAll("link[data-preferences]").forEach(function (link) {
        if (link !== fresh) {
          link.remove();
        }
      });
      if (then) {
        then();
      }
    });
    current.after(fresh);
  }

  // Screen readers learn the choice in force from aria-current (the
  // stylesheet only shows it).
  function markChoices() {
    var size = readCookie("font_size");
    if (FONT_SIZES.indexOf(size) < 0) {
      size = "medium";
    }
    document.querySelectorAll("[data-font-size]").forEach(function (link) {
      if (link.getAttribute("data-font-size") === size) {
        link.setAttribute("aria-current", "true");
      } else {
        link.removeAttribute("aria-current");
      }
    });
  }

  function setFontSize(size) {
    setCookie("font_size", size);
    markChoices();
    reloadPreferences();
  }

  // 关怀版 on or off: the link just used disappears and the other one shows,
  // so keyboard focus moves to it.
  function setElderMode(state) {
    if (state === "on") {
      setCookie("elder_mode", "1");
    } else {
      deleteCookie("elder_mode");
    }
    reloadPreferences(function () {
      var other = document.querySelector('[data-elder-mode="' + (state === "on" ? "off" : "on") + '"]');
      if (other) {
        other.focus();
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
    var elderLink = event.target.closest("[data-elder-mode]");
    if (elderLink) {
      event.preventDefault();
      setElderMode(elderLink.getAttribute("data-elder-mode"));
      return;
    }
    if (event.target.closest("[data-print]")) {
      event.preventDefault();
      window.print();
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    markChoices();
    document.querySelectorAll(".print-control[hidden]").forEach(function (control) {
      control.hidden = false;
    });
  });
})();
