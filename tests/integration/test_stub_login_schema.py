"""Property-based run of schemathesis over the stub's auth endpoints on the real HTTPS server:
no 5xx, and every answer (status, content type, body) is one the OpenAPI document declares."""

from __future__ import annotations

import pytest
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.fixtures.stub import StubServer, login, stub_client

pytestmark = [pytest.mark.integration, pytest.mark.slow]

AUTH_PATHS = ("/health", "/auth/challenge", "/auth/login", "/auth/logout", "/certificates/check", "/me")
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _operations(stub: StubServer) -> list[schemathesis.APIOperation]:
    with stub_client(stub) as client:
        document = client.get(stub.url + "/openapi.json").json()
    schema = schemathesis.openapi.from_dict(document)
    operations = [result.ok() for result in schema.get_all_operations()]
    chosen = [op for op in operations if op.path.removeprefix("/api/v1") in AUTH_PATHS]
    assert len(chosen) == len(AUTH_PATHS)
    return chosen


@pytest.mark.parametrize("authorized", [False, True], ids=["anonymous", "with-token"])
def test_auth_endpoints_conform_to_their_schema(stub_server: StubServer, authorized: bool) -> None:
    session = requests.Session()
    verify = session.verify = str(stub_server.ca_file)
    headers = {"Authorization": f"Bearer {login(stub_server, 'r07')}"} if authorized else None
    for operation in _operations(stub_server):

        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            if headers and case.path.endswith("/auth/logout"):
                return  # keep the token for the other operations
            case.call_and_validate(
                base_url=stub_server.url, session=session, headers=headers, checks=CHECKS, verify=verify
            )

        run()
    session.close()
    # The server is still healthy afterwards.
    with stub_client(stub_server) as client:
        assert client.get("/health").status_code == 200
