// Inline SVG charts drawn from time series. Every plotted value is also in the DOM (the page's
// contract, see main.js): each bucket's mark carries data-start (the bucket's start, as the API
// gives it) and data-value (the exact number plotted); the svg's data-value is the number of buckets.
import { count, formatInteger } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const PANAMA = 'America/Panama';
const hourLabel = new Intl.DateTimeFormat('es-PA', { timeZone: PANAMA, hour: '2-digit', hour12: false });
const dayLabel = new Intl.DateTimeFormat('es-PA', { timeZone: PANAMA, day: 'numeric', month: 'short' });

function svg(tag, attributes = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** A round upper bound for an axis: 1, 2 or 5 times a power of ten, at least the largest value. */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((m) => m >= max);
}

function frame(root, width, height, max, left) {
  root.replaceChildren();
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  for (const fraction of [0, 0.5, 1]) {
    const y = 8 + (height - 30) * (1 - fraction);
    root.append(svg('line', { x1: left, x2: width, y1: y, y2: y, class: 'grid' }));
    root.append(svg('text', { x: left - 6, y: y + 4, class: 'axis', 'text-anchor': 'end' }, formatInteger(max * fraction)));
  }
}

function timeLabels(root, buckets, x, height, granularity) {
  const every = granularity === 'hourly' ? 6 : 15;
  buckets.forEach((bucket, i) => {
    if ((buckets.length - 1 - i) % every !== 0) return;
    const date = new Date(bucket.startTime);
    const text = granularity === 'hourly' ? `${hourLabel.format(date)} h` : dayLabel.format(date);
    root.append(svg('text', { x: x(i), y: height - 6, class: 'axis', 'text-anchor': 'middle' }, text));
  });
}

/** Grouped bars of arrivals by direction, northbound against southbound, one group per bucket. */
export function drawDirectionBars(root, buckets, granularity) {
  const width = 720;
  const height = 220;
  const left = 44;
  const values = buckets.map((b) => [count(b.counts?.arrival?.byDirection?.northbound), count(b.counts?.arrival?.byDirection?.southbound)]);
  const max = niceMax(Math.max(0, ...values.flat()));
  frame(root, width, height, max, left);
  const slot = (width - left) / Math.max(buckets.length, 1);
  const bar = Math.max(slot * 0.4, 0.5);
  const plot = height - 30;
  buckets.forEach((bucket, i) => {
    const group = svg('g', { 'data-start': bucket.startTime });
    ['northbound', 'southbound'].forEach((direction, k) => {
      const value = values[i][k];
      const h = (value / max) * plot;
      const rect = svg('rect', {
        x: left + i * slot + slot * 0.1 + k * bar, y: 8 + plot - h, width: bar, height: h,
        class: `bar ${direction}`, 'data-series': direction, 'data-value': value,
      });
      rect.append(svg('title', {}, `${new Date(bucket.startTime).toISOString()} ${direction}: ${formatInteger(value)}`));
      group.append(rect);
    });
    root.append(group);
  });
  timeLabels(root, buckets, (i) => left + (i + 0.5) * slot, height, granularity);
  root.dataset.value = String(buckets.length);
}

/** Shelter occupants at the end of each bucket as a line, against capacity (dashed; absent when unknown). */
export function drawOccupancy(root, buckets, occupants, capacity, granularity) {
  const width = 720;
  const height = 220;
  const left = 44;
  const max = niceMax(Math.max(capacity ?? 0, 0, ...occupants) * 1.1);
  frame(root, width, height, max, left);
  const plot = height - 30;
  const slot = (width - left) / Math.max(buckets.length, 1);
  const x = (i) => left + (i + 0.5) * slot;
  const y = (v) => 8 + plot - (Math.max(v, 0) / max) * plot;
  const capacityLine = svg('line', { x1: left, x2: width, y1: y(capacity ?? 0), y2: y(capacity ?? 0), class: 'capacity', 'data-series': 'capacity', 'data-value': capacity ?? '' });
  capacityLine.toggleAttribute('hidden', capacity === null);
  root.append(capacityLine);
  if (buckets.length > 0) {
    const points = occupants.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
    root.append(svg('polygon', { points: `${x(0).toFixed(1)},${y(0)} ${points} ${x(buckets.length - 1).toFixed(1)},${y(0)}`, class: 'occupancy-area' }));
    root.append(svg('polyline', { points, class: 'occupancy-line' }));
  }
  buckets.forEach((bucket, i) => {
    const over = capacity !== null && occupants[i] > capacity;
    const dot = svg('circle', { cx: x(i), cy: y(occupants[i]), r: 2.2, class: over ? 'point over' : 'point', 'data-start': bucket.startTime, 'data-value': occupants[i] });
    dot.append(svg('title', {}, `${new Date(bucket.endTime).toISOString()}: ${formatInteger(occupants[i])}`));
    root.append(dot);
  });
  timeLabels(root, buckets, x, height, granularity);
  root.dataset.value = String(buckets.length);
}

/** A small bar sparkline of arrivals per bucket (both directions). */
export function drawSparkline(root, buckets) {
  const width = 96;
  const height = 22;
  root.replaceChildren();
  root.setAttribute('viewBox', `0 0 ${width} ${height}`);
  root.setAttribute('preserveAspectRatio', 'none');
  const values = buckets.map((b) => count(b.counts?.arrival?.people));
  const max = Math.max(1, ...values);
  const slot = width / Math.max(buckets.length, 1);
  buckets.forEach((bucket, i) => {
    const h = values[i] === 0 ? 0 : Math.max((values[i] / max) * height, 1);
    root.append(svg('rect', { x: i * slot, y: height - h, width: Math.max(slot - 0.4, 0.4), height: h, 'data-start': bucket.startTime, 'data-value': values[i] }));
  });
  root.dataset.value = String(buckets.length);
}

/** An empty svg element for a chart, with its test id. */
export function chartElement(testId, label) {
  const root = svg('svg', { 'data-testid': testId, role: 'img', 'aria-label': label, class: 'chart' });
  root.dataset.value = '';
  return root;
}
