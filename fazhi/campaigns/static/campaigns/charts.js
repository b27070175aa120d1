/* Progress by unit: horizontal stacked bars (done / open), so that long Chinese unit names stay legible. */
(function () {
  function draw(el) {
    if (!window.echarts || el.dataset.drawn) return;
    var data = JSON.parse(document.getElementById(el.dataset.chartSource).textContent);
    el.dataset.drawn = "1";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#198754", "#d0d7e2"],
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [data.labels.done, data.labels.open] },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: data.units, axisLabel: { width: 160, overflow: "truncate" } },
      series: [
        { name: data.labels.done, type: "bar", stack: "n", data: data.done, barMaxWidth: 22 },
        { name: data.labels.open, type: "bar", stack: "n", data: data.open, barMaxWidth: 22 }
      ]
    });
    chart.on("click", function (p) {
      var id = data.ids[p.dataIndex];
      if (id) window.location.href = el.dataset.unitUrl.replace(/0\/$/, id + "/");
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  function all() { document.querySelectorAll("[data-chart-source]").forEach(draw); }
  document.addEventListener("DOMContentLoaded", all);
  document.addEventListener("htmx:afterSettle", all);
  document.addEventListener("shown.bs.tab", all);
})();
