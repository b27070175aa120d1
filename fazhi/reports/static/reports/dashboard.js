/* The dashboard's charts: each drawn from the JSON the page carries, each bar, slice or point a
   link to the rows behind it (the list page filtered). SVG, so the print layout stays sharp. */
(function () {
  var charts = [];

  function option(c) {
    var base = { animation: false, tooltip: { trigger: c.type === "pie" ? "item" : "axis" },
                 legend: { show: c.series.length > 1 || c.type === "pie", bottom: 0, type: "scroll" } };
    if (c.type === "pie") {
      var s = c.series[0];
      base.series = [{ type: "pie", radius: ["35%", "65%"], label: { formatter: "{b}: {c}" },
        data: c.categories.map(function (name, i) {
          return { name: name, value: s.data[i], itemStyle: s.colours ? { color: s.colours[i] } : undefined };
        }) }];
      return base;
    }
    base.grid = { left: 8, right: 16, top: 16, bottom: 36, containLabel: true };
    base.xAxis = { type: "category", data: c.categories, axisLabel: { interval: 0, overflow: "truncate", width: 80,
                                                                  rotate: c.categories.length > 6 ? 30 : 0 } };
    base.yAxis = { type: "value", minInterval: 1 };
    base.series = c.series.map(function (s) {
      var item = { name: s.name, type: c.type === "line" ? "line" : "bar", barMaxWidth: 28,
                   stack: c.type === "stacked" ? "all" : undefined, itemStyle: s.colour ? { color: s.colour } : undefined };
      item.data = s.data.map(function (v, i) {
        return s.colours ? { value: v, itemStyle: { color: s.colours[i] } } : v;
      });
      if (c.type !== "stacked") { item.label = { show: true, position: "top" }; }
      return item;
    });
    return base;
  }

  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || !window.echarts) return;
    var data = JSON.parse(source.textContent);
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      var c = data[el.dataset.chart];
      if (!c) return;
      var chart = echarts.init(el, null, { renderer: "svg" });
      chart.setOption(option(c));
      chart.on("click", function (params) {
        var url = c.urls[params.dataIndex];
        if (url) window.location.href = url;
      });
      charts.push(chart);
    });
    window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
    // The print button is core/behaviour.js's data-print.
    // Charts redraw at the paper's width before printing and back after.
    window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });
    window.addEventListener("afterprint", function () { charts.forEach(function (c) { c.resize(); }); });
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
