// CheckpointGrid live dashboard: loads the catalog, watches the viewed scope (the nation unless the
// URL says ?region=NAME or ?checkpoint_id=ID) and every checkpoint over Server-Sent Events, draws
// their time series, and redraws at most once per animation frame.
//
// DOM contract (relied on by tests/e2e/browser/dashboard.mjs; keep it stable):
// - The "national-*" numbers below are the viewed scope's (the nation's by default).
// - svg[data-testid="chart-hourly"|"chart-daily"] g[data-start="<bucket start>"]
//   rect[data-series="northbound"|"southbound"] with the bucket's arrivals in data-value;
//   svg[data-testid="chart-occupancy"] circle[data-start] with the shelter occupants at the end of
//   the bucket, line[data-series="capacity"]; tr[data-checkpoint] svg[data-testid="sparkline"]
//   rect[data-start] with the checkpoint's arrivals per hour. Each svg's data-value is its number
//   of buckets; bucket starts are as the API writes them (e.g. "2026-12-06T14:00:00Z").
// - select[data-testid="scope-select"]: its value is the URL query of the viewed scope.
// - Every number element carries its exact raw value in data-value (an integer, no formatting;
//   empty when the value is unknown, e.g. no shelter capacity) besides its formatted text.
// - [data-testid="national-arrivals"], "national-departures", "national-shelter-check-ins",
//   "national-repatriations", "national-northbound", "national-southbound" (arrivals by
//   direction), "national-minors" (arrivals aged 0–17), "national-today-arrivals",
//   "national-occupants", "national-capacity".
// - [data-testid="top-nationalities"] [data-nationality="VEN"]: the top 10 arrival
//   nationalities, each with data-value.
// - tr[data-checkpoint="<id>"] [data-field="arrivals"|"northbound"|"southbound"|"departures"|
//   "occupants"|"capacity"] with data-value (northbound/southbound are arrivals by direction).
// - svg[data-testid="map"] circle[data-checkpoint="<id>"] for each checkpoint with a location,
//   with its arrivals in data-value.
// - [data-testid="connection"] data-state="connecting"|"live"|"offline".
// - document.body.dataset.ready = "true" once the catalog loaded and both streams delivered
//   their first snapshot (and it was drawn).
import { authHeaders, ensureAccess, withToken } from './access.js';
import { formatClock, setText } from './format.js';
import { CheckpointMap } from './map.js';
import { NationalView } from './national.js';
import { ScopeStore, scopeKey } from './scopes.js';
import { Series, scopeQuery } from './series.js';
import { WatchStream } from './stream.js';
import { CheckpointTable } from './table.js';
import { TrendsView } from './trends.js';
import { ScopePicker, scopeFromUrl } from './picker.js';

const national = new NationalView(document);
const table = new CheckpointTable(document.querySelector('[data-testid="checkpoint-table"]'));
const map = new CheckpointMap(document.querySelector('.map-frame'), document.querySelector('.map-note'));
const connection = document.querySelector('[data-testid="connection"]');
const lastUpdate = document.querySelector('[data-testid="last-update"]');

const viewed = scopeFromUrl(new URLSearchParams(location.search));
const viewedKey = scopeKey(viewed);
const picker = new ScopePicker(document.querySelector('[data-testid="scope-select"]'), document.querySelector('[data-testid="scope-name"]'), viewed);
const trends = new TrendsView(document.querySelector('.trends'), viewed, () => {
  trendsDirty = true;
  scheduleRender();
});
const sparklines = new Map(); // checkpoint id → hourly Series
const dirtySparklines = new Set();
let trendsDirty = false;

const nationalScope = new ScopeStore();
const checkpointScopes = new ScopeStore();
let catalog = null; // Map of id → Checkpoint, once loaded
const snapshotsSeen = { national: false, checkpoints: false };
const reloadedFor = new Set();

// What the next frame must redraw.
let nationalDirty = false;
let allCheckpointsDirty = false;
const dirtyCheckpoints = new Set();
let frameRequested = false;

function scheduleRender() {
  if (frameRequested) return;
  frameRequested = true;
  requestAnimationFrame(render);
}

function render() {
  frameRequested = false;
  if (nationalDirty) {
    national.render(nationalScope.get(viewedKey));
    nationalDirty = false;
  }
  if (trendsDirty) {
    trends.render();
    trendsDirty = false;
  }
  for (const id of dirtySparklines) table.renderSparkline(id, sparklines.get(id)?.buckets ?? []);
  dirtySparklines.clear();
  if (catalog && (allCheckpointsDirty || dirtyCheckpoints.size > 0)) {
    const ids = allCheckpointsDirty ? catalog.keys() : dirtyCheckpoints;
    for (const id of ids) {
      const values = checkpointScopes.get(`checkpoint:${id}`);
      table.render(id, values);
      map.set(id, values);
    }
    map.render();
    allCheckpointsDirty = false;
    dirtyCheckpoints.clear();
  }
  if (!document.body.dataset.ready && catalog && snapshotsSeen.national && snapshotsSeen.checkpoints) {
    document.body.dataset.ready = 'true';
  }
}

function touched(when = new Date()) {
  lastUpdate.dateTime = when.toISOString();
  setText(lastUpdate, formatClock(when));
}

function onCheckpointKeys(keys) {
  for (const key of keys) {
    const id = key.slice('checkpoint:'.length);
    dirtyCheckpoints.add(id);
    const values = checkpointScopes.get(key);
    if (values) sparklineOf(id).apply(values);
    if (catalog && !catalog.has(id) && !reloadedFor.has(id)) {
      reloadedFor.add(id); // added to the catalog after we loaded it: reload once
      loadCatalog();
    }
  }
  touched();
  scheduleRender();
}

const streams = [
  new WatchStream(`api/v1/watch?${scopeQuery(viewed)}`, {
    snapshot(scopes) {
      nationalScope.applySnapshot(scopes);
      snapshotsSeen.national = true;
      nationalDirty = true;
      trendsDirty = true;
      const values = nationalScope.get(viewedKey);
      if (values) trends.apply(values);
      trends.refresh(); // after a reconnect, events may have landed anywhere
      touched();
      scheduleRender();
    },
    update(changed) {
      if (nationalScope.applyUpdate(changed).includes(viewedKey)) trends.apply(nationalScope.get(viewedKey));
      nationalDirty = true;
      trendsDirty = true;
      touched();
      scheduleRender();
    },
    heartbeat() {},
    state: showConnection,
  }, withToken),
  new WatchStream('api/v1/watch?all_checkpoints', {
    snapshot(scopes) {
      const keys = checkpointScopes.applySnapshot(scopes);
      snapshotsSeen.checkpoints = true;
      for (const series of sparklines.values()) series.refresh();
      map.clear();
      allCheckpointsDirty = true;
      onCheckpointKeys(keys);
    },
    update(changed) {
      onCheckpointKeys(checkpointScopes.applyUpdate(changed));
    },
    heartbeat() {},
    state: showConnection,
  }, withToken),
];

const CONNECTION_TEXT = {
  connecting: ['Conectando…', 'Connecting'],
  live: ['En vivo', 'Live'],
  offline: ['Sin conexión — reintentando', 'Offline, retrying'],
};

function showConnection() {
  const states = streams.map((s) => s.state);
  const state = states.includes('offline') ? 'offline' : states.every((s) => s === 'live') ? 'live' : 'connecting';
  if (connection.dataset.state === state) return;
  connection.dataset.state = state;
  const [spanish, english] = CONNECTION_TEXT[state];
  setText(connection.querySelector('.connection-text'), spanish);
  setText(connection.querySelector('.connection-sub'), english);
  document.body.classList.toggle('stale', state === 'offline');
}

let catalogRequest = null;
let catalogRetryMs = 1000;

function loadCatalog() {
  catalogRequest ??= fetchCatalog().finally(() => {
    catalogRequest = null;
  });
  return catalogRequest;
}

async function fetchCatalog() {
  try {
    const response = await fetch('api/v1/checkpoints', { headers: { Accept: 'application/json', ...authHeaders() } });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const checkpoints = (await response.json()).checkpoints ?? [];
    catalog = new Map(checkpoints.map((c) => [c.id, c]));
    catalogRetryMs = 1000;
    table.setCatalog(checkpoints);
    map.setCatalog(checkpoints);
    picker.setCatalog(checkpoints);
    table.markScope((id) => picker.contains(catalog.get(id)));
    for (const checkpoint of checkpoints) {
      sparklineOf(checkpoint.id).refresh();
      dirtySparklines.add(checkpoint.id);
    }
    allCheckpointsDirty = true;
    scheduleRender();
  } catch (error) {
    console.warn(`catalog: ${error.message}; retrying in ${catalogRetryMs / 1000} s`);
    setTimeout(loadCatalog, catalogRetryMs);
    catalogRetryMs = Math.min(catalogRetryMs * 2, 15000);
  }
}

function sparklineOf(id) {
  let series = sparklines.get(id);
  if (!series) {
    series = new Series({ checkpointId: id }, 'hourly', () => {
      dirtySparklines.add(id);
      scheduleRender();
    });
    sparklines.set(id, series);
  }
  return series;
}

// A server that requires a token gets one first (asked once per session); an open one, at once.
await ensureAccess();
loadCatalog();
for (const stream of streams) stream.start();
