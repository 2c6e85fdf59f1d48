// SVG map of Panama with one circle per checkpoint that has a location: area proportional to
// arrivals, colour from the north/south mix of those arrivals. Equirectangular projection, with
// longitudes scaled by cos(8.5°) so that shapes are true at Panama's latitude.
import { CANAL, NEIGHBOURS, PANAMA_OUTLINE } from './panama.js';
import { count, formatInteger, setAttr } from './format.js';

const SVG = 'http://www.w3.org/2000/svg';
const WEST = -83.05, EAST = -77.15, SOUTH = 7.2, NORTH = 9.65;
const X_SCALE = Math.cos((8.5 * Math.PI) / 180);
const WIDTH = 1000;
const UNIT = WIDTH / ((EAST - WEST) * X_SCALE);
const HEIGHT = Math.round((NORTH - SOUTH) * UNIT);
const PAD = 36;
const MIN_RADIUS = 5, MAX_RADIUS = 30;
// Checkpoints at (nearly) one position (Metetí stands in for several) are fanned out around it.
const CLUSTER_DISTANCE = 16;
const FAN_RADIUS = 26;
const LABEL_ROOM = 130; // room a name needs beside its circle, in map units
const NORTH_RGB = [56, 189, 248], SOUTH_RGB = [245, 158, 11];

export function project(longitude, latitude) {
  return [(longitude - WEST) * X_SCALE * UNIT, (NORTH - latitude) * UNIT];
}

function svg(tag, attributes = {}, text) {
  const el = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, String(value));
  if (text !== undefined) el.textContent = text;
  return el;
}

/** Colour of a southbound share (0 all north, 1 all south); grey when there were no arrivals. */
export function mixColour(southShare) {
  if (southShare === null) return 'rgb(100, 116, 139)';
  const [r, g, b] = NORTH_RGB.map((c, i) => Math.round(c + (SOUTH_RGB[i] - c) * southShare));
  return `rgb(${r}, ${g}, ${b})`;
}

export class CheckpointMap {
  #frame;
  #note;
  #sites = new Map();
  #values = new Map();

  constructor(frame, note) {
    this.#frame = frame;
    this.#note = note;
  }

  setCatalog(checkpoints) {
    const placed = checkpoints.filter((c) => c.location);
    const unplaced = checkpoints.filter((c) => !c.location);
    this.#sites.clear();

    const root = svg('svg', {
      viewBox: `${-PAD} ${-PAD} ${WIDTH + 2 * PAD} ${HEIGHT + 2 * PAD}`, role: 'img',
      'aria-labelledby': 'map-title map-desc', 'data-testid': 'map', preserveAspectRatio: 'xMidYMid meet',
    });
    root.append(
      svg('title', { id: 'map-title' }, 'Mapa de Panamá con los puntos de control · Map of Panama with the checkpoints'),
      svg('desc', { id: 'map-desc' }, 'Cada círculo es un punto de control; su área es proporcional a las llegadas y su color va de azul (hacia el norte) a ámbar (hacia el sur).'),
      svg('path', { class: 'neighbour', d: ringPath(NEIGHBOURS.costaRica) }),
      svg('path', { class: 'neighbour', d: ringPath(NEIGHBOURS.colombia) }),
      svg('path', { class: 'land', d: ringPath(PANAMA_OUTLINE) }),
      this.#graticule(),
      svg('path', { class: 'canal', d: ringPath(CANAL, false) }),
      svg('text', { class: 'sea-label', x: 200, y: 40 }, 'MAR CARIBE'),
      svg('text', { class: 'sea-label', x: 250, y: HEIGHT + 6 }, 'OCÉANO PACÍFICO'),
      svg('text', { class: 'neighbour-label', x: -20, y: 70 }, 'COSTA RICA'),
      svg('text', { class: 'neighbour-label', x: WIDTH - 60, y: HEIGHT - 20 }, 'COLOMBIA'),
    );
    const leaders = svg('g', { class: 'leaders' });
    const circles = svg('g', { class: 'sites' });
    const labels = svg('g', { class: 'site-labels' });
    root.append(leaders, circles, labels);

    for (const group of clusters(placed)) {
      const cx = group.reduce((sum, p) => sum + p.x, 0) / group.length;
      const cy = group.reduce((sum, p) => sum + p.y, 0) / group.length;
      // Two side by side (left, right); three or more around a circle, starting at the top.
      const start = group.length === 2 ? Math.PI : -Math.PI / 2;
      group.forEach(({ checkpoint, x: trueX, y: trueY }, i) => {
        const fanned = group.length > 1;
        const angle = fanned ? start + (2 * Math.PI * i) / group.length : 0;
        const x = fanned ? cx + FAN_RADIUS * Math.cos(angle) : trueX;
        const y = fanned ? cy + FAN_RADIUS * Math.sin(angle) : trueY;
        if (fanned) leaders.append(svg('line', { x1: trueX.toFixed(1), y1: trueY.toFixed(1), x2: x.toFixed(1), y2: y.toFixed(1) }));
        const circle = svg('circle', { cx: x.toFixed(1), cy: y.toFixed(1), r: MIN_RADIUS, 'data-checkpoint': checkpoint.id });
        if (checkpoint.state === 'CHECKPOINT_STATE_CLOSED') circle.classList.add('closed');
        const title = svg('title', {}, checkpoint.name);
        circle.append(title);
        circles.append(circle);
        const side = fanned ? fanSide(angle) : singleSide(x, y, placed);
        const label = svg('text', { 'text-anchor': { left: 'end', right: 'start', above: 'middle', below: 'middle' }[side] }, shortName(checkpoint.name));
        labels.append(label);
        this.#sites.set(checkpoint.id, { checkpoint, circle, title, label, x, y, side });
      });
    }
    this.#frame.replaceChildren(root);

    this.#note.hidden = unplaced.length === 0;
    this.#note.textContent = `Sin coordenadas, no dibujados (no coordinates, not drawn): ${unplaced.map((c) => c.name).join(', ')}`;
    this.render();
  }

  /** Records a checkpoint's ScopeCounts; call render() to redraw. */
  set(id, values) {
    this.#values.set(id, values);
  }

  clear() {
    this.#values.clear();
  }

  render() {
    let largest = 1;
    for (const values of this.#values.values()) largest = Math.max(largest, count(values?.totals?.arrival?.people));
    for (const [id, site] of this.#sites) {
      const totals = this.#values.get(id)?.totals ?? {};
      const arrivals = count(totals.arrival?.people);
      const north = count(totals.arrival?.byDirection?.northbound);
      const south = count(totals.arrival?.byDirection?.southbound);
      const radius = arrivals > 0 ? MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * Math.sqrt(arrivals / largest) : MIN_RADIUS;
      setAttr(site.circle, 'data-value', String(arrivals));
      setAttr(site.circle, 'r', radius.toFixed(1));
      setAttr(site.circle, 'fill', mixColour(north + south > 0 ? south / (north + south) : null));
      placeLabel(site, radius);
      const departures = count(totals.departure?.people);
      const text = `${site.checkpoint.name} (${id})\n`
        + `Llegadas / arrivals: ${formatInteger(arrivals)} (▲ ${formatInteger(north)} · ▼ ${formatInteger(south)})\n`
        + `Salidas / departures: ${formatInteger(departures)}`;
      if (site.title.textContent !== text) site.title.textContent = text;
    }
  }

  #graticule() {
    const g = svg('g', { class: 'graticule' });
    for (let lon = -83; lon <= -78; lon += 1) {
      const [x] = project(lon, NORTH);
      g.append(svg('line', { x1: x.toFixed(1), y1: -PAD, x2: x.toFixed(1), y2: HEIGHT + PAD }));
      g.append(svg('text', { x: (x + 4).toFixed(1), y: HEIGHT + PAD - 8 }, `${-lon}° O`));
    }
    for (let lat = 8; lat <= 9; lat += 1) {
      const [, y] = project(WEST, lat);
      g.append(svg('line', { x1: -PAD, y1: y.toFixed(1), x2: WIDTH + PAD, y2: y.toFixed(1) }));
      g.append(svg('text', { x: 6 - PAD, y: (y - 4).toFixed(1) }, `${lat}° N`));
    }
    return g;
  }
}

function ringPath(ring, closed = true) {
  return ring.map(([lon, lat], i) => {
    const [x, y] = project(lon, lat);
    return `${i ? 'L' : 'M'}${x.toFixed(1)},${y.toFixed(1)}`;
  }).join('') + (closed ? 'Z' : '');
}

/** Groups the checkpoints whose projected positions are within CLUSTER_DISTANCE of each other. */
function clusters(checkpoints) {
  const groups = [];
  for (const checkpoint of checkpoints) {
    const [x, y] = project(checkpoint.location.longitude, checkpoint.location.latitude);
    const near = groups.find((g) => g.some((p) => Math.hypot(p.x - x, p.y - y) < CLUSTER_DISTANCE));
    if (near) near.push({ checkpoint, x, y });
    else groups.push([{ checkpoint, x, y }]);
  }
  return groups;
}

/** Where the name of a fanned-out checkpoint goes: away from the fan's centre. */
function fanSide(angle) {
  return Math.cos(angle) < -0.3 || Math.sin(angle) < -0.9 ? 'left' : 'right';
}

/** Where a lone checkpoint's name goes: right, unless that is off the map or onto another site. */
function singleSide(x, y, checkpoints) {
  if (x > WIDTH - 170) return 'above';
  const crowded = checkpoints.some(({ location }) => {
    const [ox, oy] = project(location.longitude, location.latitude);
    return ox > x + 10 && ox < x + LABEL_ROOM && Math.abs(oy - y) < 24;
  });
  return crowded ? 'below' : 'right';
}

function placeLabel(site, radius) {
  const gap = radius + 4;
  const [x, y] = {
    left: [site.x - gap, site.y + 4],
    right: [site.x + gap, site.y + 4],
    above: [site.x, site.y - gap - 2],
    below: [site.x, site.y + gap + 11],
  }[site.side];
  setAttr(site.label, 'x', x.toFixed(1));
  setAttr(site.label, 'y', y.toFixed(1));
}

function shortName(name) {
  return name.replace(/^ETRM\s+/, '').replace(/\s*\(.*\)$/, '').replace(/( International)? Airport$/, '').replace(/ Marcos A\. Gelabert$/, '');
}
