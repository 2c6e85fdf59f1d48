// Node's @grpc/grpc-js as an independent client of a running CheckpointGrid server.
//
//   node client.mjs HOST:PORT [CHECKPOINT_ID] [--ca FILE] [--token TOKEN] [--viewer-token TOKEN]
//
// Through server reflection it lists the services and fetches IngestService's file descriptors; then,
// with the repository's protos loaded by @grpc/proto-loader, it streams three batches into
// IngestService/Ingest and resends the last one, watches the checkpoint (WatchService/Watch) and
// records one more event (RecordCrossing), waiting for the update that includes it.
//
// Prints one JSON summary line on stdout (every event it sent, every ack, the watch versions) and
// exits 0; on any mismatch it prints why on stderr and exits 1, on an error or a timeout 2. Every call
// has a deadline and every wait a timer, and a watchdog ends the process whatever happens.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const OVERALL_MS = 60_000;
const CALL_MS = 30_000;
const STEP_MS = 15_000;
const PROTOS = fileURLToPath(new URL('../../../protos/', import.meta.url));
const LOADER_OPTIONS = { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true };
const MOVEMENTS = ['MOVEMENT_ARRIVAL', 'MOVEMENT_DEPARTURE', 'MOVEMENT_SHELTER_CHECK_IN', 'MOVEMENT_SHELTER_CHECK_OUT', 'MOVEMENT_REPATRIATION_BOARDING'];
const DIRECTIONS = ['DIRECTION_NORTHBOUND', 'DIRECTION_SOUTHBOUND'];
const AGE_GROUPS = ['AGE_GROUP_AGES_0_TO_4', 'AGE_GROUP_AGES_5_TO_11', 'AGE_GROUP_AGES_12_TO_17', 'AGE_GROUP_AGES_18_TO_59', 'AGE_GROUP_AGES_60_PLUS', 'AGE_GROUP_UNKNOWN'];
const SEXES = ['SEX_FEMALE', 'SEX_MALE', 'SEX_UNKNOWN'];
const NATIONALITIES = ['VEN', 'HTI', 'ECU', 'COL', 'CHN', 'OOO'];
const BATCH_SIZES = [4, 5, 6];

class Mismatch extends Error {}

// --ca FILE: TLS trusting only the PEM CA certificate(s) in FILE (plaintext h2c without it);
// --token TOKEN: "authorization: Bearer TOKEN" on every call, reflection included;
// --viewer-token TOKEN: this one instead on the reads (queries, Watch), when the server gives a terminal's token
// (--token) the right to ingest only.
const { values: flags, positionals } = parseArgs({
  options: { ca: { type: 'string' }, token: { type: 'string' }, 'viewer-token': { type: 'string' } },
  allowPositionals: true,
});
const [address, checkpointId = 'PA-CHI-PCN'] = positionals;
if (!address) {
  process.stderr.write('usage: node client.mjs HOST:PORT [CHECKPOINT_ID] [--ca FILE] [--token TOKEN] [--viewer-token TOKEN]\n');
  process.exit(2);
}
const credentials = flags.ca ? grpc.credentials.createSsl(readFileSync(flags.ca)) : grpc.credentials.createInsecure();
const withTokenOptions = (token) => (token ? { interceptors: [withToken(token)] } : {});
const clientOptions = withTokenOptions(flags.token);
const readerOptions = withTokenOptions(flags['viewer-token'] ?? flags.token);

const summary = { checkpoint_id: checkpointId, terminal_id: `grpc-js-${randomUUID().slice(0, 8)}` };
const clients = [];
let finished = false;
const watchdog = setTimeout(() => finish(2, `gave up after ${OVERALL_MS} ms`), OVERALL_MS);
watchdog.unref();

try {
  await run();
  finish(0);
} catch (error) {
  // A gRPC status says enough on its own; anything else gets its stack.
  const mismatch = error instanceof Mismatch;
  finish(mismatch ? 1 : 2, mismatch || error?.code !== undefined ? error.message : error?.stack ?? String(error));
}

async function run() {
  const packages = loadPackage([
    'checkpointgrid/v1/ingest.proto',
    'checkpointgrid/v1/watch.proto',
    'checkpointgrid/v1/query.proto',
    'grpc/reflection/v1/reflection.proto',
  ]);
  const client = (Service, options = clientOptions) => {
    const made = new Service(address, credentials, options);
    clients.push(made);
    return made;
  };
  const ingest = client(packages.checkpointgrid.v1.IngestService);
  const watch = client(packages.checkpointgrid.v1.WatchService, readerOptions);
  const query = client(packages.checkpointgrid.v1.QueryService, readerOptions);
  const reflection = client(packages.grpc.reflection.v1.ServerReflection);

  summary.reflection = await reflect(reflection, packages.checkpointgrid.v1.IngestService.service);
  const before = await checkpointCounts(query);
  summary.ingest = await ingestBatches(ingest);
  const afterIngest = await checkpointCounts(query);
  expectTotals(afterIngest.totals, before.totals, summary.ingest.events, 'GetCheckpointCounts after Ingest');
  summary.watch = await watchOneMore(watch, ingest, afterIngest);
}

function withToken(token) {
  return (options, nextCall) => new grpc.InterceptingCall(nextCall(options), {
    start(metadata, listener, next) {
      metadata.set('authorization', `Bearer ${token}`);
      next(metadata, listener);
    },
  });
}

function loadPackage(files) {
  return grpc.loadPackageDefinition(protoLoader.loadSync(files, { ...LOADER_OPTIONS, includeDirs: [PROTOS] }));
}

/** Lists the services and fetches the file descriptors of IngestService; builds a client definition from them as grpcurl would. */
async function reflect(reflection, ingestFromProtos) {
  const call = reflection.ServerReflectionInfo({ deadline: deadline() });
  const responses = reader(call, 'ServerReflectionInfo');

  call.write({ list_services: '*' });
  const listed = await responses.next();
  const services = listed.list_services_response?.service?.map((s) => s.name) ?? [];
  for (const name of ['checkpointgrid.v1.IngestService', 'checkpointgrid.v1.WatchService', 'checkpointgrid.v1.QueryService',
    'checkpointgrid.v1.CatalogService', 'grpc.health.v1.Health', 'grpc.reflection.v1.ServerReflection']) {
    check(services.includes(name), `reflection lists ${name}: ${JSON.stringify(services)}`);
  }

  call.write({ file_containing_symbol: 'checkpointgrid.v1.IngestService' });
  const found = await responses.next();
  check(found.message_response === 'file_descriptor_response', `file_containing_symbol answered ${JSON.stringify(found)}`);
  const descriptors = found.file_descriptor_response.file_descriptor_proto;
  call.end();
  await responses.end();

  // A FileDescriptorSet is its files as field 1, length-delimited: the descriptors must be enough to build a client.
  const set = Buffer.concat(descriptors.flatMap((d) => [Buffer.from([0x0a]), varint(d.length), d]));
  const reflected = grpc.loadPackageDefinition(protoLoader.loadFileDescriptorSetFromBuffer(set, LOADER_OPTIONS));
  const service = reflected.checkpointgrid?.v1?.IngestService?.service;
  check(service !== undefined, 'the reflected descriptors declare checkpointgrid.v1.IngestService');
  check(JSON.stringify(shape(service)) === JSON.stringify(shape(ingestFromProtos)),
    `reflected IngestService ${JSON.stringify(shape(service))} differs from protos/ ${JSON.stringify(shape(ingestFromProtos))}`);
  // The server serves the protos' comments (grpcurl describe shows them).
  const documented = descriptors.some((d) => d.includes('Takes crossing events from checkpoint terminals, exactly once.'));
  check(documented, 'the reflected ingest.proto keeps its comments');
  return { services, files: descriptors.length, ingest_methods: Object.keys(shape(service)), documented };
}

function shape(service) {
  return Object.fromEntries(Object.entries(service).map(([name, m]) => [name, `${m.path} ${m.requestStream} ${m.responseStream}`]));
}

/** Opens the terminal's stream, sends three batches (one ack each), then resends the last (acked as duplicates). */
async function ingestBatches(ingest) {
  const call = ingest.Ingest({ deadline: deadline() });
  const responses = reader(call, 'Ingest');

  call.write({ open: { checkpoint_id: checkpointId, terminal_id: summary.terminal_id } });
  const opened = await responses.next();
  check(opened.payload === 'opened', `first response is opened: ${JSON.stringify(opened)}`);
  const nextSequence = Number(opened.opened.next_sequence);
  check(nextSequence === 1, `a new terminal starts at sequence 1, got ${nextSequence}`);

  const events = [];
  const acks = [];
  let sequence = nextSequence;
  let batch = [];
  for (const size of BATCH_SIZES) {
    batch = [];
    for (let i = 0; i < size; i++, sequence++) {
      batch.push(crossing(sequence, events.length + i));
    }
    events.push(...batch);
    acks.push(await sendBatch(call, responses, batch, { accepted: batch.length, duplicates: 0 }));
  }
  const resend = await sendBatch(call, responses, batch, { accepted: 0, duplicates: batch.length });

  call.end();
  await responses.end();
  return { next_sequence: nextSequence, acks, resend, events: events.map(withoutStreamFields) };
}

async function sendBatch(call, responses, batch, expected) {
  call.write({ batch: { events: batch } });
  const response = await responses.next();
  check(response.payload === 'ack', `a batch is answered with an ack: ${JSON.stringify(response)}`);
  const ack = {
    durable_through_sequence: Number(response.ack.durable_through_sequence),
    accepted_events: response.ack.accepted_events,
    duplicate_events: response.ack.duplicate_events,
    rejections: response.ack.rejections.length,
  };
  const last = batch.at(-1).sequence;
  check(ack.durable_through_sequence === last && ack.accepted_events === expected.accepted
    && ack.duplicate_events === expected.duplicates && ack.rejections === 0,
    `batch ${batch[0].sequence}..${last}: expected durable_through_sequence ${last}, ${expected.accepted} accepted, `
    + `${expected.duplicates} duplicates, no rejections; got ${JSON.stringify(response.ack)}`);
  return ack;
}

/** Watches the checkpoint, records one more event, and waits for the update that counts it. */
async function watchOneMore(watch, ingest, current) {
  const call = watch.Watch({ scope: { checkpoint_id: checkpointId }, min_interval_ms: 50 }, { deadline: deadline() });
  const responses = reader(call, 'Watch');
  try {
    const first = await responses.next();
    check(first.payload === 'snapshot' && first.snapshot.scopes.length === 1, `the watch starts with one scope's snapshot: ${JSON.stringify(first)}`);
    const snapshot = first.snapshot.scopes[0];
    check(snapshot.scope.checkpoint_id === checkpointId, `the snapshot is of ${checkpointId}: ${JSON.stringify(snapshot.scope)}`);
    expectTotals(snapshot.totals, current.totals, [], 'the watch snapshot');

    // RecordCrossing takes no sequence: its events are deduplicated by event_id alone.
    const { sequence: _, ...event } = crossing(0, summary.ingest.events.length);
    const more = withoutStreamFields(event);
    const recorded = await unary(ingest, 'RecordCrossing', { event });
    check(recorded.duplicate === false, `RecordCrossing of a new event is not a duplicate: ${JSON.stringify(recorded)}`);

    const until = Date.now() + STEP_MS;
    let seen = 0;
    for (;;) {
      const message = await responses.next(until - Date.now());
      if (message.payload !== 'update') {
        continue;
      }
      seen++;
      const changed = message.update.changed.find((s) => s.scope.checkpoint_id === checkpointId);
      if (changed && people(changed.totals, more.movement) === people(current.totals, more.movement) + more.headcount) {
        expectTotals(changed.totals, current.totals, [more], 'the watch update');
        check(BigInt(changed.version) > BigInt(snapshot.version), `update version ${changed.version} above snapshot ${snapshot.version}`);
        return { snapshot_version: snapshot.version, update_version: changed.version, updates_seen: seen, recorded: more };
      }
    }
  } finally {
    call.cancel();
  }
}

function crossing(sequence, n) {
  return {
    event_id: `${summary.terminal_id}-${n + 1}`,
    checkpoint_id: checkpointId,
    terminal_id: summary.terminal_id,
    sequence,
    occurred_at: { seconds: Math.floor(Date.now() / 1000) - 600 + n, nanos: 0 },
    movement: MOVEMENTS[n % MOVEMENTS.length],
    direction: DIRECTIONS[n % DIRECTIONS.length],
    nationality: NATIONALITIES[n % NATIONALITIES.length],
    age_group: AGE_GROUPS[n % AGE_GROUPS.length],
    sex: SEXES[n % SEXES.length],
    headcount: 1 + (n % 7),
  };
}

/** An event as the summary shows it: what the counts depend on (and its sequence, if any). */
function withoutStreamFields(event) {
  const { checkpoint_id: _c, terminal_id: _t, occurred_at: _o, ...rest } = event;
  return rest;
}

/** The counts must be `base` plus `events`, movement by movement, for people, direction, age group, sex and nationality. */
function expectTotals(actual, base, events, what) {
  for (const movement of MOVEMENTS) {
    const key = movement.slice('MOVEMENT_'.length).toLowerCase();
    const these = events.filter((e) => e.movement === movement);
    const sum = (pick) => these.filter(pick).reduce((total, e) => total + e.headcount, 0);
    const a = actual?.[key];
    const b = base?.[key];
    const pairs = [
      ['people', n(a?.people), n(b?.people) + sum(() => true)],
      ...DIRECTIONS.map((d) => [d, n(a?.by_direction?.[d.slice(10).toLowerCase()]), n(b?.by_direction?.[d.slice(10).toLowerCase()]) + sum((e) => e.direction === d)]),
      ...AGE_GROUPS.map((g) => [g, n(a?.by_age_group?.[g.slice(10).toLowerCase()]), n(b?.by_age_group?.[g.slice(10).toLowerCase()]) + sum((e) => e.age_group === g)]),
      ...SEXES.map((s) => [s, n(a?.by_sex?.[s.slice(4).toLowerCase()]), n(b?.by_sex?.[s.slice(4).toLowerCase()]) + sum((e) => e.sex === s)]),
      ...NATIONALITIES.map((c) => [c, n(a?.by_nationality?.[c]), n(b?.by_nationality?.[c]) + sum((e) => e.nationality === c)]),
    ];
    for (const [label, got, want] of pairs) {
      check(got === want, `${what}: ${key} ${label} is ${got}, expected ${want}`);
    }
  }
}

function people(totals, movement) {
  return n(totals?.[movement.slice('MOVEMENT_'.length).toLowerCase()]?.people);
}

function n(value) {
  return value === undefined || value === null ? 0 : Number(value);
}

async function checkpointCounts(query) {
  return (await unary(query, 'GetCheckpointCounts', { checkpoint_id: checkpointId })).counts;
}

function unary(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: deadline() }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

/** Reads a stream's messages one at a time, each wait bounded; end() awaits the call's OK status. */
function reader(call, name) {
  const queue = [];
  const waiters = [];
  let failure = null;
  let ended = false;
  const wake = () => {
    while (waiters.length > 0 && (queue.length > 0 || failure || ended)) {
      const waiter = waiters.shift();
      if (queue.length > 0) {
        waiter.resolve(queue.shift());
      } else {
        waiter.reject(failure ?? new Mismatch(`${name} ended while a message was expected`));
      }
    }
  };
  call.on('data', (message) => {
    queue.push(message);
    wake();
  });
  call.on('error', (error) => {
    failure = error;
    wake();
  });
  call.on('end', () => {
    ended = true;
    wake();
  });
  const statusReceived = new Promise((resolve) => call.on('status', resolve));
  return {
    next: (timeoutMs = STEP_MS) => bounded(new Promise((resolve, reject) => {
      waiters.push({ resolve, reject });
      wake();
    }), Math.max(timeoutMs, 0), `${name}: no message within ${timeoutMs} ms`),
    end: async () => {
      const status = await bounded(statusReceived, STEP_MS, `${name}: no status within ${STEP_MS} ms`);
      check(status.code === grpc.status.OK && queue.length === 0, `${name} ends with OK and nothing unread: ${status.code} ${status.details}, ${queue.length} unread`);
    },
  };
}

function bounded(promise, timeoutMs, message) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function varint(value) {
  const bytes = [];
  for (let v = value; ; v >>>= 7) {
    if (v < 0x80) {
      bytes.push(v);
      return Buffer.from(bytes);
    }
    bytes.push((v & 0x7f) | 0x80);
  }
}

function deadline() {
  return new Date(Date.now() + CALL_MS);
}

function check(condition, message) {
  if (!condition) {
    throw new Mismatch(message);
  }
}

function finish(code, message) {
  if (finished) {
    return;
  }
  finished = true;
  for (const client of clients) {
    client.close();
  }
  if (message) {
    process.stderr.write(`${code === 1 ? 'MISMATCH' : 'ERROR'}: ${message}\n`);
  }
  process.stdout.write(`${JSON.stringify(summary)}\n`, () => process.exit(code));
}
