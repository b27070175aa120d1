// Charts of the learning figures page; data comes from the json_script element, no request.
(function () {
  var data = JSON.parse(document.getElementById("learning-chart").textContent);
  var L = data.labels;
  var units = echarts.init(document.getElementById("chart-units"));
  units.setOption({
    tooltip: {trigger: "axis"},
    legend: {top: 0},
    grid: {left: 40, right: 40, bottom: 90, top: 40},
    xAxis: {type: "category", data: data.units, axisLabel: {rotate: 40, interval: 0}},
    yAxis: [{type: "value"}, {type: "value", name: "%", max: 100}],
    series: [
      {name: L.trained, type: "bar", data: data.trained},
      {name: L.events, type: "bar", data: data.events},
      {name: L.share, type: "line", yAxisIndex: 1, data: data.share}
    ]
  });
  var materials = echarts.init(document.getElementById("chart-materials"));
  materials.setOption({tooltip: {trigger: "item"}, series: [{type: "pie", radius: ["35%", "65%"], data: data.materials}]});
  window.addEventListener("resize", function () { units.resize(); materials.resize(); });
})();
