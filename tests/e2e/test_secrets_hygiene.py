"""Secrets hygiene (issue 15): no password, access or refresh token, internal token or provider token in any log or
error body. The whole-run check is ``pytest_sessionfinish`` in conftest (after the stack stopped); here, the scanner
itself on planted secrets, and the same scan over the stack's logs and the error bodies of the run so far."""

from __future__ import annotations

from pathlib import Path

import httpx

from scripts.devstack.stack import Stack
from tests.e2e.conftest import GatewayClient
from tests.e2e.helpers import register
from tests.e2e.secrets_hygiene import SECRETS, SecretRegistry, report


def test_a_planted_secret_is_found_with_its_file_and_line_but_never_printed(tmp_path: Path) -> None:
    registry = SecretRegistry()
    secret = "s3cr3t-value-for-the-scanner"
    registry.add(secret, "planted token")
    registry.add("short", "too short to register")
    logs = tmp_path / "logs"
    (logs / "nested").mkdir(parents=True)
    (logs / "a.log").write_text("clean line\nclean again\n")
    (logs / "nested" / "b.log").write_text('ok\n{"event": "x", "token": "s3cr3t-value-for-the-scanner"}\n')
    (logs / "c.log").write_text("url-encoded: s3cr3t-value-for-the-scanner%20\n")
    registry.log_dirs.append(logs)
    registry.add_error_body("POST", "/api/v1/auth/login", 422, '{"input": "s3cr3t-value-for-the-scanner"}')
    registry.add_error_body("GET", "/api/v1/me/library", 401, '{"error": {"code": "HTTP_ERROR"}}')

    findings = registry.findings()
    where = sorted(finding.where for finding in findings)
    assert where == sorted(
        [
            f"{logs / 'nested' / 'b.log'}:2",
            f"{logs / 'c.log'}:1",
            "error body of POST /api/v1/auth/login -> 422",
        ]
    )
    assert {finding.label for finding in findings} == {"planted token"}
    assert secret not in report(findings)
    assert registry.redact(f"x {secret} y") == "x <planted token> y"
    assert registry.scan_text(["short is short"], "text") == []


def test_the_client_hooks_register_what_clients_send_and_receive() -> None:
    registry = SecretRegistry()
    request = httpx.Request(
        "POST",
        "http://gateway/api/v1/auth/password",
        json={"current_password": "old password 1", "new_password": "new password 2"},
        headers={
            "Authorization": "Bearer header.payload.signature",
            "X-Internal-Token": "internal-token-value",
            "Cookie": "refresh_token=refresh-cookie-value",
        },
    )
    registry.capture_request(request)
    response = httpx.Response(
        200,
        json={"access_token": "issued.access.token"},
        headers={"Set-Cookie": "admin_refresh_token=admin-refresh-value; HttpOnly; Path=/api/v1/admin"},
        request=request,
    )
    registry.capture_response(response, response.content)
    failure = httpx.Response(403, json={"error": {"message": "Invalid internal token"}}, request=request)
    registry.capture_response(failure, failure.content)
    assert set(registry.secrets) == {
        "old password 1",
        "new password 2",
        "header.payload.signature",
        "internal-token-value",
        "refresh-cookie-value",
        "issued.access.token",
        "admin-refresh-value",
    }
    assert [(body.path, body.status) for body in registry.error_bodies] == [("/api/v1/auth/password", 403)]


async def test_no_secret_of_the_run_so_far_in_the_logs_or_error_bodies(stack: Stack, gw: GatewayClient) -> None:
    # A few of the usual error answers carrying secrets in their requests: wrong password, bad token, bad cookie.
    account = await register(gw)
    await gw.post("/api/v1/auth/login", json={"email": account.email, "password": "not the right password"})
    await gw.post("/api/v1/auth/password", json={"current_password": "wrong current pw", "new_password": "x"})
    await gw.get("/api/v1/me/library", headers={"Authorization": f"Bearer {account.access_token}x"})
    await gw.post("/api/v1/auth/refresh", headers={"Cookie": "refresh_token=not-a-refresh-token-at-all"})

    assert stack.logs in SECRETS.log_dirs
    assert stack.internal_token in SECRETS.secrets
    assert any(label.startswith("parser KODIK_API_TOKEN") for label in SECRETS.secrets.values())
    findings = SECRETS.findings()
    assert not findings, "secrets in logs or error bodies:\n" + report(findings)
