// Formatting and the few DOM writes every view shares. Each write compares with what is already
// shown first, so a 4-per-second update touches only the elements whose values changed.

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 0 });
const clock = new Intl.DateTimeFormat('es-PA', {
  timeZone: 'America/Panama', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false,
});

/** A count of the JSON mapping (uint64/int64 arrive as strings; absent means 0) as a Number. */
export function count(value) {
  if (value === undefined || value === null || value === '') return 0;
  const n = Number(value);
  return Number.isFinite(n) ? n : 0;
}

export const formatInteger = (n) => integer.format(n);
export const formatPercent = (fraction) => percent.format(fraction);
export const formatClock = (date) => clock.format(date);

/**
 * Shows an integer: its exact value in data-value (the DOM contract), formatted in the text.
 * null shows a dash and empties data-value (e.g. a capacity that is not known).
 */
export function setNumber(el, value) {
  const raw = value === null ? '' : String(value);
  if (el.dataset.value === raw) return false;
  el.dataset.value = raw;
  el.textContent = value === null ? '—' : integer.format(value);
  return true;
}

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/**
 * Fills a bar to a fraction (0–1) of its track. Scaling (not width) keeps bar changes off layout:
 * the compositor animates them, which matters at several updates a second.
 */
export function setBar(el, fraction) {
  const clamped = Number.isFinite(fraction) ? Math.min(Math.max(fraction, 0), 1) : 0;
  const transform = `scaleX(${clamped.toFixed(3)})`;
  if (el.style.transform !== transform) el.style.transform = transform;
}

export function setAttr(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/** Creates an element with a class and optional text. */
export function element(tag, className, text) {
  const el = document.createElement(tag);
  if (className) el.className = className;
  if (text !== undefined) el.textContent = text;
  return el;
}

export const KIND_LABELS = {
  CHECKPOINT_KIND_RECEPTION_STATION: ['Estación de recepción', 'Reception station'],
  CHECKPOINT_KIND_COMMUNITY_RECEPTION_POINT: ['Punto comunitario', 'Community reception point'],
  CHECKPOINT_KIND_TRANSIT_HUB: ['Centro de tránsito', 'Transit hub'],
  CHECKPOINT_KIND_SEA_PORT: ['Puerto', 'Sea port'],
  CHECKPOINT_KIND_LAND_BORDER: ['Frontera terrestre', 'Land border'],
  CHECKPOINT_KIND_AIRPORT: ['Aeropuerto', 'Airport'],
};

export const STATE_LABELS = {
  CHECKPOINT_STATE_ACTIVE: ['Activo', 'Active'],
  CHECKPOINT_STATE_CLOSED: ['Cerrado', 'Closed'],
};
