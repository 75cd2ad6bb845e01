// The patrol figures page's charts (ECharts, served by the platform from frontend/):
// drawn from the numbers the tables show (json_script "patrol-figures"); without the
// script the tables stand alone.
(function () {
  "use strict";
  if (!window.echarts) return;
  var data = JSON.parse(document.getElementById("patrol-figures").textContent);
  function chart(id, option) {
    var box = document.getElementById(id);
    box.hidden = false;
    var drawn = window.echarts.init(box);
    drawn.setOption(option);
    window.addEventListener("resize", function () { drawn.resize(); });
  }
  var axis = { type: "category", data: data.days };
  var grid = { left: 32, right: 8, top: 32, bottom: 24 };
  function bars(name, key, stack) {
    return { name: name, type: "bar", stack: stack, data: data.series[key] };
  }
  chart("chart-detections", {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid, xAxis: axis,
    yAxis: { type: "value", minInterval: 1 },
    series: [bars("皮带跑偏", "deviation", "k"), bars("物料堆积", "pileup", "k")],
  });
  chart("chart-outcome", {
    tooltip: { trigger: "item", formatter: "{b}：{c}（{d}%）" },
    series: [{
      type: "pie", radius: ["40%", "70%"],
      data: [
        { name: "确认属实", value: data.outcome.confirmed },
        { name: "排除误报", value: data.outcome.dismissed },
        { name: "待巡检确认", value: data.outcome.pending },
      ],
    }],
  });
  chart("chart-rounds", {
    tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid, xAxis: axis,
    yAxis: { type: "value", minInterval: 1 },
    series: [
      bars("巡检完成", "whole", "r"), bars("完成但有漏点", "partly", "r"),
      bars("整次漏检", "missed", "r"),
    ],
  });
})();
