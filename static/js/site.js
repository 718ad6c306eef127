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

  // The BLO map: the office a mark stands for, named under the map while the mark has the
  // focus or the pointer (its SVG <title> shows only on hover with a mouse, late); and a
  // map wider than its frame (phones) starts scrolled to the middle of the offices.
  document.querySelectorAll(".blo-map").forEach(function (map) {
    var current = map.querySelector(".map-current");
    var name = function (event) {
      var marker = event.target.closest ? event.target.closest(".map-marker") : null;
      var title = marker ? marker.querySelector("title") : null;
      var status = marker ? marker.querySelector("desc") : null;
      if (!current || !title) { return; }
      current.textContent = title.textContent + (status ? " — " + status.textContent : "");
      current.hidden = false;
    };
    map.addEventListener("focusin", name);
    map.addEventListener("pointerover", name);

    var frame = map.querySelector(".map-frame");
    var markers = map.querySelectorAll(".map-marker");
    if (!frame || !markers.length || frame.scrollWidth <= frame.clientWidth) { return; }
    var left = Infinity, right = -Infinity, origin = frame.getBoundingClientRect().left;
    markers.forEach(function (marker) {
      var box = marker.getBoundingClientRect();
      left = Math.min(left, box.left - origin);
      right = Math.max(right, box.right - origin);
    });
    frame.scrollLeft = Math.max(0, (left + right) / 2 - frame.clientWidth / 2);
  });
})();
