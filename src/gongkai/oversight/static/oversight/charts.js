/* The comparison page's charts (ECharts, served from this site). The numbers come from the page's
   data block (json_script); each chart has the same numbers as a table beside it, so without
   JavaScript, or in print, nothing is lost. */
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof echarts === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var font = { fontFamily: "system-ui, 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif" };
  var palette = ["#1f5fa8", "#d9822b", "#3a8d3a", "#a83232", "#7a4fa0", "#6b6b6b"];

  function draw(id, option) {
    var element = document.getElementById(id);
    if (!element) { return null; }
    element.classList.add("drawn");
    var chart = echarts.init(element, null, { renderer: "svg" });
    option.textStyle = font;
    option.color = palette;
    option.animation = false;
    chart.setOption(option);
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }

  function line(series) {
    return series.map(function (s) { return { name: s.name, type: "line", data: s.data, connectNulls: false, symbolSize: 7 }; });
  }

  if (data.trend.years.length) {
    draw("chart-trend", {
      tooltip: { trigger: "axis" },
      legend: { top: 0 },
      grid: { left: 50, right: 50, top: 50, bottom: 30 },
      xAxis: { type: "category", data: data.trend.years },
      // 每单位收到申请 is a few dozen beside totals in the thousands: it gets the right-hand axis.
      yAxis: [{ type: "value", name: "件" }, { type: "value", name: "件/单位", splitLine: { show: false } }],
      series: line(data.trend.series).map(function (s, i) {
        if (i === data.trend.series.length - 1) { s.yAxisIndex = 1; s.lineStyle = { type: "dashed" }; }
        return s;
      })
    });
    draw("chart-outcomes", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 50, right: 20, top: 60, bottom: 30 },
      xAxis: { type: "category", data: data.outcomes.years },
      yAxis: { type: "value", name: "件" },
      series: data.outcomes.series.map(function (s) { return { name: s.name, type: "bar", stack: "outcomes", data: s.data }; })
    });
  }
  var ranking = data.ranking;
  if (ranking.names.length) {
    var element = document.getElementById("chart-ranking");
    // One bar per unit: the chart grows with the units (CSSOM, which the CSP allows).
    if (element) { element.style.height = Math.max(240, 60 + 24 * ranking.names.length) + "px"; }
    draw("chart-ranking", {
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      grid: { left: 10, right: 50, top: 10, bottom: 30, containLabel: true },
      xAxis: { type: "value", name: ranking.unit },
      yAxis: { type: "category", data: ranking.names, axisLabel: { width: 200, overflow: "truncate" } },
      series: [{
        type: "bar",
        data: ranking.values.map(function (v, i) {
          return { value: v, itemStyle: { color: ranking.rated[i] ? palette[0] : "#b8b8b8" } };
        }),
        label: { show: true, position: "right", formatter: function (p) { return p.value + (ranking.unit === "%" ? "%" : ""); } }
      }]
    });
  }
}());
