// CheckpointGrid live dashboard: loads the catalog, watches the national scope and every
// checkpoint over Server-Sent Events, and redraws at most once per animation frame.
//
// DOM contract (relied on by tests/e2e/browser/dashboard.mjs; keep it stable):
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
import { ScopeStore } from './scopes.js';
import { WatchStream } from './stream.js';
import { CheckpointTable } from './table.js';

const national = new NationalView(document);
const table = new CheckpointTable(document.querySelector('[data-testid="checkpoint-table"]'));
const map = new CheckpointMap(document.querySelector('.map-frame'), document.querySelector('.map-note'));
const connection = document.querySelector('[data-testid="connection"]');
const lastUpdate = document.querySelector('[data-testid="last-update"]');

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
    national.render(nationalScope.get('national'));
    nationalDirty = false;
  }
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
    if (catalog && !catalog.has(id) && !reloadedFor.has(id)) {
      reloadedFor.add(id); // added to the catalog after we loaded it: reload once
      loadCatalog();
    }
  }
  touched();
  scheduleRender();
}

const streams = [
  new WatchStream('api/v1/watch?national', {
    snapshot(scopes) {
      nationalScope.applySnapshot(scopes);
      snapshotsSeen.national = true;
      nationalDirty = true;
      touched();
      scheduleRender();
    },
    update(changed) {
      nationalScope.applyUpdate(changed);
      nationalDirty = true;
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
    allCheckpointsDirty = true;
    scheduleRender();
  } catch (error) {
    console.warn(`catalog: ${error.message}; retrying in ${catalogRetryMs / 1000} s`);
    setTimeout(loadCatalog, catalogRetryMs);
    catalogRetryMs = Math.min(catalogRetryMs * 2, 15000);
  }
}

// A server that requires a token gets one first (asked once per session); an open one, at once.
await ensureAccess();
loadCatalog();
for (const stream of streams) stream.start();
