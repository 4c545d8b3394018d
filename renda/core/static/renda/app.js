/* Renda's page behaviours, loaded by base.html on every page. The Content-Security-Policy allows no
   inline script, so behaviours are declared with data- attributes and wired here:
   - data-autosubmit on a <select>: submit its form when the choice changes (the language switch);
   - data-select-all="<css selector>" on a checkbox: tick or untick every box the selector matches;
   - every table in <main> with a header row becomes cards on a phone: each cell gets its column's name
     (data-label) and the table the class "stack" (app.css lays it out under 600 px); a table marked
     "no-stack" is left as a table. Tables that htmx swaps in are labelled too. */
(function () {
  "use strict";
  function stackTables(root) {
    root.querySelectorAll("table").forEach(function (table) {
      if (table.classList.contains("no-stack") || !table.closest("main")) return;
      var heads = Array.prototype.map.call(table.querySelectorAll("thead th"), function (th) {
        return th.textContent.trim();
      });
      if (!heads.length) return;
      table.querySelectorAll("tbody tr").forEach(function (tr) {
        Array.prototype.forEach.call(tr.children, function (cell, i) {
          if (cell.colSpan === 1 && heads[i] && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", heads[i]);
        });
      });
      table.classList.add("stack");
    });
  }
  function wire(root) {
    stackTables(root);
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
  document.addEventListener("htmx:afterSwap", function (event) { stackTables(event.target); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { wire(document); });
  } else {
    wire(document);
  }
})();
