/* Renda's page behaviours, loaded by base.html on every page. The Content-Security-Policy allows no
   inline script, so behaviours are declared with data- attributes and wired here:
   - data-autosubmit on a <select>: submit its form when the choice changes (the language switch);
   - data-select-all="<css selector>" on a checkbox: tick or untick every box the selector matches. */
(function () {
  "use strict";
  function wire(root) {
    root.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { if (select.form) select.form.submit(); });
    });
    root.querySelectorAll("input[type=checkbox][data-select-all]").forEach(function (all) {
      all.addEventListener("change", function () {
        document.querySelectorAll(all.dataset.selectAll).forEach(function (box) {
          if (!box.disabled) box.checked = all.checked;
        });
      });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
})();
