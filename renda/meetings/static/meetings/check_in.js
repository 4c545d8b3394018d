/* 批量报到: 全部签到 / 全部取消, a member ticked 请假 is not present, and the live count against the quorum. */
(function () {
  "use strict";
  var form = document.getElementById("roll");
  if (!form) { return; }
  var required = parseInt(form.dataset.required, 10);
  var present = form.querySelectorAll("input.roll-present");
  var leaves = form.querySelectorAll("input.roll-leave");
  function leaveBox(box) { return form.querySelector('input.roll-leave[value="' + box.value + '"]'); }
  function presentBox(box) { return form.querySelector('input.roll-present[value="' + box.value + '"]'); }
  function recount() {
    var p = form.querySelectorAll('input.roll-present:checked, input[data-done="present"]').length;
    var l = form.querySelectorAll('input.roll-leave:checked, input[data-done="leave"]').length;
    var met = p >= required;
    form.querySelectorAll(".roll-count").forEach(function (banner) {
      banner.querySelector(".roll-present").textContent = p;
      banner.querySelector(".roll-leave-n").textContent = l;
      banner.querySelector(".roll-verdict").textContent = met ? form.dataset.met : form.dataset.notMet;
      banner.classList.toggle("met", met);
      banner.classList.toggle("not-met", !met);
    });
  }
  document.getElementById("roll-all").addEventListener("click", function () {
    present.forEach(function (box) { var l = leaveBox(box); box.checked = !(l && l.checked); });
    recount();
  });
  document.getElementById("roll-none").addEventListener("click", function () {
    present.forEach(function (box) { box.checked = false; });
    recount();
  });
  present.forEach(function (box) {
    box.addEventListener("change", function () { var l = leaveBox(box); if (box.checked && l) { l.checked = false; } recount(); });
  });
  leaves.forEach(function (box) {
    box.addEventListener("change", function () { var p = presentBox(box); if (box.checked && p) { p.checked = false; } recount(); });
  });
  recount();
})();
