// A table wider than the screen scrolls inside its .table-wrap; keyboard users must be able to
// scroll it too (WCAG 2.1.1), so a wrapper that actually scrolls becomes a named, focusable
// region, and stops being one when the screen is wide enough again.
(function () {
  "use strict";
  let counter = 0;

  function label(wrap) {
    const caption = wrap.querySelector("caption");
    if (!caption) return;
    if (!caption.id) caption.id = "table-caption-" + ++counter;
    wrap.setAttribute("aria-labelledby", caption.id);
  }

  function update() {
    for (const wrap of document.querySelectorAll(".table-wrap")) {
      if (wrap.scrollWidth > wrap.clientWidth) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        label(wrap);
      } else if (wrap.getAttribute("role") === "region") {
        wrap.removeAttribute("tabindex");
        wrap.removeAttribute("role");
        wrap.removeAttribute("aria-labelledby");
      }
    }
  }

  update();
  window.addEventListener("resize", update);
})();
