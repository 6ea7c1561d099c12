"""The launcher behind `make dev` and this suite: the parts that need no running stack."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from scripts.devstack.gateway import render_static_config
from scripts.devstack.processes import StartupError
from scripts.devstack.stack import Stack, StackOptions, cli_has_command, port_is_free, stop_process_group


def test_secrets_are_generated_once_and_kept_private(tmp_path: Path) -> None:
    stack = Stack(StackOptions(data_dir=tmp_path))
    first = stack._secrets()
    assert len(first["internal_token"]) >= 32
    assert stack._secrets() == first  # a re-run keeps the same token and admin password
    assert (tmp_path / "secrets.json").stat().st_mode & 0o777 == 0o600


def test_the_gateway_config_is_the_repository_one_with_local_addresses(tmp_path: Path) -> None:
    path = render_static_config(tmp_path, web_port=18480, metrics_port=18482, access_log=None)
    config = yaml.safe_load(path.read_text())
    assert config["entryPoints"]["web"]["address"] == "127.0.0.1:18480"
    assert config["entryPoints"]["metrics"]["address"] == "127.0.0.1:18482"
    assert config["providers"]["file"]["directory"].endswith("gateway/dynamic")
    assert "accessLog" not in config
    assert config["entryPoints"]["web"]["forwardedHeaders"] == {"insecure": False}  # untouched


def test_service_commands_are_discovered_from_the_cli() -> None:
    assert cli_has_command("ani_auth.cli", "create-admin")
    assert not cli_has_command("ani_auth.cli", "no-such-command")
    assert not cli_has_command("no_such_module.cli", "migrate")


def test_taken_ports_are_reported_before_anything_starts(tmp_path: Path) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        taken = sock.getsockname()[1]
        assert not port_is_free(taken)
        stack = Stack(StackOptions(data_dir=tmp_path, gateway_port=taken, port_base=18400, fake_providers_port=18490))
        with pytest.raises(StartupError, match=str(taken)):
            stack.check_ports_free()


def test_leftovers_of_a_killed_run_are_stopped(tmp_path: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True)
    try:
        (tmp_path / "pids.json").write_text(json.dumps({"auth-0": child.pid}))
        Stack(StackOptions(data_dir=tmp_path)).reap_leftovers()
        assert child.wait(timeout=15) is not None
        assert not (tmp_path / "pids.json").exists()
    finally:
        if child.poll() is None:
            child.kill()


def test_a_recycled_pid_of_another_program_is_left_alone() -> None:
    other = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        assert stop_process_group(other.pid) is False
        assert other.poll() is None
    finally:
        other.kill()
        other.wait()
