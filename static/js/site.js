// bordercoop — small, unobtrusive enhancements. The site works without this file.
(function () {
  "use strict";
  // Protected e-mail addresses: the page shows "name[at]domain"; with JavaScript the reader
  // gets a working mailto: link. The halves are stored reversed so that harvesters reading
  // the HTML find no address.
  var reverse = function (s) { return s.split("").reverse().join(""); };
  document.querySelectorAll(".protected-email[data-u][data-d]").forEach(function (el) {
    var address = reverse(el.getAttribute("data-u")) + "@" + reverse(el.getAttribute("data-d"));
    var link = document.createElement("a");
    link.href = "mailto:" + address;
    link.textContent = address;
    el.replaceWith(link);
  });
})();
