#!/usr/bin/python3
"""What an operator does with grpcurl, done with Python's grpcio (Debian's python3-grpcio).

grpcurl itself cannot be installed here (it is not packaged by Debian bookworm nor npm), so
the end-to-end tests use this stand-in, which works the way grpcurl does: server reflection
lists the services, file_containing_symbol fetches a symbol's file with its dependencies,
and the files are loaded into a descriptor pool, which fails if any file or import is wrong.

    /usr/bin/python3 grpc_operator.py 127.0.0.1:50051 list [--v1alpha]
    /usr/bin/python3 grpc_operator.py 127.0.0.1:50051 describe grpc.health.v1.Health [--v1alpha]
    /usr/bin/python3 grpc_operator.py 127.0.0.1:50051 health [SERVICE]
    /usr/bin/python3 grpc_operator.py 127.0.0.1:50051 call checkpointgrid.v1.QueryService/GetNationalCounts '{}'
    /usr/bin/python3 grpc_operator.py 127.0.0.1:50443 --ca ca.pem [--token JWT] list

--ca FILE connects over TLS and trusts only the PEM CA certificate(s) in FILE (grpcurl -cacert); without
it the channel is plaintext h2c. --token TOKEN sends "authorization: Bearer TOKEN" with every call,
reflection and health included (grpcurl -H).

`call` makes a call with a JSON request (protobuf's JSON mapping, as grpcurl -d) and prints the JSON
response; for a server-streaming method (WatchService/Watch) it prints each response as it arrives,
one JSON object per line, until the stream ends. A failed call prints "CODE: message" to stderr and
exits 1.

Needs protoc (Debian protobuf-compiler) to build the reflection and health messages.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory

PROTO_ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "protos"))
TIMEOUT_S = 30.0
# Metadata sent with every call: the bearer token when --token is given.
METADATA = ()


def load_messages():
    protoc = shutil.which("protoc") or sys.exit("protoc not found (install Debian's protobuf-compiler)")
    tmp = tempfile.mkdtemp(prefix="grpc-operator-")
    try:
        out = os.path.join(tmp, "set.pb")
        subprocess.run([protoc, "-I", PROTO_ROOT, "--include_imports", "--descriptor_set_out=" + out,
                        "grpc/reflection/v1/reflection.proto", "grpc/reflection/v1alpha/reflection.proto",
                        "grpc/health/v1/health.proto"], check=True, timeout=60)
        with open(out, "rb") as f:
            return message_factory.GetMessages(descriptor_pb2.FileDescriptorSet.FromString(f.read()).file)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def reflect(channel, messages, package, **request):
    req_cls = messages[package + ".ServerReflectionRequest"]
    resp_cls = messages[package + ".ServerReflectionResponse"]
    call = channel.stream_stream("/%s.ServerReflection/ServerReflectionInfo" % package,
                                 request_serializer=req_cls.SerializeToString,
                                 response_deserializer=resp_cls.FromString)
    response = next(iter(call(iter([req_cls(**request)]), timeout=TIMEOUT_S, metadata=METADATA)))
    if response.HasField("error_response"):
        sys.exit("error %d: %s" % (response.error_response.error_code, response.error_response.error_message))
    return response


def comment_of(file_proto, path):
    for location in file_proto.source_code_info.location:
        if list(location.path) == path:
            return location.leading_comments.strip()
    return ""


def load_pool(channel, messages, package, symbol):
    """The descriptor pool of symbol's file and its imports, as grpcurl builds it."""
    response = reflect(channel, messages, package, file_containing_symbol=symbol)
    files = [descriptor_pb2.FileDescriptorProto.FromString(b)
             for b in response.file_descriptor_response.file_descriptor_proto]
    pool = descriptor_pool.DescriptorPool()
    added = set()
    while len(added) < len(files):
        ready = [p for p in files if p.name not in added and all(d in added for d in p.dependency)]
        if not ready:
            sys.exit("unresolvable imports: " + ", ".join(p.name for p in files if p.name not in added))
        for proto in ready:
            pool.Add(proto)
            added.add(proto.name)
    return pool, files


def describe(channel, messages, package, symbol):
    pool, files = load_pool(channel, messages, package, symbol)
    service = pool.FindServiceByName(symbol)
    owner = next(p for p in files if p.name == service.file.name)
    index = [s.name for s in owner.service].index(service.name)
    print("%s is a service:" % symbol)
    doc = comment_of(owner, [6, index])
    for line in doc.splitlines():
        print("// " + line)
    print("service %s {" % service.name)
    for i, method in enumerate(service.methods):
        for line in comment_of(owner, [6, index, 2, i]).splitlines():
            print("  // " + line)
        proto = owner.service[index].method[i]
        print("  rpc %s ( %s.%s ) returns ( %s.%s );" % (
            method.name, "stream " if proto.client_streaming else "", method.input_type.full_name,
            "stream " if proto.server_streaming else "", method.output_type.full_name))
    print("}")


def call(channel, messages, package, target, body):
    service_name, method_name = target.rsplit("/", 1)
    pool, _ = load_pool(channel, messages, package, service_name)
    method = pool.FindServiceByName(service_name).FindMethodByName(method_name)
    factory = message_factory.MessageFactory(pool)
    request_cls = factory.GetPrototype(method.input_type)
    response_cls = factory.GetPrototype(method.output_type)
    path = "/%s/%s" % (service_name, method_name)
    request = json_format.Parse(body or "{}", request_cls())
    try:
        if method.server_streaming:
            # Like grpcurl: every response as it arrives, until the server ends the stream (or Ctrl+C);
            # here one JSON object per line, flushed, so that a test can read them as they come.
            stub = channel.unary_stream(path, request_serializer=request_cls.SerializeToString,
                                        response_deserializer=response_cls.FromString)
            for response in stub(request, metadata=METADATA):
                print(json.dumps(json_format.MessageToDict(response, preserving_proto_field_name=True),
                                 ensure_ascii=False), flush=True)
            return
        stub = channel.unary_unary(path, request_serializer=request_cls.SerializeToString,
                                   response_deserializer=response_cls.FromString)
        response = stub(request, timeout=TIMEOUT_S, metadata=METADATA)
    except grpc.RpcError as e:
        sys.stderr.write("%s: %s\n" % (e.code().name, e.details()))
        sys.exit(1)
    print(json_format.MessageToJson(response, preserving_proto_field_name=True))


def open_channel(address, ca):
    if not ca:
        return grpc.insecure_channel(address)
    with open(ca, "rb") as f:
        return grpc.secure_channel(address, grpc.ssl_channel_credentials(root_certificates=f.read()))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("address")
    parser.add_argument("verb", choices=["list", "describe", "health", "call"])
    parser.add_argument("symbol", nargs="?", default="")
    parser.add_argument("body", nargs="?", default="", help="the JSON request, for call")
    parser.add_argument("--v1alpha", action="store_true", help="use grpc.reflection.v1alpha, as older grpcurl builds do")
    parser.add_argument("--ca", metavar="FILE", help="TLS, trusting only the PEM CA certificate(s) in FILE")
    parser.add_argument("--token", help='send "authorization: Bearer TOKEN" with every call')
    args = parser.parse_args()
    global METADATA
    if args.token:
        METADATA = (("authorization", "Bearer " + args.token),)
    messages = load_messages()
    package = "grpc.reflection.v1alpha" if args.v1alpha else "grpc.reflection.v1"
    with open_channel(args.address, args.ca) as channel:
        if args.verb == "list":
            for service in reflect(channel, messages, package, list_services="").list_services_response.service:
                print(service.name)
        elif args.verb == "describe":
            describe(channel, messages, package, args.symbol)
        elif args.verb == "call":
            call(channel, messages, package, args.symbol, args.body)
        else:
            req = messages["grpc.health.v1.HealthCheckRequest"]
            resp = messages["grpc.health.v1.HealthCheckResponse"]
            check = channel.unary_unary("/grpc.health.v1.Health/Check", request_serializer=req.SerializeToString,
                                        response_deserializer=resp.FromString)
            status = check(req(service=args.symbol), timeout=TIMEOUT_S, metadata=METADATA).status
            print(resp.DESCRIPTOR.enum_types_by_name["ServingStatus"].values_by_number[status].name)


if __name__ == "__main__":
    try:
        main()
    except grpc.RpcError as e:
        sys.exit("rpc failed: %s: %s" % (e.code().name, e.details()))
