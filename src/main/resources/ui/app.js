// The live page: renders the run's state (GET api/run, then each update from the event stream
// api/events) into the page. Charts are plain SVG drawn here: nothing is fetched from elsewhere.
"use strict";

const SVG = "http://www.w3.org/2000/svg";
const W = 400, H = 220, PAD = { left: 44, right: 10, top: 22, bottom: 26 };

function el(name, attrs, parent) {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (parent) parent.appendChild(e);
  return e;
}

function fmt(v, digits) {
  return v === null || v === undefined || Number.isNaN(v) ? "-" : Number(v).toFixed(digits);
}

function niceRange(lo, hi) {
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) return [0, 1];
  if (hi - lo < 1e-9) { const d = Math.abs(hi) * 0.1 || 0.5; return [lo - d, hi + d]; }
  const pad = (hi - lo) * 0.08;
  return [lo - pad, hi + pad];
}

/**
 * Draws line series into an SVG: series = [{name, cls, points: [[x, y], ...]}]. Each point is a
 * circle of class "point <cls>" with data-x and data-y, so a test can count and read them.
 */
function lineChart(svg, series, xLabel, yRange) {
  while (svg.firstChild) svg.removeChild(svg.firstChild);
  const all = series.flatMap(s => s.points);
  const xs = all.map(p => p[0]), ys = all.map(p => p[1]);
  const xMin = xs.length ? Math.min(...xs) : 0, xMax = xs.length ? Math.max(...xs) : 1;
  const [yMin, yMax] = yRange || niceRange(Math.min(...ys), Math.max(...ys));
  const sx = x => PAD.left + (xMax === xMin ? 0.5 : (x - xMin) / (xMax - xMin)) * (W - PAD.left - PAD.right);
  const sy = y => H - PAD.bottom - (y - yMin) / (yMax - yMin) * (H - PAD.top - PAD.bottom);
  for (let i = 0; i <= 4; i++) {
    const y = yMin + (yMax - yMin) * i / 4;
    el("line", { class: "axis", x1: PAD.left, x2: W - PAD.right, y1: sy(y), y2: sy(y) }, svg);
    el("text", { class: "tick", x: PAD.left - 4, y: sy(y) + 3, "text-anchor": "end" }, svg).textContent =
      Math.abs(yMax - yMin) < 0.05 ? y.toFixed(3) : y.toFixed(2);
  }
  const xTicks = xMax === xMin ? [xMin] : [xMin, (xMin + xMax) / 2, xMax];
  for (const x of xTicks) {
    el("text", { class: "tick", x: sx(x), y: H - PAD.bottom + 14, "text-anchor": "middle" }, svg).textContent =
      Number.isInteger(x) ? x : x.toFixed(1);
  }
  el("text", { class: "tick", x: W - PAD.right, y: H - 2, "text-anchor": "end" }, svg).textContent = xLabel;
  let legendX = PAD.left;
  for (const s of series) {
    const pts = s.points.filter(p => Number.isFinite(p[1]));
    if (pts.length > 1) {
      el("polyline", { class: "line " + s.cls, points: pts.map(p => sx(p[0]) + "," + sy(p[1])).join(" ") }, svg);
    }
    if (s.dots !== false) {
      for (const p of pts) {
        el("circle", { class: "point " + s.cls, cx: sx(p[0]), cy: sy(p[1]), r: 3, "data-x": p[0], "data-y": p[1] }, svg);
      }
    }
    el("rect", { class: s.cls, x: legendX, y: 6, width: 10, height: 10 }, svg);
    const t = el("text", { class: "legend", x: legendX + 14, y: 15 }, svg);
    t.textContent = s.name;
    legendX += 24 + 6.5 * s.name.length;
  }
  if (!all.length) {
    el("text", { class: "tick", x: W / 2, y: H / 2, "text-anchor": "middle" }, svg).textContent = "no epoch finished yet";
  }
}

function rows(tbody, items, cells, rowClass) {
  tbody.replaceChildren(...items.map(item => {
    const tr = document.createElement("tr");
    if (rowClass) tr.className = rowClass(item);
    for (const c of cells(item)) {
      const td = document.createElement("td");
      td.textContent = c;
      tr.appendChild(td);
    }
    return tr;
  }));
}

function ranges(ps) {
  // 0,1,2,5,6 -> "0-2, 5-6": a worker may hold many partitions.
  const out = [];
  for (let i = 0; i < ps.length; i++) {
    let j = i;
    while (j + 1 < ps.length && ps[j + 1] === ps[j] + 1) j++;
    out.push(i === j ? String(ps[i]) : ps[i] + "-" + ps[j]);
    i = j;
  }
  return out.join(", ") || "-";
}

function render(s) {
  const status = document.getElementById("status");
  status.textContent = s.status;
  status.className = "badge " + s.status.split(" ")[0];
  document.getElementById("epoch").textContent = s.epoch + " / " + s.epochs;
  document.getElementById("step").textContent = s.stepInEpoch + " / " + s.stepsPerEpoch;
  document.getElementById("steps-per-second").textContent = fmt(s.stepsPerSecond, 1);
  document.getElementById("samples-per-second").textContent = Math.round(s.samplesPerSecond).toLocaleString("en");
  const last = s.running.length ? s.running[s.running.length - 1][1] : null;
  document.getElementById("running-loss").textContent = fmt(last, 4);
  document.getElementById("test-accuracy").textContent = s.result ? fmt(100 * s.result.testAccuracy, 2) + " %" : "-";
  const progress = document.getElementById("epoch-progress");
  progress.max = s.stepsPerEpoch || 1;
  progress.value = s.stepInEpoch;

  const h = s.history;
  lineChart(document.getElementById("loss-chart"), [
    { name: "training loss", cls: "train", points: h.map(e => [e.epoch, e.loss]) },
    { name: "validation loss", cls: "val", points: h.filter(e => e.valLoss !== null).map(e => [e.epoch, e.valLoss]) },
  ], "epoch");
  lineChart(document.getElementById("accuracy-chart"), [
    { name: "training accuracy", cls: "train", points: h.map(e => [e.epoch, e.trainAccuracy]) },
    { name: "validation accuracy", cls: "val", points: h.filter(e => e.valAccuracy !== null).map(e => [e.epoch, e.valAccuracy]) },
  ], "epoch");
  document.getElementById("running-caption").textContent = "Running loss in epoch " + s.epoch;
  lineChart(document.getElementById("running-chart"), [
    { name: "mean loss so far", cls: "run", points: s.running, dots: false },
  ], "step");

  rows(document.querySelector("#workers tbody"), s.workers, w => [
    w.name, w.host, w.status, ranges(w.partitions),
    w.lastGradientSecondsAgo === null ? "-" : fmt(w.lastGradientSecondsAgo, 1) + " s ago",
  ], w => w.status);
  rows(document.querySelector("#epochs tbody"), h, e => [
    e.epoch, fmt(e.loss, 4), fmt(100 * e.trainAccuracy, 2) + " %", fmt(e.valLoss, 4),
    e.valAccuracy === null ? "-" : fmt(100 * e.valAccuracy, 2) + " %", fmt(e.seconds, 2),
    Math.round(e.samplesPerSecond).toLocaleString("en"), e.workers,
  ]);
  rows(document.querySelector("#checkpoints tbody"), s.checkpoints, c => [
    c.file.split(/[\\/]/).pop(), fmt(c.bytes / 1e6, 2), c.millis, c.best ? "best" : "",
  ]);
  document.getElementById("events").replaceChildren(...s.events.map(e => {
    const li = document.createElement("li");
    li.textContent = e.at + " s  " + e.text;
    return li;
  }));
  document.getElementById("settings").replaceChildren(...Object.entries(s.settings).flatMap(([k, v]) => {
    const dt = document.createElement("dt"), dd = document.createElement("dd");
    dt.textContent = k;
    dd.textContent = v;
    return [dt, dd];
  }));
  document.body.dataset.version = s.version;
}

function connect() {
  const link = document.getElementById("link");
  const events = new EventSource("api/events");
  events.onmessage = e => { link.textContent = "live"; render(JSON.parse(e.data)); };
  events.onerror = () => {
    link.textContent = "disconnected: the run's process may have ended; retrying";
    document.getElementById("status").className = "badge disconnected";
  };
}

fetch("api/run").then(r => r.json()).then(render).catch(() => {}).finally(connect);
