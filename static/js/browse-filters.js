// The browse pages' filters, folded behind their "Filters (n)" button where they
// would sit above the results (below 56rem, site.css's .browse), so that the results
// come first. A disclosure: the button says whether the filters are open
// (aria-expanded) and which element it opens (aria-controls), which follows it, so
// Tab goes on into the filters; Escape in them folds them back and returns to the
// button. Filters with an error stay open. Without this script, they are always open.
(function () {
  "use strict";

  var toggle = document.querySelector(".filters-toggle[aria-controls]");
  if (!toggle) {
    return;
  }
  var panel = document.getElementById(toggle.getAttribute("aria-controls"));
  if (!panel) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56rem)");
  var hasErrors = panel.querySelector(".field-invalid, .form-errors") !== null;

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    panel.classList.toggle("is-folded", !open);
  }

  function fit() {
    if (wide.matches) {
      toggle.hidden = true;
      setOpen(true);
    } else {
      toggle.hidden = false;
      setOpen(hasErrors);
    }
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });

  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !toggle.hidden) {
      setOpen(false);
      toggle.focus();
    }
  });

  wide.addEventListener("change", fit);
  fit();
})();
