/* Results ranking: the final inspection score beside the self score, so that over-rating shows at a glance. */
(function () {
  function draw() {
    var el = document.getElementById("results-chart");
    if (!el || !window.echarts || el.dataset.drawn) return;
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    el.dataset.drawn = "1";
    el.style.height = Math.max(260, data.units.length * 30 + 60) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      color: ["#0d6efd", "#adb5bd"],
      grid: { left: 8, right: 32, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0, data: [data.labels.final, data.labels.self] },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max)); } },
      yAxis: { type: "category", inverse: true, data: data.units, axisLabel: { width: 180, overflow: "truncate" } },
      series: [
        { name: data.labels.final, type: "bar", data: data.totals, barMaxWidth: 12, label: { show: true, position: "right" } },
        { name: data.labels.self, type: "bar", data: data.self, barMaxWidth: 12 }
      ]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
