// The calibration page: the belt's edges, centre line and the pile-up zone drawn over
// the reference frame; each round handle can be dragged (mouse or finger). The form's
// number inputs hold the values (shares of the frame, 0..1) and are what is posted, so
// the page works without this script too; dragging only writes them.
(function () {
  "use strict";
  var svg = document.getElementById("marks");
  if (!svg) return;
  var W = Number(svg.dataset.width), H = Number(svg.dataset.height);
  var NS = "http://www.w3.org/2000/svg";
  function input(name) { return document.getElementById(name); }
  function val(name) { return Number(input(name).value); }
  function set(name, v) { input(name).value = Math.min(1, Math.max(0, v)).toFixed(4); }
  function el(tag, attrs) {
    var node = document.createElementNS(NS, tag);
    Object.keys(attrs).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    svg.appendChild(node);
    return node;
  }
  var stroke = Math.max(2, W / 300), radius = Math.max(8, W / 60);
  var yellow = "#ffd700", red = "#e03131";
  var left = el("line", { stroke: yellow, "stroke-width": stroke });
  var right = el("line", { stroke: yellow, "stroke-width": stroke });
  var centre = el("line", { stroke: yellow, "stroke-width": stroke, "stroke-dasharray": stroke * 4 });
  var zone = el("rect", { stroke: red, "stroke-width": stroke, fill: "rgba(224,49,49,0.12)" });
  // Each handle: which inputs it moves (x, y); y of an edge's end is the ROI's row.
  var handles = [
    { x: "left_top", y: "roi_top" }, { x: "left_bottom", y: "roi_bottom" },
    { x: "right_top", y: "roi_top" }, { x: "right_bottom", y: "roi_bottom" },
    { x: "zone_x0", y: "zone_y0", colour: red }, { x: "zone_x1", y: "zone_y1", colour: red },
  ];
  handles.forEach(function (h) {
    h.node = el("circle", {
      r: radius, fill: "rgba(0,0,0,0.35)", stroke: h.colour || yellow,
      "stroke-width": stroke, style: "cursor: grab",
    });
    h.node.dataset.handle = h.x;
  });
  function draw() {
    var t = val("roi_top") * H, b = val("roi_bottom") * H;
    var lines = [[left, "left"], [right, "right"]];
    lines.forEach(function (pair) {
      pair[0].setAttribute("x1", val(pair[1] + "_top") * W); pair[0].setAttribute("y1", t);
      pair[0].setAttribute("x2", val(pair[1] + "_bottom") * W); pair[0].setAttribute("y2", b);
    });
    centre.setAttribute("x1", (val("left_top") + val("right_top")) / 2 * W);
    centre.setAttribute("y1", t);
    centre.setAttribute("x2", (val("left_bottom") + val("right_bottom")) / 2 * W);
    centre.setAttribute("y2", b);
    var x0 = val("zone_x0"), y0 = val("zone_y0"), x1 = val("zone_x1"), y1 = val("zone_y1");
    zone.setAttribute("x", Math.min(x0, x1) * W); zone.setAttribute("y", Math.min(y0, y1) * H);
    zone.setAttribute("width", Math.abs(x1 - x0) * W);
    zone.setAttribute("height", Math.abs(y1 - y0) * H);
    handles.forEach(function (h) {
      h.node.setAttribute("cx", val(h.x) * W); h.node.setAttribute("cy", val(h.y) * H);
    });
  }
  function share(event) {
    var box = svg.getBoundingClientRect();
    return [(event.clientX - box.left) / box.width, (event.clientY - box.top) / box.height];
  }
  var dragging = null;
  svg.addEventListener("pointerdown", function (event) {
    var name = event.target.dataset && event.target.dataset.handle;
    dragging = handles.filter(function (h) { return h.x === name; })[0] || null;
    if (dragging) { svg.setPointerCapture(event.pointerId); event.preventDefault(); }
  });
  svg.addEventListener("pointermove", function (event) {
    if (!dragging) return;
    var p = share(event);
    set(dragging.x, p[0]); set(dragging.y, p[1]);
    draw();
  });
  ["pointerup", "pointercancel"].forEach(function (type) {
    svg.addEventListener(type, function () { dragging = null; });
  });
  document.getElementById("calibration-form").addEventListener("input", draw);
  draw();
})();
