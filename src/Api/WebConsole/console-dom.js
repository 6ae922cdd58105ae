// Seamless console: DOM helpers. Text only: values become text nodes or attributes, never markup.

const SVG = 'http://www.w3.org/2000/svg';

export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

export function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'text') node.textContent = String(value);
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, String(value));
  }
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function badge(value) {
  return value ? el('span', { class: `badge ${String(value).replace(/[^A-Za-z0-9-]/g, '')}` }, value) : el('span', { class: 'muted' }, '—');
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? String(iso) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

// Hours of the day (0–23, in order) as ranges round midnight: [22, 23, 0, 1] → "22:00–01:59".
export function hours(list) {
  const held = new Set(list);
  if (held.size >= 24) return 'all day';
  const ranges = [];
  for (let h = 0; h < 24; h++) {
    if (!held.has(h) || held.has((h + 23) % 24)) continue;
    let end = h;
    while (held.has((end + 1) % 24)) end = (end + 1) % 24;
    ranges.push(`${String(h).padStart(2, '0')}:00–${String(end).padStart(2, '0')}:59`);
  }
  return ranges.length ? ranges.join(', ') : 'no hour';
}

export function pct(value) {
  return typeof value === 'number' ? `${value.toFixed(1)} %` : '—';
}

export function siteName(id) {
  if (!id) return '—';
  const parts = String(id).split('/');
  return parts[parts.length - 1] || String(id);
}

export function releaseHref(id) {
  return `#/release/${encodeURIComponent(id)}`;
}
