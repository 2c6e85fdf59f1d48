#!/usr/bin/env node
// gRPC interop test client (Node, @grpc/grpc-js) for CheckpointGrid.
//
// Implements the client side of the official gRPC interop test cases
// (grpc/grpc doc/interop-test-descriptions.md) over plaintext HTTP/2:
//
//   node interop_client.js --server_host 127.0.0.1 --server_port 50051 --test_case large_unary
//   node interop_client.js --server_host 127.0.0.1 --server_port 50051 --test_case all
//
// Prints "PASS <case>" on success (exit 0). On failure prints "FAIL <case>: <reason>"
// to stderr and exits 1. Flags may be given as "--flag value" or "--flag=value".
// Optional: --connect_timeout_s N (default 10) bounds the initial wait for the server.
'use strict';

const path = require('path');
const { Readable } = require('stream');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '..', '..', '..', 'protos');
const CALL_TIMEOUT_MS = 30000; // deadline for every RPC that is not testing deadlines
const CASE_TIMEOUT_MS = 60000; // hard bound for one test case

const TEST_CASES = [
  'empty_unary',
  'large_unary',
  'client_streaming',
  'server_streaming',
  'ping_pong',
  'empty_stream',
  'status_code_and_message',
  'special_status_message',
  'custom_metadata',
  'cancel_after_begin',
  'cancel_after_first_response',
  'timeout_on_sleeping_server',
  'unimplemented_method',
  'unimplemented_service',
];

// ---------------------------------------------------------------- helpers

class TestFailure extends Error {}
class Unreachable extends TestFailure {}

function fail(msg) {
  throw new TestFailure(msg);
}

function assert(cond, msg) {
  if (!cond) fail(msg);
}

function assertEq(actual, expected, what) {
  if (actual !== expected) {
    fail(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

function statusName(code) {
  const name = Object.keys(grpc.status).find((k) => grpc.status[k] === code);
  return name ? `${name}(${code})` : String(code);
}

function describeStatus(s) {
  return `status ${statusName(s.code)} ${JSON.stringify(s.details)}`;
}

function zeros(n) {
  return Buffer.alloc(n);
}

function deadline(ms = CALL_TIMEOUT_MS) {
  return new Date(Date.now() + ms);
}

// Asserts a payload body has exactly `size` bytes, all zero.
function assertZeroBody(payload, size, what) {
  const body = payload && payload.body ? payload.body : Buffer.alloc(0);
  assertEq(body.length, size, `${what} payload body size`);
  assert(body.every((b) => b === 0), `${what} payload body is not all zeros`);
}

function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new TestFailure(`${what} did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// Unary call that resolves (never rejects) once the final status is known:
// { err, response, initialMetadata, status }.
function unary(client, method, request, metadata = new grpc.Metadata(), options = {}) {
  return new Promise((resolve) => {
    const result = { err: null, response: null, initialMetadata: null, status: null };
    const call = client[method](request, metadata, { deadline: deadline(), ...options }, (err, response) => {
      result.err = err;
      result.response = response;
    });
    call.on('metadata', (md) => { result.initialMetadata = md; });
    // grpc-js emits 'status' right after invoking the callback.
    call.on('status', (status) => {
      result.status = status;
      resolve(result);
    });
  });
}

// Wraps a streaming call (client/server/bidi) and records everything it emits.
// For a client-streaming call the response arrives through the call's callback instead.
// next() waits for the next response message; finish() waits for the final status.
class StreamObserver {
  constructor(call) {
    this.call = call;
    this.messages = [];
    this.received = 0;
    this.initialMetadata = null;
    this.status = null;
    // Client-streaming calls are not readable and never emit 'end'.
    this.ended = !(call instanceof Readable);
    this.waiters = [];
    this.finishWaiters = [];
    call.on('data', (msg) => {
      this.received += 1;
      const w = this.waiters.shift();
      if (w) w.resolve(msg);
      else this.messages.push(msg);
    });
    call.on('metadata', (md) => { this.initialMetadata = md; });
    call.on('error', () => { /* the 'status' event carries the same information */ });
    call.on('end', () => { this.ended = true; this._settle(); });
    call.on('status', (status) => { this.status = status; this._settle(); });
  }

  _done() {
    // An OK stream is complete when both the status and the end of the data are seen;
    // a failed stream is complete as soon as the status arrives.
    return this.status !== null && (this.status.code !== grpc.status.OK || this.ended);
  }

  _settle() {
    if (this.ended || (this.status && this.status.code !== grpc.status.OK)) {
      for (const w of this.waiters.splice(0)) {
        w.reject(new TestFailure(`stream closed before an expected response arrived (${
          this.status ? describeStatus(this.status) : 'no status yet'})`));
      }
    }
    if (this._done()) for (const r of this.finishWaiters.splice(0)) r(this);
  }

  next() {
    if (this.messages.length > 0) return Promise.resolve(this.messages.shift());
    return new Promise((resolve, reject) => {
      this.waiters.push({ resolve, reject });
      this._settle();
    });
  }

  finish() {
    return new Promise((resolve) => {
      this.finishWaiters.push(resolve);
      this._settle();
    });
  }
}

function assertOk(status, what) {
  assert(status && status.code === grpc.status.OK, `${what} failed: ${status ? describeStatus(status) : 'no status'}`);
}

// ---------------------------------------------------------------- test cases

const tests = {
  async empty_unary({ test }) {
    const r = await unary(test, 'EmptyCall', {});
    assertOk(r.status, 'EmptyCall');
    assert(r.response !== null && r.response !== undefined, 'EmptyCall response is null');
  },

  async large_unary({ test }) {
    const r = await unary(test, 'UnaryCall', {
      response_size: 314159,
      payload: { body: zeros(271828) },
    });
    assertOk(r.status, 'UnaryCall');
    assertZeroBody(r.response.payload, 314159, 'UnaryCall response');
  },

  async client_streaming({ test }) {
    let response = null;
    const call = test.StreamingInputCall(new grpc.Metadata(), { deadline: deadline() }, (err, res) => {
      response = res;
    });
    const obs = new StreamObserver(call);
    for (const size of [27182, 8, 1828, 45904]) call.write({ payload: { body: zeros(size) } });
    call.end();
    await obs.finish();
    assertOk(obs.status, 'StreamingInputCall');
    assert(response, 'StreamingInputCall returned no response');
    assertEq(response.aggregated_payload_size, 74922, 'aggregated_payload_size');
  },

  async server_streaming({ test }) {
    const sizes = [31415, 9, 2653, 58979];
    const call = test.StreamingOutputCall(
      { response_parameters: sizes.map((size) => ({ size })) },
      new grpc.Metadata(), { deadline: deadline() });
    const obs = new StreamObserver(call);
    await obs.finish();
    assertOk(obs.status, 'StreamingOutputCall');
    assertEq(obs.messages.length, sizes.length, 'number of responses');
    obs.messages.forEach((m, i) => assertZeroBody(m.payload, sizes[i], `response #${i + 1}`));
  },

  async ping_pong({ test }) {
    const requestSizes = [27182, 8, 1828, 45904];
    const responseSizes = [31415, 9, 2653, 58979];
    const call = test.FullDuplexCall(new grpc.Metadata(), { deadline: deadline() });
    const obs = new StreamObserver(call);
    for (let i = 0; i < requestSizes.length; i++) {
      call.write({
        response_parameters: [{ size: responseSizes[i] }],
        payload: { body: zeros(requestSizes[i]) },
      });
      const reply = await obs.next();
      assertZeroBody(reply.payload, responseSizes[i], `response #${i + 1}`);
    }
    call.end();
    await obs.finish();
    assertOk(obs.status, 'FullDuplexCall');
    assertEq(obs.received, 4, 'number of responses');
  },

  async empty_stream({ test }) {
    const call = test.FullDuplexCall(new grpc.Metadata(), { deadline: deadline() });
    const obs = new StreamObserver(call);
    call.end();
    await obs.finish();
    assertOk(obs.status, 'FullDuplexCall');
    assertEq(obs.received, 0, 'number of responses');
  },

  async status_code_and_message(ctx) {
    await checkEchoStatus(ctx, 2, 'test status message', true);
  },

  async special_status_message(ctx) {
    await checkEchoStatus(ctx, 2, '\t\ntest with whitespace\r\nand Unicode BMP \u263A and non-BMP \u{1F608}\t\n', false);
  },

  async custom_metadata({ test }) {
    const initialKey = 'x-grpc-test-echo-initial';
    const initialValue = 'test_initial_metadata_value';
    const trailingKey = 'x-grpc-test-echo-trailing-bin';
    const trailingValue = Buffer.from([0xab, 0xab, 0xab]);
    const makeMetadata = () => {
      const md = new grpc.Metadata();
      md.add(initialKey, initialValue);
      md.add(trailingKey, trailingValue);
      return md;
    };
    const checkEcho = (what, initialMd, trailingMd) => {
      const got = initialMd ? initialMd.get(initialKey) : [];
      assert(got.length === 1 && got[0] === initialValue,
        `${what}: initial metadata ${initialKey} expected ["${initialValue}"], got ${JSON.stringify(got)}`);
      const gotBin = trailingMd ? trailingMd.get(trailingKey) : [];
      assert(gotBin.length === 1 && Buffer.isBuffer(gotBin[0]) && gotBin[0].equals(trailingValue),
        `${what}: trailing metadata ${trailingKey} expected [0xababab], got ${
          JSON.stringify(gotBin.map((v) => (Buffer.isBuffer(v) ? '0x' + v.toString('hex') : v)))}`);
    };

    // Step 1: UnaryCall.
    const r = await unary(test, 'UnaryCall', {
      response_size: 314159,
      payload: { body: zeros(271828) },
    }, makeMetadata());
    assertOk(r.status, 'UnaryCall');
    assertZeroBody(r.response.payload, 314159, 'UnaryCall response');
    checkEcho('UnaryCall', r.initialMetadata, r.status.metadata);

    // Step 2: FullDuplexCall, one request then half-close.
    const call = test.FullDuplexCall(makeMetadata(), { deadline: deadline() });
    const obs = new StreamObserver(call);
    call.write({ response_parameters: [{ size: 314159 }], payload: { body: zeros(271828) } });
    call.end();
    await obs.finish();
    assertOk(obs.status, 'FullDuplexCall');
    assertEq(obs.messages.length, 1, 'FullDuplexCall number of responses');
    assertZeroBody(obs.messages[0].payload, 314159, 'FullDuplexCall response');
    checkEcho('FullDuplexCall', obs.initialMetadata, obs.status.metadata);
  },

  async cancel_after_begin({ test }) {
    const call = test.StreamingInputCall(new grpc.Metadata(), { deadline: deadline() }, () => {});
    const obs = new StreamObserver(call);
    call.cancel();
    await obs.finish();
    assertEq(statusName(obs.status.code), statusName(grpc.status.CANCELLED), 'status code');
  },

  async cancel_after_first_response({ test }) {
    const call = test.FullDuplexCall(new grpc.Metadata(), { deadline: deadline() });
    const obs = new StreamObserver(call);
    call.write({ response_parameters: [{ size: 31415 }], payload: { body: zeros(27182) } });
    const reply = await obs.next();
    assertZeroBody(reply.payload, 31415, 'first response');
    call.cancel();
    await obs.finish();
    assertEq(statusName(obs.status.code), statusName(grpc.status.CANCELLED), 'status code');
  },

  async timeout_on_sleeping_server({ test }) {
    const call = test.FullDuplexCall(new grpc.Metadata(), { deadline: new Date(Date.now() + 1) });
    const obs = new StreamObserver(call);
    call.write({ payload: { body: zeros(27182) } });
    await obs.finish();
    assertEq(statusName(obs.status.code), statusName(grpc.status.DEADLINE_EXCEEDED), 'status code');
  },

  async unimplemented_method({ test }) {
    const r = await unary(test, 'UnimplementedCall', {});
    assertEq(statusName(r.status.code), statusName(grpc.status.UNIMPLEMENTED), 'status code');
  },

  async unimplemented_service({ unimplemented }) {
    const r = await unary(unimplemented, 'UnimplementedCall', {});
    assertEq(statusName(r.status.code), statusName(grpc.status.UNIMPLEMENTED), 'status code');
  },
};

// Echo Status: UnaryCall (and optionally FullDuplexCall) with response_status set must
// fail with exactly that code and message.
async function checkEchoStatus({ test }, code, message, alsoDuplex) {
  const r = await unary(test, 'UnaryCall', { response_status: { code, message } });
  assertEq(statusName(r.status.code), statusName(code), 'UnaryCall status code');
  assertEq(r.status.details, message, 'UnaryCall status message');
  if (!alsoDuplex) return;
  const call = test.FullDuplexCall(new grpc.Metadata(), { deadline: deadline() });
  const obs = new StreamObserver(call);
  call.write({ response_status: { code, message } });
  call.end();
  await obs.finish();
  assertEq(statusName(obs.status.code), statusName(code), 'FullDuplexCall status code');
  assertEq(obs.status.details, message, 'FullDuplexCall status message');
}

// ---------------------------------------------------------------- main

function parseArgs(argv) {
  const args = { server_host: '127.0.0.1', server_port: null, test_case: null, use_tls: 'false', connect_timeout_s: '10' };
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z_]+)(?:=(.*))?$/.exec(argv[i]);
    if (!m || !(m[1] in args)) throw new Error(`unknown argument: ${argv[i]}`);
    let value = m[2];
    if (value === undefined) {
      if (i + 1 >= argv.length) throw new Error(`missing value for --${m[1]}`);
      value = argv[++i];
    }
    args[m[1]] = value;
  }
  if (!args.server_port || !/^\d+$/.test(args.server_port)) throw new Error('--server_port N is required');
  if (!args.test_case) throw new Error('--test_case NAME is required (or "all")');
  if (args.use_tls !== 'false') throw new Error('only plaintext is supported (--use_tls=false)');
  return args;
}

function loadServices() {
  const def = protoLoader.loadSync('grpc/testing/test.proto', {
    includeDirs: [PROTO_ROOT],
    keepCase: true,
    longs: Number,
    enums: String,
    defaults: true,
    oneofs: true,
  });
  return grpc.loadPackageDefinition(def).grpc.testing;
}

async function runCase(name, services, address, connectTimeoutMs) {
  const test = new services.TestService(address, grpc.credentials.createInsecure());
  const unimplemented = new services.UnimplementedService(address, grpc.credentials.createInsecure());
  try {
    await new Promise((resolve, reject) => {
      test.waitForReady(new Date(Date.now() + connectTimeoutMs), (err) => (err
        ? reject(new Unreachable(`could not connect to ${address} within ${connectTimeoutMs} ms: ${err.message}`))
        : resolve()));
    });
    await withTimeout(tests[name]({ test, unimplemented }), CASE_TIMEOUT_MS, name);
    console.log(`PASS ${name}`);
    return 'pass';
  } catch (e) {
    const reason = e instanceof TestFailure ? e.message : (e && e.stack) || String(e);
    console.error(`FAIL ${name}: ${reason}`);
    return e instanceof Unreachable ? 'unreachable' : 'fail';
  } finally {
    test.close();
    unimplemented.close();
  }
}

async function main() {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`error: ${e.message}`);
    console.error('usage: node interop_client.js --server_host HOST --server_port PORT --test_case NAME|all');
    return 2;
  }
  const cases = args.test_case === 'all' ? TEST_CASES : [args.test_case];
  for (const c of cases) {
    if (!TEST_CASES.includes(c)) {
      console.error(`error: unknown test case "${c}"; known: ${TEST_CASES.join(', ')}, all`);
      return 2;
    }
  }
  const services = loadServices();
  const address = `${args.server_host}:${args.server_port}`;
  const connectTimeoutMs = Number(args.connect_timeout_s) * 1000;
  let failed = 0;
  let unreachable = false;
  for (const c of cases) {
    if (unreachable) {
      // Do not wait for the connect timeout again for every remaining case.
      console.error(`FAIL ${c}: not run, server ${address} unreachable`);
      failed += 1;
      continue;
    }
    const result = await runCase(c, services, address, connectTimeoutMs);
    if (result !== 'pass') failed += 1;
    unreachable = result === 'unreachable';
  }
  if (cases.length > 1) console.log(`${cases.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (e) => { console.error(`error: ${(e && e.stack) || e}`); process.exit(1); },
);
