#!/usr/bin/python3
"""gRPC interop test client (Python, grpcio) for CheckpointGrid.

Implements the client side of the official gRPC interop test cases
(grpc/grpc doc/interop-test-descriptions.md) over plaintext HTTP/2:

    /usr/bin/python3 interop_client.py --server_host 127.0.0.1 --server_port 50051 --test_case large_unary
    /usr/bin/python3 interop_client.py --server_host 127.0.0.1 --server_port 50051 --test_case all

Prints "PASS <case>" on success (exit 0). On failure prints "FAIL <case>: <reason>" to
stderr and exits 1. Flags may be given as "--flag value" or "--flag=value".
Optional: --connect_timeout_s N (default 10) bounds the initial wait for the server.

Needs Debian's python3-grpcio and python3-protobuf, plus protoc (Debian protobuf-compiler):
message classes are built at start-up from the .proto files under ../../../protos by
running `protoc --descriptor_set_out` into a temporary directory; no generated code is
kept in the repository.
"""

import argparse
import os
import queue
import shutil
import subprocess
import sys
import tempfile

try:
    import grpc
    from google.protobuf import descriptor_pb2, message_factory
except ImportError as e:
    sys.exit("error: %s. Run with /usr/bin/python3 (Debian packages python3-grpcio, python3-protobuf)." % e)

PROTO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "..", "protos"))
PROTO_FILES = ["grpc/testing/empty.proto", "grpc/testing/messages.proto", "grpc/testing/test.proto"]
CALL_TIMEOUT_S = 30.0  # deadline for every RPC that is not testing deadlines
PIPE_IDLE_TIMEOUT_S = 30.0  # a request stream left open ends by itself after this long

TEST_CASES = [
    "empty_unary",
    "large_unary",
    "client_streaming",
    "server_streaming",
    "ping_pong",
    "empty_stream",
    "status_code_and_message",
    "special_status_message",
    "custom_metadata",
    "cancel_after_begin",
    "cancel_after_first_response",
    "timeout_on_sleeping_server",
    "unimplemented_method",
    "unimplemented_service",
]

# ---------------------------------------------------------------- protos


def load_messages():
    """Compiles the test protos with protoc and returns {full_name: message class}."""
    protoc = shutil.which("protoc")
    if protoc is None:
        raise RuntimeError("protoc not found on PATH (install the Debian package protobuf-compiler)")
    tmp = tempfile.mkdtemp(prefix="interop-protos-")
    try:
        out = os.path.join(tmp, "descriptors.pb")
        subprocess.run(
            [protoc, "-I", PROTO_ROOT, "--include_imports", "--descriptor_set_out=" + out] + PROTO_FILES,
            check=True, timeout=60)
        with open(out, "rb") as f:
            fds = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return message_factory.GetMessages(fds.file)


class Messages:
    def __init__(self):
        classes = load_messages()
        for name in ["Empty", "SimpleRequest", "SimpleResponse", "StreamingInputCallRequest",
                     "StreamingInputCallResponse", "StreamingOutputCallRequest",
                     "StreamingOutputCallResponse", "Payload", "ResponseParameters", "EchoStatus"]:
            setattr(self, name, classes["grpc.testing." + name])


class Stub:
    """Hand-written stub: the method paths are fixed by test.proto."""

    def __init__(self, channel, m):
        def method(kind, service, name, req, resp):
            return getattr(channel, kind)(
                "/grpc.testing.%s/%s" % (service, name),
                request_serializer=req.SerializeToString,
                response_deserializer=resp.FromString)

        self.EmptyCall = method("unary_unary", "TestService", "EmptyCall", m.Empty, m.Empty)
        self.UnaryCall = method("unary_unary", "TestService", "UnaryCall", m.SimpleRequest, m.SimpleResponse)
        self.StreamingOutputCall = method("unary_stream", "TestService", "StreamingOutputCall",
                                          m.StreamingOutputCallRequest, m.StreamingOutputCallResponse)
        self.StreamingInputCall = method("stream_unary", "TestService", "StreamingInputCall",
                                         m.StreamingInputCallRequest, m.StreamingInputCallResponse)
        self.FullDuplexCall = method("stream_stream", "TestService", "FullDuplexCall",
                                     m.StreamingOutputCallRequest, m.StreamingOutputCallResponse)
        self.UnimplementedCall = method("unary_unary", "TestService", "UnimplementedCall", m.Empty, m.Empty)
        self.UnimplementedServiceCall = method("unary_unary", "UnimplementedService", "UnimplementedCall",
                                               m.Empty, m.Empty)


# ---------------------------------------------------------------- helpers


class TestFailure(Exception):
    pass


class Unreachable(TestFailure):
    pass


def check(cond, msg):
    if not cond:
        raise TestFailure(msg)


def check_eq(actual, expected, what):
    if actual != expected:
        raise TestFailure("%s: expected %r, got %r" % (what, expected, actual))


def check_zero_body(payload, size, what):
    body = payload.body
    check_eq(len(body), size, what + " payload body size")
    check(body == b"\0" * size, what + " payload body is not all zeros")


def code_of(number):
    for c in grpc.StatusCode:
        if c.value[0] == number:
            return c
    raise ValueError("unknown status code %d" % number)


def rpc_error(e):
    return "RPC failed: %s %r" % (e.code(), e.details())


class Pipe:
    """A request iterator fed by the test; closes by itself when idle too long."""

    _END = object()

    def __init__(self):
        self._q = queue.Queue()

    def add(self, item):
        self._q.put(item)

    def close(self):
        self._q.put(self._END)

    def __iter__(self):
        return self

    def __next__(self):
        try:
            item = self._q.get(timeout=PIPE_IDLE_TIMEOUT_S)
        except queue.Empty:
            raise StopIteration
        if item is self._END:
            raise StopIteration
        return item

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def next_response(call, what):
    try:
        return next(call)
    except StopIteration:
        raise TestFailure("%s: stream ended before the expected response (status %s %r)"
                          % (what, call.code(), call.details()))


def metadata_values(md, key):
    return [v for k, v in (md or ()) if k == key]


# ---------------------------------------------------------------- test cases


def empty_unary(stub, m):
    resp = stub.EmptyCall(m.Empty(), timeout=CALL_TIMEOUT_S)
    check(resp is not None, "EmptyCall response is null")
    check(isinstance(resp, m.Empty), "EmptyCall response is not an Empty")


def large_unary(stub, m):
    req = m.SimpleRequest(response_size=314159, payload=m.Payload(body=b"\0" * 271828))
    resp = stub.UnaryCall(req, timeout=CALL_TIMEOUT_S)
    check_zero_body(resp.payload, 314159, "UnaryCall response")


def client_streaming(stub, m):
    reqs = [m.StreamingInputCallRequest(payload=m.Payload(body=b"\0" * n)) for n in (27182, 8, 1828, 45904)]
    resp = stub.StreamingInputCall(iter(reqs), timeout=CALL_TIMEOUT_S)
    check_eq(resp.aggregated_payload_size, 74922, "aggregated_payload_size")


def server_streaming(stub, m):
    sizes = [31415, 9, 2653, 58979]
    req = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=s) for s in sizes])
    call = stub.StreamingOutputCall(req, timeout=CALL_TIMEOUT_S)
    responses = list(call)
    check_eq(call.code(), grpc.StatusCode.OK, "StreamingOutputCall status")
    check_eq(len(responses), len(sizes), "number of responses")
    for i, (resp, size) in enumerate(zip(responses, sizes)):
        check_zero_body(resp.payload, size, "response #%d" % (i + 1))


def ping_pong(stub, m):
    request_sizes = [27182, 8, 1828, 45904]
    response_sizes = [31415, 9, 2653, 58979]
    with Pipe() as pipe:
        call = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT_S)
        for i, (req_size, resp_size) in enumerate(zip(request_sizes, response_sizes)):
            pipe.add(m.StreamingOutputCallRequest(
                response_parameters=[m.ResponseParameters(size=resp_size)],
                payload=m.Payload(body=b"\0" * req_size)))
            resp = next_response(call, "FullDuplexCall")
            check_zero_body(resp.payload, resp_size, "response #%d" % (i + 1))
        pipe.close()
        extra = list(call)  # must be none: exactly four responses in total
        check_eq(call.code(), grpc.StatusCode.OK, "FullDuplexCall status")
        check_eq(len(request_sizes) + len(extra), 4, "number of responses")


def empty_stream(stub, m):
    call = stub.FullDuplexCall(iter([]), timeout=CALL_TIMEOUT_S)
    responses = list(call)
    check_eq(call.code(), grpc.StatusCode.OK, "FullDuplexCall status")
    check_eq(len(responses), 0, "number of responses")


def _echo_status(stub, m, code, message, also_duplex):
    want = code_of(code)
    req = m.SimpleRequest(response_status=m.EchoStatus(code=code, message=message))
    try:
        stub.UnaryCall(req, timeout=CALL_TIMEOUT_S)
        raise TestFailure("UnaryCall succeeded; expected status %s" % want)
    except grpc.RpcError as e:
        check_eq(e.code(), want, "UnaryCall status code")
        check_eq(e.details(), message, "UnaryCall status message")
    if not also_duplex:
        return
    req = m.StreamingOutputCallRequest(response_status=m.EchoStatus(code=code, message=message))
    call = stub.FullDuplexCall(iter([req]), timeout=CALL_TIMEOUT_S)
    try:
        for _ in call:
            pass
        raise TestFailure("FullDuplexCall succeeded; expected status %s" % want)
    except grpc.RpcError:
        check_eq(call.code(), want, "FullDuplexCall status code")
        check_eq(call.details(), message, "FullDuplexCall status message")


def status_code_and_message(stub, m):
    _echo_status(stub, m, 2, "test status message", True)


def special_status_message(stub, m):
    _echo_status(stub, m, 2, "\t\ntest with whitespace\r\nand Unicode BMP \u263a and non-BMP \U0001f608\t\n", False)


INITIAL_KEY, INITIAL_VALUE = "x-grpc-test-echo-initial", "test_initial_metadata_value"
TRAILING_KEY, TRAILING_VALUE = "x-grpc-test-echo-trailing-bin", b"\xab\xab\xab"


def _check_echoed_metadata(what, initial, trailing):
    got = metadata_values(initial, INITIAL_KEY)
    check(got == [INITIAL_VALUE], "%s: initial metadata %s expected %r, got %r"
          % (what, INITIAL_KEY, [INITIAL_VALUE], got))
    got = metadata_values(trailing, TRAILING_KEY)
    check(got == [TRAILING_VALUE], "%s: trailing metadata %s expected %r, got %r"
          % (what, TRAILING_KEY, [TRAILING_VALUE], got))


def custom_metadata(stub, m):
    metadata = ((INITIAL_KEY, INITIAL_VALUE), (TRAILING_KEY, TRAILING_VALUE))

    # Step 1: UnaryCall.
    req = m.SimpleRequest(response_size=314159, payload=m.Payload(body=b"\0" * 271828))
    resp, call = stub.UnaryCall.with_call(req, metadata=metadata, timeout=CALL_TIMEOUT_S)
    check_zero_body(resp.payload, 314159, "UnaryCall response")
    _check_echoed_metadata("UnaryCall", call.initial_metadata(), call.trailing_metadata())

    # Step 2: FullDuplexCall, one request then half-close.
    req = m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=314159)],
                                       payload=m.Payload(body=b"\0" * 271828))
    call = stub.FullDuplexCall(iter([req]), metadata=metadata, timeout=CALL_TIMEOUT_S)
    responses = list(call)
    check_eq(call.code(), grpc.StatusCode.OK, "FullDuplexCall status")
    check_eq(len(responses), 1, "FullDuplexCall number of responses")
    check_zero_body(responses[0].payload, 314159, "FullDuplexCall response")
    _check_echoed_metadata("FullDuplexCall", call.initial_metadata(), call.trailing_metadata())


def cancel_after_begin(stub, m):
    with Pipe() as pipe:
        future = stub.StreamingInputCall.future(pipe, timeout=CALL_TIMEOUT_S)
        future.cancel()
        check(future.cancelled(), "call was not cancelled")
        check_eq(future.code(), grpc.StatusCode.CANCELLED, "status code")


def cancel_after_first_response(stub, m):
    with Pipe() as pipe:
        call = stub.FullDuplexCall(pipe, timeout=CALL_TIMEOUT_S)
        pipe.add(m.StreamingOutputCallRequest(response_parameters=[m.ResponseParameters(size=31415)],
                                              payload=m.Payload(body=b"\0" * 27182)))
        resp = next_response(call, "FullDuplexCall")
        check_zero_body(resp.payload, 31415, "first response")
        call.cancel()
        try:
            next(call)
            raise TestFailure("stream continued after cancel")
        except grpc.RpcError:
            pass
        check_eq(call.code(), grpc.StatusCode.CANCELLED, "status code")


def timeout_on_sleeping_server(stub, m):
    with Pipe() as pipe:
        call = stub.FullDuplexCall(pipe, timeout=0.001)
        pipe.add(m.StreamingOutputCallRequest(payload=m.Payload(body=b"\0" * 27182)))
        try:
            next(call)
            raise TestFailure("received a response; expected DEADLINE_EXCEEDED")
        except StopIteration:
            pass  # the status is checked below
        except grpc.RpcError:
            pass
        check_eq(call.code(), grpc.StatusCode.DEADLINE_EXCEEDED, "status code")


def unimplemented_method(stub, m):
    try:
        stub.UnimplementedCall(m.Empty(), timeout=CALL_TIMEOUT_S)
        raise TestFailure("UnimplementedCall succeeded; expected UNIMPLEMENTED")
    except grpc.RpcError as e:
        check_eq(e.code(), grpc.StatusCode.UNIMPLEMENTED, "status code")


def unimplemented_service(stub, m):
    try:
        stub.UnimplementedServiceCall(m.Empty(), timeout=CALL_TIMEOUT_S)
        raise TestFailure("UnimplementedService/UnimplementedCall succeeded; expected UNIMPLEMENTED")
    except grpc.RpcError as e:
        check_eq(e.code(), grpc.StatusCode.UNIMPLEMENTED, "status code")


# ---------------------------------------------------------------- main


def run_case(name, address, messages, connect_timeout_s):
    channel = grpc.insecure_channel(address)
    try:
        try:
            grpc.channel_ready_future(channel).result(timeout=connect_timeout_s)
        except grpc.FutureTimeoutError:
            raise Unreachable("could not connect to %s within %s s" % (address, connect_timeout_s))
        globals()[name](Stub(channel, messages), messages)
        print("PASS %s" % name, flush=True)
        return "pass"
    except TestFailure as e:
        print("FAIL %s: %s" % (name, e), file=sys.stderr, flush=True)
        if isinstance(e, Unreachable):
            return "unreachable"
    except grpc.RpcError as e:
        print("FAIL %s: %s" % (name, rpc_error(e)), file=sys.stderr, flush=True)
    except Exception as e:  # a bug in the client or an unexpected library error
        print("FAIL %s: unexpected %s: %s" % (name, type(e).__name__, e), file=sys.stderr, flush=True)
    finally:
        channel.close()
    return "fail"


def main(argv):
    parser = argparse.ArgumentParser(description="gRPC interop test client (plaintext)")
    parser.add_argument("--server_host", default="127.0.0.1")
    parser.add_argument("--server_port", type=int, required=True)
    parser.add_argument("--test_case", required=True, help="a test case name, or 'all'")
    parser.add_argument("--use_tls", default="false", choices=["false"], help="only plaintext is supported")
    parser.add_argument("--connect_timeout_s", type=float, default=10.0)
    args = parser.parse_args(argv)

    cases = TEST_CASES if args.test_case == "all" else [args.test_case]
    unknown = [c for c in cases if c not in TEST_CASES]
    if unknown:
        parser.error("unknown test case %r; known: %s, all" % (unknown[0], ", ".join(TEST_CASES)))

    messages = Messages()
    address = "%s:%d" % (args.server_host, args.server_port)
    failed = 0
    unreachable = False
    for c in cases:
        if unreachable:
            # Do not wait for the connect timeout again for every remaining case.
            print("FAIL %s: not run, server %s unreachable" % (c, address), file=sys.stderr, flush=True)
            failed += 1
            continue
        result = run_case(c, address, messages, args.connect_timeout_s)
        if result != "pass":
            failed += 1
        unreachable = result == "unreachable"
    if len(cases) > 1:
        print("%d passed, %d failed" % (len(cases) - failed, failed), flush=True)
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
