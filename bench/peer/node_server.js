#!/usr/bin/env node
// Peer server for CheckpointGrid's gRPC benchmark: grpc.testing.TestService on @grpc/grpc-js,
// plaintext HTTP/2 on 127.0.0.1 only.
//
//   node node_server.js --port 0     (0: any free port; prints "Now listening on: http://127.0.0.1:PORT")
//
// Implements what the benchmark calls, as the interop spec describes it: UnaryCall,
// StreamingOutputCall, StreamingInputCall, FullDuplexCall and EmptyCall, with zero-filled
// payloads of the requested sizes. Not an interop server: no status echo, metadata echo or
// response intervals.
'use strict';

const path = require('path');
const grpc = require('@grpc/grpc-js');
const protoLoader = require('@grpc/proto-loader');

const PROTO_ROOT = path.resolve(__dirname, '..', '..', 'protos');

function parsePort(argv) {
  const i = argv.indexOf('--port');
  const port = i >= 0 ? Number(argv[i + 1]) : 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be 0..65535, not ${argv[i + 1]}`);
  }
  return port;
}

// Options as in grpc-node's own interop server.
const definition = protoLoader.loadSync('grpc/testing/test.proto', {
  keepCase: true,
  defaults: true,
  enums: String,
  includeDirs: [PROTO_ROOT],
});
const testService = grpc.loadPackageDefinition(definition).grpc.testing.TestService.service;

function payload(size) {
  return { type: 'COMPRESSABLE', body: Buffer.alloc(size) };
}

// Writes one response per parameter, waiting for 'drain' when grpc-js asks to slow down;
// calls done() after the last, or stops when the call is cancelled.
function writeResponses(call, parameters, done) {
  let i = 0;
  const next = () => {
    while (i < parameters.length) {
      if (call.cancelled) {
        return;
      }
      const more = call.write({ payload: payload(parameters[i++].size) });
      if (!more) {
        call.once('drain', next);
        return;
      }
    }
    done();
  };
  next();
}

const handlers = {
  EmptyCall(call, callback) {
    callback(null, {});
  },
  UnaryCall(call, callback) {
    callback(null, { payload: payload(call.request.response_size) });
  },
  StreamingOutputCall(call) {
    writeResponses(call, call.request.response_parameters, () => call.end());
  },
  StreamingInputCall(call, callback) {
    let sum = 0;
    call.on('data', (request) => {
      sum += request.payload ? request.payload.body.length : 0;
    });
    call.on('end', () => callback(null, { aggregated_payload_size: sum }));
    call.on('error', () => {});
  },
  FullDuplexCall(call) {
    // Requests are answered in order: reading pauses while one's responses are being written.
    let ended = false;
    let writing = false;
    call.on('data', (request) => {
      writing = true;
      call.pause();
      writeResponses(call, request.response_parameters, () => {
        writing = false;
        if (ended) {
          call.end();
        } else {
          call.resume();
        }
      });
    });
    call.on('end', () => {
      ended = true;
      if (!writing) {
        call.end();
      }
    });
    call.on('error', () => {});
  },
  HalfDuplexCall(call) {
    call.emit('error', { code: grpc.status.UNIMPLEMENTED, details: 'HalfDuplexCall is not used by the benchmark.' });
  },
  UnimplementedCall(call, callback) {
    callback({ code: grpc.status.UNIMPLEMENTED, details: 'UnimplementedCall is unimplemented.' });
  },
};

const server = new grpc.Server();
server.addService(testService, handlers);
server.bindAsync(`127.0.0.1:${parsePort(process.argv)}`, grpc.ServerCredentials.createInsecure(), (error, port) => {
  if (error) {
    console.error(`bind failed: ${error.message}`);
    process.exit(1);
  }
  const version = require('@grpc/grpc-js/package.json').version;
  console.log(`version: node ${process.version}, @grpc/grpc-js ${version}`);
  console.log(`Now listening on: http://127.0.0.1:${port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => server.tryShutdown(() => process.exit(0)));
}
