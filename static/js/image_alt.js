/* The article editor asks for an image's 图片说明 (alt text) as soon as the
   image is in: once an upload completes, the image is selected and
   CKEditor's own alternative-text form opens on it. Publishing is refused
   on the server for any image left without one. */
(function () {
  "use strict";

  function openAltForm(editor, imageElement) {
    if (!imageElement || !imageElement.root || imageElement.root.rootName === "$graveyard") {
      return;
    }
    editor.model.change(function (writer) {
      writer.setSelection(imageElement, "on");
    });
    editor.editing.view.focus();
    var ui = editor.plugins.get("ImageTextAlternativeUI");
    if (typeof ui._showForm === "function") {
      ui._showForm();
    }
  }

  function askForAlt(editor) {
    if (!editor.plugins.has("ImageUploadEditing") || !editor.plugins.has("ImageTextAlternativeUI")) {
      return;
    }
    editor.plugins.get("ImageUploadEditing").on("uploadComplete", function (event, data) {
      // After the upload's own handler has set the image's address.
      window.setTimeout(function () {
        openAltForm(editor, data.imageElement);
      }, 0);
    });
  }

  function attach(id) {
    var editor = window.editors && window.editors[id];
    if (editor) {
      askForAlt(editor);
    } else if (window.ckeditorRegisterCallback) {
      window.ckeditorRegisterCallback(id, askForAlt);
    }
  }

  attach("id_body");
})();
