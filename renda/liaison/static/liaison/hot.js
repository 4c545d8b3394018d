/* 热点问题: the bar chart of hot topics, drawn with Chart.js (vendored from npm) from the page's
   json_script "hot-data"; the series' names come from the canvas's data-heat-label/data-count-label. */
(function () {
  "use strict";
  var canvas = document.getElementById("hot-chart");
  var source = document.getElementById("hot-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  var d = JSON.parse(source.textContent);
  if (!d.labels.length) return;
  new Chart(canvas, {
    type: "bar",
    data: { labels: d.labels, datasets: [
      { label: canvas.dataset.heatLabel, data: d.heat, backgroundColor: "#b3261e" },
      { label: canvas.dataset.countLabel, data: d.count, backgroundColor: "#f0a39e" } ] },
    options: { indexAxis: "y", animation: false, plugins: { legend: { position: "bottom" } } }
  });
})();
