/* 统计图表: draws every chart of the page with Chart.js (vendored from npm) from its json_script
   (id = the canvas's data-series), sends a click on a bar or point to the records behind it, and saves a
   chart as PNG (toBase64Image) from its 下载图片 button. No inline script: CSP forbids it. */
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;
  var COLOURS = ["#b3261e", "#1f5fa8", "#2e7d32", "#c77700", "#6a3d9a", "#00838f", "#8d6e63", "#546e7a"];
  // a white background, so the PNG is readable outside the page
  var white = { id: "white", beforeDraw: function (chart) {
    var ctx = chart.ctx; ctx.save(); ctx.globalCompositeOperation = "destination-over";
    ctx.fillStyle = "#fff"; ctx.fillRect(0, 0, chart.width, chart.height); ctx.restore(); } };
  var charts = {};
  document.querySelectorAll("canvas[data-series]").forEach(function (canvas) {
    var id = canvas.dataset.series;
    var source = document.getElementById(id);
    if (!source) return;
    var d = JSON.parse(source.textContent);
    var round = d.kind === "doughnut";
    var palette = d.colours.length ? d.colours : COLOURS;
    var datasets = d.datasets.map(function (s, i) {
      return { label: s.label, data: s.data, borderColor: round ? "#fff" : palette[i % palette.length],
        backgroundColor: round ? palette.slice(0, s.data.length) : palette[i % palette.length], fill: false,
        maxBarThickness: 48 };
    });
    // counts are whole numbers; rates run from 0 to 100 %
    var value = { beginAtZero: true, ticks: { precision: 0 } };
    if (d.percent) { value.max = 100; }
    var scales = round ? {} : (d.horizontal ? { x: value } : { y: value });
    charts[id] = new Chart(canvas, {
      type: d.kind,
      data: { labels: d.labels, datasets: datasets },
      plugins: [white],
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        indexAxis: d.horizontal ? "y" : "x", scales: scales,
        plugins: { legend: { display: round || datasets.length > 1, position: "bottom" } },
        onHover: function (e, items) { e.native.target.style.cursor = items.length ? "pointer" : "default"; },
        onClick: function (e, items) {
          if (!items.length) return;
          var link = (d.links[items[0].datasetIndex] || [])[items[0].index];
          if (link) window.location.href = link;
        }
      }
    });
  });
  document.querySelectorAll("[data-png-for]").forEach(function (button) {
    button.addEventListener("click", function () {
      var chart = charts[button.dataset.pngFor];
      if (!chart) return;
      var a = document.createElement("a");
      a.href = chart.toBase64Image("image/png", 1);
      a.download = button.dataset.pngFor + ".png";
      document.body.appendChild(a); a.click(); a.remove();
    });
  });
})();
