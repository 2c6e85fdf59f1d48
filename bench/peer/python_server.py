#!/usr/bin/python3
"""Peer server for CheckpointGrid's gRPC benchmark: grpc.testing.TestService on Python grpcio
(the asyncio server over gRPC's C core), plaintext HTTP/2 on 127.0.0.1 only.

    /usr/bin/python3 python_server.py --port 0   (0: any free port; prints "Now listening on: http://127.0.0.1:PORT")

Implements what the benchmark calls, as the interop spec describes it: UnaryCall,
StreamingOutputCall, StreamingInputCall, FullDuplexCall and EmptyCall, with zero-filled payloads
of the requested sizes. Not an interop server: no status echo, metadata echo or response intervals.

Needs Debian's python3-grpcio and python3-protobuf, and protoc (protobuf-compiler): the message
classes are built at start-up from ../../protos, as tests/interop/python does; nothing generated
is kept in the repository.
"""

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile

try:
    import grpc
    from google.protobuf import descriptor_pb2, message_factory
except ImportError as e:
    sys.exit("error: %s. Run with /usr/bin/python3 (Debian packages python3-grpcio, python3-protobuf)." % e)

PROTO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos"))
PROTO_FILES = ["grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"]


def load_messages():
    """Compiles the test protos with protoc and returns {full_name: message class}."""
    protoc = shutil.which("protoc")
    if protoc is None:
        raise RuntimeError("protoc not found on PATH (install the Debian package protobuf-compiler)")
    tmp = tempfile.mkdtemp(prefix="bench-protos-")
    try:
        out = os.path.join(tmp, "descriptors.pb")
        subprocess.run([protoc, "-I", PROTO_ROOT, "--include_imports", "--descriptor_set_out=" + out] + PROTO_FILES,
                       check=True, timeout=60)
        with open(out, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return message_factory.GetMessages(fds.file)


def build_handler(m):
    Empty = m["grpc.testing.Empty"]
    SimpleRequest = m["grpc.testing.SimpleRequest"]
    SimpleResponse = m["grpc.testing.SimpleResponse"]
    StreamingInputCallRequest = m["grpc.testing.StreamingInputCallRequest"]
    StreamingInputCallResponse = m["grpc.testing.StreamingInputCallResponse"]
    StreamingOutputCallRequest = m["grpc.testing.StreamingOutputCallRequest"]
    StreamingOutputCallResponse = m["grpc.testing.StreamingOutputCallResponse"]
    Payload = m["grpc.testing.Payload"]

    def payload(size):
        return Payload(body=bytes(size))

    async def empty_call(request, context):
        return Empty()

    async def unary_call(request, context):
        return SimpleResponse(payload=payload(request.response_size))

    async def streaming_output_call(request, context):
        for parameters in request.response_parameters:
            yield StreamingOutputCallResponse(payload=payload(parameters.size))

    async def streaming_input_call(request_iterator, context):
        total = 0
        async for request in request_iterator:
            total += len(request.payload.body)
        return StreamingInputCallResponse(aggregated_payload_size=total)

    async def full_duplex_call(request_iterator, context):
        async for request in request_iterator:
            for parameters in request.response_parameters:
                yield StreamingOutputCallResponse(payload=payload(parameters.size))

    def method(kind, behaviour, request, response):
        return kind(behaviour, request_deserializer=request.FromString, response_serializer=response.SerializeToString)

    return grpc.method_handlers_generic_handler("grpc.testing.TestService", {
        "EmptyCall": method(grpc.unary_unary_rpc_method_handler, empty_call, Empty, Empty),
        "UnaryCall": method(grpc.unary_unary_rpc_method_handler, unary_call, SimpleRequest, SimpleResponse),
        "StreamingOutputCall": method(grpc.unary_stream_rpc_method_handler, streaming_output_call,
                                      StreamingOutputCallRequest, StreamingOutputCallResponse),
        "StreamingInputCall": method(grpc.stream_unary_rpc_method_handler, streaming_input_call,
                                     StreamingInputCallRequest, StreamingInputCallResponse),
        "FullDuplexCall": method(grpc.stream_stream_rpc_method_handler, full_duplex_call,
                                 StreamingOutputCallRequest, StreamingOutputCallResponse),
    })


async def serve(port):
    server = grpc.aio.server()
    server.add_generic_rpc_handlers((build_handler(load_messages()),))
    bound = server.add_insecure_port("127.0.0.1:%d" % port)
    await server.start()
    print("version: python %s, grpcio %s" % (sys.version.split()[0], grpc.__version__), flush=True)
    print("Now listening on: http://127.0.0.1:%d" % bound, flush=True)
    await server.wait_for_termination()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    if not 0 <= args.port <= 65535:
        parser.error("--port must be 0..65535")
    asyncio.run(serve(args.port))


if __name__ == "__main__":
    main()
