"""The launcher behind `make dev` and this suite: the parts that need no running stack (the site's build and install
stamps included: they run on fake frontend folders)."""

from __future__ import annotations

import importlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from scripts.devstack import __main__ as devstack_main
from scripts.devstack import infra
from scripts.devstack.__main__ import banner
from scripts.devstack.frontend import Frontend
from scripts.devstack.gateway import render_static_config
from scripts.devstack.infra import Infrastructure
from scripts.devstack.processes import ManagedProcess, StartupError, port_is_free, run_checked, stop_process_group
from scripts.devstack.stack import ROOT, Stack, StackOptions


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
    # no front proxy trusted by default (Traefik at the edge); one is only ever added, never `insecure`
    assert config["entryPoints"]["web"]["forwardedHeaders"] == {"insecure": False, "trustedIPs": []}
    behind = render_static_config(
        tmp_path / "tls", web_port=18480, metrics_port=18482, access_log=None, trusted_ips=["10.1.2.3/32"]
    )
    forwarded = yaml.safe_load(behind.read_text())["entryPoints"]["web"]["forwardedHeaders"]
    assert forwarded == {"insecure": False, "trustedIPs": ["10.1.2.3/32"]}


def _python(
    tmp_path: Path, name: str, code: str, *, settle: float = 0.0, ready_url: str | None = None
) -> ManagedProcess:
    log = tmp_path / "logs" / f"{name}.log"
    return ManagedProcess(name, [sys.executable, "-c", code], {}, log, ready_url=ready_url, settle=settle)


FAILING = "import sys; print('projector: ImportError: cannot import name Projector', file=sys.stderr); sys.exit(1)"
SLEEPING = "import time; time.sleep(60)"


def test_every_part_is_started_without_probing_whether_it_exists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stack = Stack(StackOptions(data_dir=tmp_path, replicas=2))
    stack.infra = Infrastructure(database_url="postgresql://postgres@127.0.0.1:5432/postgres", redis_url="redis://x")
    launched: list[str] = []
    monkeypatch.setattr(stack, "_launch", lambda processes: launched.extend(process.name for process in processes))
    stack.start_services()
    assert sorted(launched) == sorted(
        ["auth-0", "auth-1", "write-api-0", "write-api-1", "read-api-0", "read-api-1", "projector", "fake-providers"]
    )
    commands: list[str] = []
    monkeypatch.setattr(
        "scripts.devstack.stack.run_checked", lambda argv, env, *, what, cwd=None: commands.append(what)
    )
    stack.seed()
    assert commands == ["demo import", "read-model rebuild"]  # both always run: a missing command is an error


def test_a_one_shot_command_that_fails_reports_its_exit_code_and_stderr(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match=r"(?s)read-model rebuild failed \(exit 1\):.*cannot import name Projector"):
        run_checked([sys.executable, "-c", FAILING], {}, what="read-model rebuild")


def test_a_part_that_exits_at_start_up_stops_the_stack_with_its_error(tmp_path: Path) -> None:
    stack = Stack(StackOptions(data_dir=tmp_path))
    (tmp_path / "logs").mkdir()
    (tmp_path / "logs" / "projector.log").write_text("output of an earlier run\n")
    healthy = _python(tmp_path, "read-api-0", SLEEPING)
    failing = _python(tmp_path, "projector", FAILING, settle=10.0)
    try:
        with pytest.raises(StartupError) as raised:
            stack._launch([healthy, failing])
        message = str(raised.value)
        assert "projector exited with code 1" in message
        assert "ImportError: cannot import name Projector" in message
        assert "earlier run" not in message  # only this run's output
        assert "read-api-0" not in message  # the part still running is not blamed
    finally:
        stack.stop()
    assert healthy.process is not None
    assert healthy.process.poll() is not None  # stopped with the stack
    assert stack.processes == []


def test_a_part_with_a_ready_url_that_exits_is_reported_at_once(tmp_path: Path) -> None:
    failing = _python(tmp_path, "fake-providers", FAILING, ready_url="http://127.0.0.1:9/health")
    failing.start()
    with pytest.raises(StartupError, match=r"(?s)fake-providers exited with code 1.*cannot import name Projector"):
        failing.wait_ready(timeout=30)


def test_a_missing_embedded_server_wheel_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise ModuleNotFoundError(f"No module named {name!r}")

    monkeypatch.setattr(importlib, "import_module", missing)
    with pytest.raises(RuntimeError, match=r"PostgreSQL does not answer .*`pgserver` wheel.*make install"):
        infra._embedded_module("pgserver", "PostgreSQL")


def test_make_dev_stops_and_exits_1_with_the_failing_parts_message(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    started: list[ManagedProcess] = []

    async def start(self: Stack, *, fresh: bool = False) -> None:
        started.extend([_python(tmp_path, "auth-0", SLEEPING), _python(tmp_path, "projector", FAILING, settle=10.0)])
        self._launch(started)

    monkeypatch.setattr(Stack, "start", start)
    monkeypatch.setattr(signal, "signal", lambda *args: None)  # leave pytest's handlers alone
    assert devstack_main.main(["--data-dir", str(tmp_path), "--no-frontend"]) == 1
    stderr = capsys.readouterr().err
    assert "make dev failed: projector exited with code 1" in stderr
    assert "ImportError: cannot import name Projector" in stderr
    assert [process.name for process in started] == ["auth-0", "projector"]
    assert all(process.process is not None and process.process.poll() is not None for process in started)


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


# ---------------------------------------------------------------------------------------------------------- the site


def _frontend(tmp_path: Path) -> Frontend:
    """A minimal frontend/ folder: what the stamps look at, no real Next.js project."""
    root = tmp_path / "frontend"
    (root / "src" / "app").mkdir(parents=True)
    (root / "src" / "app" / "page.tsx").write_text("export default function Page() { return null; }\n")
    (root / "package.json").write_text('{"name": "x"}\n')
    (root / "package-lock.json").write_text('{"lockfileVersion": 3}\n')
    (root / "tsconfig.json").write_text('{"include": ["src"]}\n')
    return Frontend(root)


def _fake_build(frontend: Frontend, build_id: str = "build-1") -> None:
    """What `npm run build` leaves behind, as far as the stamps care."""
    (frontend.directory / ".next" / "standalone").mkdir(parents=True, exist_ok=True)
    frontend.server.write_text("// server\n")
    frontend.build_id_file.write_text(build_id)


def test_the_site_is_built_on_first_run_and_after_any_source_change(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    assert site.needs_build()  # never built
    before = site.input_digests()
    _fake_build(site)
    site.write_build_stamp(before)
    assert not site.needs_build()

    page = site.directory / "src" / "app" / "page.tsx"
    original = page.read_text()
    page.write_text(original + "// edited\n")
    assert site.needs_build()
    page.write_text(original)  # contents are hashed, not times: an undone edit needs no build
    assert not site.needs_build()

    (site.directory / "messages").mkdir()
    (site.directory / "messages" / "en.json").write_text("{}")  # a new input file
    assert site.needs_build()
    (site.directory / "messages" / "en.json").unlink()
    assert not site.needs_build()

    (site.directory / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {}}\n')
    assert site.needs_build()


def test_a_build_replaced_or_removed_behind_our_back_is_rebuilt(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    before = site.input_digests()
    _fake_build(site)
    site.write_build_stamp(before)
    site.build_id_file.write_text("built-by-hand")  # `npx next build` from other sources
    assert site.needs_build()
    site.write_build_stamp(site.input_digests())
    assert not site.needs_build()
    site.server.unlink()  # no standalone output (e.g. `output` removed from next.config.ts)
    assert site.needs_build()


def test_a_file_edited_during_the_build_is_not_taken_as_built(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    before = site.input_digests()
    _fake_build(site)
    # next build adds its type folders to tsconfig.json itself: that change is part of the build
    (site.directory / "tsconfig.json").write_text('{"include": ["src", ".next/types/**/*.ts"]}\n')
    site.write_build_stamp(before)
    assert not site.needs_build()

    before = site.input_digests()
    _fake_build(site, "build-2")
    (site.directory / "src" / "app" / "page.tsx").write_text("// saved while next build ran\n")
    site.write_build_stamp(before)
    assert site.needs_build()  # the build has the old page: the next run builds again


def test_each_stack_serves_its_own_copy_of_the_build(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    releases = tmp_path / "data" / "site"
    for build_id in ("build-1", "build-2"):
        _fake_build(site, build_id)
        (site.server.parent / ".next").mkdir(exist_ok=True)
        (site.server.parent / ".next" / "ani-assets-build-id").write_text(build_id)  # postbuild's copy is done
        server = site.release(releases, tmp_path / "logs")
        assert server == releases / build_id / "server.js"
        assert server.read_text() == "// server\n"
    assert [path.name for path in releases.iterdir()] == ["build-2"]  # older copies go
    shutil.rmtree(site.server.parent)  # a rebuild empties .next: the running copy is untouched
    assert server.exists()


def test_dependencies_are_installed_when_missing_or_when_the_lockfile_changed(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    assert site.needs_install()  # no node_modules
    (site.directory / "node_modules").mkdir()
    site.write_install_stamp()
    assert not site.needs_install()
    (site.directory / "package.json").write_text('{"name": "x", "scripts": {"a": "b"}}\n')
    assert not site.needs_install()  # only the lockfile matters
    (site.directory / "package-lock.json").write_text('{"lockfileVersion": 3, "packages": {"": {}}}\n')
    assert site.needs_install()  # e.g. a pull brought another lockfile


def test_a_tree_installed_by_npm_itself_is_adopted_only_when_newer_than_the_lockfile(tmp_path: Path) -> None:
    site = _frontend(tmp_path)
    node_modules = site.directory / "node_modules"
    node_modules.mkdir()
    hidden = node_modules / ".package-lock.json"  # npm writes it at the end of every install
    hidden.write_text("{}")
    lock = site.directory / "package-lock.json"
    os.utime(hidden, (lock.stat().st_mtime - 60, lock.stat().st_mtime - 60))
    assert site.needs_install()  # the lockfile changed after that install
    os.utime(hidden, (lock.stat().st_mtime + 60, lock.stat().st_mtime + 60))
    assert not site.needs_install()
    assert site.install_stamp.exists()  # adopted

    lock.write_text('{"lockfileVersion": 3, "packages": {"x": {}}}\n')  # `npm install x`: lockfile, then tree
    os.utime(hidden, (lock.stat().st_mtime + 1, lock.stat().st_mtime + 1))
    assert not site.needs_install()


def test_a_missing_or_old_node_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    with pytest.raises(StartupError, match=r"node and npm not found: .*Node 20.*--no-frontend"):
        Frontend(tmp_path).check_toolchain()

    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    for name, script in (("node", "echo v18.19.1"), ("npm", "echo 9.2.0")):
        (bin_dir / name).write_text(f"#!/bin/sh\n{script}\n")
        (bin_dir / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(bin_dir))
    with pytest.raises(StartupError, match=r"Node.js v18.19.1 is too old"):
        Frontend(tmp_path).check_toolchain()
    stack = Stack(StackOptions(data_dir=tmp_path, frontend_dir=tmp_path / "nowhere"))
    with pytest.raises(StartupError, match="--no-frontend"):
        stack.check_frontend()


def test_every_site_instance_has_its_port_and_sits_behind_the_gateway(tmp_path: Path) -> None:
    stack = Stack(StackOptions(data_dir=tmp_path, replicas=3, frontend_port=18530))
    assert stack.frontend_urls == ["http://127.0.0.1:18530", "http://127.0.0.1:18531", "http://127.0.0.1:18532"]
    env = stack.frontend_env()
    assert env["ANI_API_BASE_URL"] == env["ANI_SITE_URL"] == stack.gateway_url  # browsers and the server alike
    assert env["NEXT_TELEMETRY_DISABLED"] == "1"
    assert Stack(StackOptions(data_dir=tmp_path, replicas=3, frontend=False)).frontend_urls == []
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 18532))
        sock.listen()
        options = StackOptions(data_dir=tmp_path, replicas=3, frontend_port=18530, gateway_port=18580)
        with pytest.raises(StartupError, match="18532"):
            Stack(replace(options, port_base=18500, fake_providers_port=18590, metrics_port=18582)).check_ports_free()


def test_the_banner_shows_the_site_first(tmp_path: Path) -> None:
    stack = Stack(StackOptions(data_dir=tmp_path, gateway_port=18680, replicas=2))
    text = banner(stack)
    assert re.findall(r"https?://\S+", text)[0] == "http://127.0.0.1:18680/"
    assert "admin@example.org" not in text  # no demo admin asked for
    api_only = banner(Stack(StackOptions(data_dir=tmp_path, gateway_port=18680, frontend=False)))
    assert "--no-frontend" in api_only


NODE = shutil.which("node")
needs_node = pytest.mark.skipif(NODE is None, reason="node is not installed")


def _standalone_fixture(tmp_path: Path, server_js: str) -> Path:
    """frontend/ with serve.mjs and a fake standalone build whose server.js is `server_js`."""
    root = tmp_path / "frontend"
    (root / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "frontend" / "scripts" / "serve.mjs", root / "scripts" / "serve.mjs")
    (root / ".next" / "static" / "chunks").mkdir(parents=True)
    (root / ".next" / "static" / "chunks" / "app.js").write_text("// chunk")
    (root / ".next" / "BUILD_ID").write_text("b1")
    (root / ".next" / "standalone").mkdir()
    (root / ".next" / "standalone" / "server.js").write_text(server_js)
    (root / "public").mkdir()
    (root / "public" / "favicon.svg").write_text("<svg/>")
    return root


@needs_node
def test_serve_copies_the_assets_next_to_the_standalone_server_and_passes_port_and_host(tmp_path: Path) -> None:
    server_js = "console.log(JSON.stringify([process.env.PORT, process.env.HOSTNAME, process.cwd()])); process.exit(3)"
    root = _standalone_fixture(tmp_path, server_js)
    env = {key: value for key, value in os.environ.items() if key not in ("PORT", "HOSTNAME")}
    result = subprocess.run([NODE or "node", "scripts/serve.mjs"], cwd=root, env=env, capture_output=True, text=True)
    assert result.returncode == 3, result.stderr  # the server's exit status
    port, host, cwd = json.loads(result.stdout.strip().splitlines()[-1])
    assert (port, host, Path(cwd)) == ("3000", "127.0.0.1", root / ".next" / "standalone")
    standalone = root / ".next" / "standalone"
    assert (standalone / ".next" / "static" / "chunks" / "app.js").read_text() == "// chunk"
    assert (standalone / "public" / "favicon.svg").exists()

    (root / ".next" / "BUILD_ID").write_text("b2")  # a new build: its assets replace the old ones
    (root / ".next" / "static" / "chunks" / "app.js").unlink()
    (root / ".next" / "static" / "chunks" / "new.js").write_text("// new")
    result = subprocess.run(
        [NODE or "node", "scripts/serve.mjs", "--prepare"], cwd=root, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert sorted(path.name for path in (standalone / ".next" / "static" / "chunks").iterdir()) == ["new.js"]

    env |= {"PORT": "4123", "HOSTNAME": "127.0.0.2"}
    result = subprocess.run([NODE or "node", "scripts/serve.mjs"], cwd=root, env=env, capture_output=True, text=True)
    assert json.loads(result.stdout.strip().splitlines()[-1])[:2] == ["4123", "127.0.0.2"]


@needs_node
def test_serve_passes_sigterm_on_to_the_server(tmp_path: Path) -> None:
    server_js = (
        "process.on('SIGTERM', () => { console.log('graceful'); process.exit(0); });"
        "console.log('listening'); setInterval(() => {}, 1000);"
    )
    root = _standalone_fixture(tmp_path, server_js)
    with subprocess.Popen(
        [NODE or "node", "scripts/serve.mjs"], cwd=root, stdout=subprocess.PIPE, text=True, start_new_session=True
    ) as serve:
        try:
            assert serve.stdout is not None
            for line in serve.stdout:  # ends at EOF if the server never starts
                if "listening" in line:
                    break
            serve.send_signal(signal.SIGTERM)  # to serve.mjs only, as a process manager would
            assert serve.wait(timeout=15) == 0
            assert "graceful" in serve.stdout.read()
        finally:
            if serve.poll() is None:
                os.killpg(serve.pid, signal.SIGKILL)
