#!/usr/bin/env python3
"""A client nobody here wrote: Python's grpcio against a real tibs-registry process's gRPC door.

It lists the services by server reflection (grpcio-reflection), builds the message classes
from the reflected descriptors alone (no generated code, no .proto files), creates and lists
SMEs with a broker token, reads a field violation from the rich error details (grpcio-status,
google.rpc.BadRequest), follows WatchChanges for a few events, and is refused without a token.

    TIBS_BIN=.build/debug python3 Tests/PythonGRPC/grpc_interop.py

Run by scripts/test (through Tests/PythonGRPC/run, which makes the virtual environment).
"""
import os
import re
import subprocess
import sys
import tempfile

import grpc
from google.protobuf import descriptor_pool, json_format, message_factory
from google.rpc import error_details_pb2
from grpc_reflection.v1alpha.proto_reflection_descriptor_database import ProtoReflectionDescriptorDatabase
from grpc_status import rpc_status

BIN = os.environ.get("TIBS_BIN", ".build/debug")
TIMEOUT = 30  # seconds per call: a bound for a hung test, never reached by a working one


def run(*args):
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def start_registry(state):
    """tibs-registry on free ports; returns (process, gRPC address) from its banner."""
    process = subprocess.Popen(
        [f"{BIN}/tibs-registry", "--host", "127.0.0.1", "--port", "0", "--no-metrics",
         "--data-dir", f"{state}/registry", "--tls-cert", f"{state}/registry.pem",
         "--tls-key", f"{state}/registry.key", "--issuer-keys", f"{state}/issuer.pub", "--log-format", "text"],
        stdout=subprocess.PIPE, stderr=open(f"{state}/registry.log", "w"), text=True)
    for line in process.stdout:  # the banner ends with the metrics line
        found = re.match(r"\s+grpc:\s+(\S+:\d+) ", line)
        if found:
            return process, found.group(1)
        if line.startswith("  metrics:"):
            break
    process.kill()
    raise SystemExit(f"tibs-registry printed no gRPC address; see {state}/registry.log")


class Registry:
    """Stubs built at run time from what reflection says, as a new integrator's tool would."""

    def __init__(self, channel):
        self.channel = channel
        self.database = ProtoReflectionDescriptorDatabase(channel)
        self.pool = descriptor_pool.DescriptorPool(self.database)
        self.service = self.pool.FindServiceByName("tibs.registry.v1.SmeRegistry")

    def message(self, full_name, fields=None):
        cls = message_factory.GetMessageClass(self.pool.FindMessageTypeByName(full_name))
        return json_format.ParseDict(fields or {}, cls())

    def _method(self, name):
        method = self.service.FindMethodByName(name)
        request = message_factory.GetMessageClass(method.input_type)
        response = message_factory.GetMessageClass(method.output_type)
        path = f"/{self.service.full_name}/{name}"
        kind = self.channel.unary_stream if method.server_streaming else self.channel.unary_unary
        return kind(path, request_serializer=request.SerializeToString, response_deserializer=response.FromString), request

    def call(self, name, fields, token=None):
        stub, request = self._method(name)
        metadata = [("authorization", f"Bearer {token}")] if token else []
        return stub(json_format.ParseDict(fields, request()), metadata=metadata, timeout=TIMEOUT)


def sme(registration, headcount=24):
    return {"fields": {
        "legalName": "Gauja Data SIA", "registrationId": registration,
        "region": {"country": "LV", "nutsCode": "LV008"},
        "headcount": headcount, "annualTurnoverEur": "3100000", "balanceSheetTotalEur": "1800000",
        "naceCodes": [{"code": "62.01", "version": "2"}],
        "description": "Data platforms for municipal utilities",
    }}


def check(condition, what):
    if not condition:
        raise AssertionError(what)
    print(f"ok  {what}")


def main():
    with tempfile.TemporaryDirectory(prefix="tibs-python-grpc-") as state:
        run(f"{BIN}/tibsctl", "certs", "init", "--out", state, "--services", "registry", "--ca-name", "python test CA")
        broker = run(f"{BIN}/tibsctl", "token", "issue", "--issuer-key", f"{state}/issuer.key", "--role", "broker",
                     "--regions", "LV008", "--subject", "python-broker", "--ttl", "1h").strip()
        service = run(f"{BIN}/tibsctl", "token", "issue", "--issuer-key", f"{state}/issuer.key", "--role", "service",
                      "--subject", "python-follower", "--ttl", "1h").strip()
        process, address = start_registry(state)
        try:
            with open(f"{state}/ca.pem", "rb") as ca:
                credentials = grpc.ssl_channel_credentials(root_certificates=ca.read())
            with grpc.secure_channel(address, credentials) as channel:
                exercise(Registry(channel), broker, service)
        finally:
            process.terminate()
            process.wait(timeout=60)
    print("python grpcio client: all checks passed")


def exercise(registry, broker, service):
    services = registry.database.get_services()
    check("tibs.registry.v1.SmeRegistry" in services and "tibs.health.v1.Health" in services,
          f"reflection lists the registry and its built-ins ({len(services)} services)")
    check(not any(name.startswith("tibs.testing") for name in services), "reflection shows no test-only schema")

    created = registry.call("CreateSme", sme("LV40003245652"), broker)
    check(len(created.id) == 36 and created.version == 1, f"CreateSme with a broker token: {created.id}")
    listed = registry.call("ListSmes", {"country": "LV"}, broker)
    check([s.id for s in listed.smes] == [created.id], "ListSmes returns it")

    try:
        registry.call("CreateSme", sme("LV40003245653", headcount=0), broker)
        check(False, "an SME with headcount 0 is refused")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"headcount 0 is INVALID_ARGUMENT: {error.details()}")
        status = rpc_status.from_call(error)
        fields = []
        for detail in status.details:
            if detail.Is(error_details_pb2.BadRequest.DESCRIPTOR):
                bad_request = error_details_pb2.BadRequest()
                detail.Unpack(bad_request)
                fields += [violation.field for violation in bad_request.field_violations]
        check("fields.headcount" in fields, f"the rich error details name the field: {fields}")

    try:
        registry.call("ListSmes", {}, None)
        check(False, "a call without a token is refused")
    except grpc.RpcError as error:
        check(error.code() == grpc.StatusCode.UNAUTHENTICATED, f"no token: UNAUTHENTICATED ({error.details()})")

    registry.call("CreateSme", sme("LV40003245654"), broker)
    stream = registry.call("WatchChanges", {"afterSequence": "0"}, service)
    events = []
    for event in stream:
        events.append(event)
        if len(events) == 2:
            break
    stream.cancel()
    check([e.sequence for e in events] == [1, 2] and events[0].entity_id == created.id,
          "WatchChanges streams the two creations in order")


if __name__ == "__main__":
    try:
        main()
    except (AssertionError, grpc.RpcError) as failure:
        print(f"FAILED: {failure}", file=sys.stderr)
        sys.exit(1)
