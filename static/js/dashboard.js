/* The dashboard's charts, drawn from the tables beside them (the tables are what screen
 * readers and printing read; a chart never shows a number its table does not have).
 *
 * <canvas data-chart="bar|doughnut" data-source="TABLE_ID" [data-horizontal] [data-stacked]>
 * The table: th[data-series] in the header name the series (optional data-color); in each
 * body row, [data-chart-label] is the label and td[data-value] the values, in series order.
 */
(function () {
  "use strict";

  function readTable(table) {
    var series = Array.prototype.map.call(table.querySelectorAll("thead th[data-series]"), function (th) {
      return { label: th.dataset.series, color: th.dataset.color || null, data: [] };
    });
    var labels = [];
    table.querySelectorAll("tbody tr").forEach(function (row) {
      var label = row.querySelector("[data-chart-label]");
      var values = row.querySelectorAll("td[data-value]");
      if (!label || values.length !== series.length) { return; }
      labels.push(label.textContent.trim());
      values.forEach(function (cell, index) { series[index].data.push(Number(cell.dataset.value)); });
    });
    return { labels: labels, series: series };
  }

  function draw(canvas) {
    var table = document.getElementById(canvas.dataset.source);
    if (!table || typeof Chart === "undefined") { return; }
    var data = readTable(table);
    if (!data.labels.length) { canvas.closest("figure").hidden = true; return; }
    var kind = canvas.dataset.chart;
    var stacked = canvas.hasAttribute("data-stacked");
    var options = { responsive: true, maintainAspectRatio: false, animation: false,
                    plugins: { legend: { display: kind === "doughnut" || data.series.length > 1 } } };
    if (kind === "bar") {
      options.indexAxis = canvas.hasAttribute("data-horizontal") ? "y" : "x";
      options.scales = { x: { stacked: stacked, beginAtZero: true }, y: { stacked: stacked, beginAtZero: true } };
    }
    new Chart(canvas, {
      type: kind,
      data: {
        labels: data.labels,
        datasets: data.series.map(function (s) {
          var dataset = { label: s.label, data: s.data };
          if (s.color) { dataset.backgroundColor = s.color; }
          return dataset;
        })
      },
      options: options
    });
  }

  document.querySelectorAll("canvas[data-chart]").forEach(draw);
  document.querySelectorAll("[data-print-page]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
