/* An indicator's figure per unit as bars coloured like their badges, with the threshold as a line. */
(function () {
  var COLOURS = { green: "#198754", amber: "#ffc107", red: "#dc3545", "": "#adb5bd" };
  function draw() {
    var el = document.getElementById("indicator-chart");
    if (!el || !window.echarts) return;
    var data = JSON.parse(document.getElementById(el.dataset.source).textContent);
    var scale = data.ratio ? 100 : 1;
    el.style.height = Math.max(220, data.units.length * 28 + 60) + "px";
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption({
      animation: false,
      grid: { left: 8, right: 40, top: 24, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      // The threshold line stays in view even when every unit is far below it.
      xAxis: { type: "value", max: function (v) { return Math.ceil(Math.max(v.max, data.threshold * scale) * 1.05); },
               axisLabel: { formatter: data.ratio ? "{value}%" : "{value}" } },
      yAxis: { type: "category", inverse: true, data: data.units, axisLabel: { width: 180, overflow: "truncate" } },
      series: [{
        name: data.labels.value, type: "bar", barMaxWidth: 14,
        data: data.values.map(function (v, i) {
          return { value: v === null ? null : Math.round(v * scale * 10) / 10, itemStyle: { color: COLOURS[data.colours[i]] } };
        }),
        label: { show: true, position: "right", formatter: data.ratio ? "{c}%" : "{c}" },
        markLine: { symbol: "none", label: { formatter: data.labels.threshold }, lineStyle: { type: "dashed", color: "#6c757d" },
                    data: [{ xAxis: data.threshold * scale }] }
      }]
    });
    window.addEventListener("resize", function () { chart.resize(); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
