/* The charts of "Tình hình giải quyết" (apps/direction/web/dashboard.py): drawn by Chart.js (vendor/chart.js) from
   the page's JSON island #dashboard-data — each bar stacks the work within the deadline, overdue, done on time and
   done late, its height what was received; a click on a bar opens the list behind it. The table under each chart
   carries the same figures (screen readers, phones). No inline script, no style attribute in the markup. */
(function () {
  "use strict";

  var COLORS = { open: "#0d6efd", overdue: "#dc3545", done_on_time: "#198754", done_late: "#ffc107" };
  var BAR_HEIGHT = 28;

  function draw(canvas, chart, horizontal) {
    if (horizontal) {
      // One bar per unit: the box grows with the units (CSSOM, allowed by the policy).
      canvas.parentElement.style.height = Math.max(160, chart.labels.length * BAR_HEIGHT + 70) + "px";
    }
    return new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: chart.labels,
        datasets: chart.datasets.map(function (set) {
          return { label: set.label, data: set.data, backgroundColor: COLORS[set.key] };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        scales: {
          x: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } }
        },
        plugins: { legend: { position: "bottom" } },
        onClick: function (event, elements) {
          if (!elements.length) return;
          var hit = elements[0];
          window.location.href = chart.datasets[hit.datasetIndex].links[hit.index];
        },
        onHover: function (event, elements) {
          event.native.target.classList.toggle("chart-pointer", elements.length > 0);
        }
      }
    });
  }

  function start() {
    var island = document.getElementById("dashboard-data");
    if (!island || !window.Chart) return;
    var data = JSON.parse(island.textContent);
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      var name = canvas.dataset.chart;
      if (data[name] && data[name].labels.length) draw(canvas, data[name], name === "units");
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
