// bordercoop admin — the rich-text editor's labels in the admin's language.
//
// django-prose-editor translates its dialogs through window.gettext (the admin's JavaScript
// catalogue, which includes locale/*/LC_MESSAGES/djangojs.po), but writes its toolbar's
// tooltips and its block-type menu in English. They are put through the same catalogue here,
// as the editor draws them.
(function () {
  "use strict";
  if (!window.gettext) { return; }
  var labels = {
    "bold": gettext("bold"),
    "italic": gettext("italic"),
    "underline": gettext("underline"),
    "strike": gettext("strike"),
    "subscript": gettext("subscript"),
    "superscript": gettext("superscript"),
    "paragraph": gettext("paragraph"),
    "blockquote": gettext("blockquote"),
    "horizontal rule": gettext("horizontal rule"),
    "unordered list": gettext("unordered list"),
    "ordered list": gettext("ordered list"),
    "insert link": gettext("insert link"),
    "remove link": gettext("remove link"),
    "undo": gettext("undo"),
    "redo": gettext("redo"),
    "edit HTML": gettext("edit HTML"),
    "Paragraph": gettext("Paragraph")
  };
  // The dialogs' words, which the editor itself asks the catalogue for: listed so that
  // `make messages` keeps them in djangojs.po.
  [
    gettext_noop("URL"), gettext_noop("Title"), gettext_noop("Open in new window"),
    gettext_noop("Edit Link"), gettext_noop("Update"), gettext_noop("Insert"),
    gettext_noop("Cancel"), gettext_noop("Edit HTML"), gettext_noop("Prettify"),
    gettext_noop("The HTML contents of the editor. Note that the allowed HTML is restricted by the editor schema."),
    gettext_noop("List properties"), gettext_noop("List type"), gettext_noop("Start at"),
    gettext_noop("Decimal numbers"), gettext_noop("Lowercase letters"),
    gettext_noop("Uppercase letters"), gettext_noop("Lowercase Roman numerals"),
    gettext_noop("Uppercase Roman numerals"), gettext_noop("Toggle fullscreen")
  ];
  var heading = /^Heading (\d)$/;

  var translate = function (root) {
    root.querySelectorAll(".prose-menubar [title], .prose-menubar [aria-label]").forEach(function (el) {
      ["title", "aria-label"].forEach(function (name) {
        var value = el.getAttribute(name);
        // Only a change: setting the same value again would be observed, and again.
        if (value && Object.prototype.hasOwnProperty.call(labels, value) && labels[value] !== value) {
          el.setAttribute(name, labels[value]);
        }
      });
    });
    root.querySelectorAll(".prose-menubar *").forEach(function (el) {
      if (el.children.length) { return; }
      var text = el.textContent;
      var level = heading.exec(text);
      var translated = level ? interpolate(gettext("Heading %s"), [level[1]]) :
        (text === "Paragraph" ? labels.Paragraph : text);
      if (translated !== text) { el.textContent = translated; }
    });
  };

  // The editor draws its toolbar after this file runs, and redraws parts of it (the block
  // type shown changes with the cursor): each change is translated where it happened.
  var observer = new MutationObserver(function (mutations) {
    mutations.forEach(function (mutation) {
      var el = mutation.target.nodeType === 1 ? mutation.target : mutation.target.parentElement;
      if (!el) { return; }
      var bar = el.closest(".prose-menubar");
      translate(bar ? bar.parentNode : el);
    });
  });
  var start = function () {
    translate(document);
    observer.observe(document.body, {
      childList: true, subtree: true, attributes: true, attributeFilter: ["title", "aria-label"]
    });
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
