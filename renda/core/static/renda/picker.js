/* Searchable pickers (renda/core/widgets.py): every <select data-picker> becomes a tom-select box.
   Progressive enhancement: without this script (or without tom-select) the plain <select> stays. */
(function () {
  "use strict";

  function noResults(el) {
    var text = el.getAttribute("data-no-results") || "没有匹配的选项";
    return function () {
      var div = document.createElement("div");
      div.className = "no-results";
      div.textContent = text;
      return div;
    };
  }

  function enhance(root) {
    if (typeof window.TomSelect === "undefined") return;
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("select[data-picker]").forEach(function (el) {
      if (el.tomselect) return;
      var multiple = el.multiple;
      new window.TomSelect(el, {
        placeholder: el.getAttribute("data-placeholder") || "输入名称或关键字搜索",
        maxOptions: null,
        hidePlaceholder: true,
        allowEmptyOption: !multiple,
        closeAfterSelect: !multiple,
        selectOnTab: true,
        plugins: multiple ? ["remove_button"] : [],
        render: { no_results: noResults(el) },
        onItemAdd: function () { if (multiple) this.setTextboxValue(""); }
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  document.addEventListener("htmx:load", function (e) { enhance(e.target); });
})();
