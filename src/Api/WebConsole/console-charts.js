// Seamless console: SVG charts (time series with gaps, sparklines), drawn through the DOM helpers.
import { el, svg } from './console-dom.js';

// Splits points into runs: a missing value, or a step much longer than the usual one, ends a run (a gap is drawn as a gap).
function segments(points, maxStepMs) {
  const runs = [];
  let run = [];
  let last = null;
  for (const p of points) {
    const missing = p.v === null || p.v === undefined || Number.isNaN(p.v);
    if (missing || (last && p.t - last.t > maxStepMs)) {
      if (run.length) runs.push(run);
      run = [];
    }
    if (!missing) {
      run.push(p);
      last = p;
    } else {
      last = null;
    }
  }
  if (run.length) runs.push(run);
  return runs;
}

function usualStep(points) {
  const steps = [];
  for (let i = 1; i < points.length; i++) steps.push(points[i].t - points[i - 1].t);
  if (!steps.length) return Infinity;
  steps.sort((a, b) => a - b);
  return steps[Math.floor(steps.length / 2)];
}

function timeTicks(t0, t1, count) {
  const span = Math.max(t1 - t0, 60000);
  const candidates = [60e3, 120e3, 300e3, 600e3, 900e3, 1800e3, 3600e3, 7200e3, 10800e3, 21600e3];
  const step = candidates.find(c => span / c <= count) || candidates[candidates.length - 1];
  const ticks = [];
  for (let t = Math.ceil(t0 / step) * step; t <= t1; t += step) ticks.push(t);
  return ticks;
}

function hhmm(t) {
  return new Date(t).toISOString().slice(11, 16);
}

function niceMax(v) {
  if (!(v > 0)) return 1;
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

// series: [{ name, points: [{t, v}] }]; markers: [{t, label}]
export function chart(title, series, markers, range, opts) {
  const W = 560, H = 220, L = 44, R = 10, T = 34, B = 34;
  const all = series.flatMap(s => s.points).filter(p => typeof p.v === 'number');
  let t0 = range ? range[0] : Math.min(...all.map(p => p.t));
  let t1 = range ? range[1] : Math.max(...all.map(p => p.t));
  if (!(t1 > t0)) { t0 -= 60000; t1 += 60000; }
  const vmin = opts && typeof opts.min === 'number' ? opts.min : Math.min(0, ...all.map(p => p.v));
  const vmax = opts && typeof opts.max === 'number' ? opts.max : niceMax(Math.max(...all.map(p => p.v), vmin + 1e-9));
  const x = t => L + (t - t0) / (t1 - t0) * (W - L - R);
  const y = v => T + (1 - (v - vmin) / (vmax - vmin || 1)) * (H - T - B);
  const node = svg('svg', { class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title });
  node.appendChild(svg('title', null, title));
  for (let i = 0; i <= 4; i++) {
    const v = vmin + (vmax - vmin) * i / 4;
    node.appendChild(svg('line', { class: 'grid-line', x1: L, x2: W - R, y1: y(v), y2: y(v) }));
    node.appendChild(svg('text', { class: 'tick', x: L - 4, y: y(v) + 3, 'text-anchor': 'end' }, Number(v.toFixed(2)).toString()));
  }
  node.appendChild(svg('line', { class: 'axis', x1: L, x2: W - R, y1: H - B, y2: H - B }));
  node.appendChild(svg('line', { class: 'axis', x1: L, x2: L, y1: T, y2: H - B }));
  for (const t of timeTicks(t0, t1, 6)) {
    node.appendChild(svg('line', { class: 'axis', x1: x(t), x2: x(t), y1: H - B, y2: H - B + 4 }));
    node.appendChild(svg('text', { class: 'tick x-tick', x: x(t), y: H - B + 15, 'text-anchor': 'middle' }, hhmm(t)));
  }
  node.appendChild(svg('text', { class: 'tick', x: W - R, y: H - 4, 'text-anchor': 'end' }, 'time (UTC)'));
  // Labels of close phase changes take turns on three rows so they stay readable.
  (markers || []).filter(m => m.t >= t0 && m.t <= t1).forEach((m, i) => {
    node.appendChild(svg('line', { class: 'marker', x1: x(m.t), x2: x(m.t), y1: T - 22 + (i % 3) * 9, y2: H - B }));
    node.appendChild(svg('text', { class: 'marker-label', x: x(m.t) + 2, y: T - 16 + (i % 3) * 9 }, m.label));
  });
  series.forEach((s, i) => {
    const step = usualStep(s.points);
    const maxStep = Math.max(step * 2.5, (opts && opts.minGapMs) || 90000);
    for (const run of segments(s.points, maxStep)) {
      if (run.length === 1) {
        node.appendChild(svg('circle', { class: `dot-${i % 3}`, cx: x(run[0].t), cy: y(run[0].v), r: 2.5 }));
      } else {
        node.appendChild(svg('polyline', { class: `series-${i % 3}`, points: run.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
      }
    }
  });
  return el('figure', { class: 'panel' },
    el('h3', null, title),
    node,
    el('div', { class: 'legend' }, series.map((s, i) => el('span', { class: `k${i % 3}` }, s.name))));
}

export function sparkline(history, field, cls) {
  const points = (history || []).map(p => ({ t: Date.parse(p.at), v: p[field] }));
  const node = svg('svg', { class: 'spark', viewBox: '0 0 160 32', role: 'img', 'aria-label': `${field} over the last hours` });
  if (!points.length) return node;
  const t0 = points[0].t, t1 = points[points.length - 1].t || t0 + 1;
  const x = t => (t - t0) / ((t1 - t0) || 1) * 158 + 1;
  const y = v => 31 - Math.max(0, Math.min(100, v)) / 100 * 30;
  for (const run of segments(points, 90000)) {
    node.appendChild(svg('polyline', { class: cls, points: run.map(p => `${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`).join(' ') }));
  }
  return node;
}
