/* Paste from WPS Office into the article editor.

   WPS puts Word-like HTML on the clipboard (some versions even say
   Generator "Microsoft Word 14"), so CKEditor's PasteFromOffice reads it as
   Word. But WPS marks every run of text with mso-spacerun:'yes', which Word
   only puts on runs of spaces, and PasteFromOffice turns each such run into
   as many spaces: the pasted text came out blank (ckeditor/ckeditor5#11738).
   Before CKEditor sees the paste, the mark is taken off runs that hold text;
   real space runs keep it. Anything else on the clipboard passes unchanged. */
(function () {
  "use strict";

  var SPACERUN = /mso-spacerun\s*:\s*['"]?yes['"]?\s*;?/gi;
  var rewritten = new WeakSet();

  function withoutTextSpaceruns(html) {
    if (html.search(SPACERUN) === -1) {
      return null;
    }
    var doc = new DOMParser().parseFromString(html, "text/html");
    var changed = false;
    doc.querySelectorAll("span[style*=spacerun]").forEach(function (span) {
      if (span.textContent.replace(/[\s\u00a0]/g, "") !== "") {
        span.setAttribute("style", span.getAttribute("style").replace(SPACERUN, ""));
        changed = true;
      }
    });
    return changed ? "<!DOCTYPE html>" + doc.documentElement.outerHTML : null;
  }

  document.addEventListener(
    "paste",
    function (event) {
      var target = event.target instanceof Element ? event.target : event.target.parentElement;
      if (rewritten.has(event) || !target || !target.closest(".ck-editor__editable") || !event.clipboardData) {
        return;
      }
      var fixed = withoutTextSpaceruns(event.clipboardData.getData("text/html") || "");
      if (fixed === null) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      var data = new DataTransfer();
      Array.prototype.forEach.call(event.clipboardData.types, function (type) {
        if (type !== "Files") {
          data.setData(type, type === "text/html" ? fixed : event.clipboardData.getData(type));
        }
      });
      Array.prototype.forEach.call(event.clipboardData.files, function (file) {
        data.items.add(file);
      });
      var again = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
      rewritten.add(again);
      target.dispatchEvent(again);
    },
    true
  );
})();
