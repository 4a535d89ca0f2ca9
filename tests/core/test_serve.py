"""`manage.py serve` (the end of `make run`): web app and Huey worker in one command,
both stopped cleanly by SIGTERM. Runs the real command in a subprocess on a free
port over a throw-away SQLite database."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _processes_using(var_dir: Path) -> list[int]:
    """Pids whose environment points at this test's var directory (our children)."""
    marker = f"KETENZICHT_VAR_DIR={var_dir}".encode()
    found = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit() or int(proc.name) == os.getpid():
            continue
        try:
            if marker in (proc / "environ").read_bytes().split(b"\0"):
                found.append(int(proc.name))
        except OSError:
            continue
    return found


def _get(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
        return response.status, response.read().decode()


def test_serve_runs_web_and_worker_and_stops_both_on_sigterm(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ketenzicht.settings.local",
        "KETENZICHT_VAR_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([*manage, "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=env, check=True)
    port = _free_port()
    log = (tmp_path / "serve.log").open("w+")
    server = subprocess.Popen(
        [*manage, "serve", "--port", str(port), "--workers", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(f"http://127.0.0.1:{port}/healthz")
                break
            except OSError:
                assert server.poll() is None, "serve exited early"
                assert time.monotonic() < deadline, "the web app did not answer in 60 s"
                time.sleep(0.5)
        assert (status, body) == (200, '{"status": "ok"}')
        # DEBUG is off in the demo: static files come from WhiteNoise.
        assert _get(f"http://127.0.0.1:{port}/static/ketenzicht/app.css")[0] == 200
        # The Huey consumer is the second child.
        deadline = time.monotonic() + 30
        while len(_processes_using(tmp_path)) < 3:  # serve, gunicorn master + worker, huey
            assert time.monotonic() < deadline, "web app and worker did not both start"
            time.sleep(0.5)
        assert any(
            b"run_huey" in Path(f"/proc/{pid}/cmdline").read_bytes()
            for pid in _processes_using(tmp_path)
        )
    finally:
        server.send_signal(signal.SIGTERM)
        returncode = server.wait(timeout=30)
    log.seek(0)
    output = log.read()
    assert f"Ketenzicht is running at http://127.0.0.1:{port}/" in output
    assert returncode == 0, output
    deadline = time.monotonic() + 10
    while _processes_using(tmp_path):
        assert time.monotonic() < deadline, "children survived SIGTERM"
        time.sleep(0.2)


def test_web_server_command_logs_no_client_address_or_browser(monkeypatch):
    """Public reporters are not traced (ADR 0006): the access log has no address,
    user agent or referrer; workers default to two per core."""
    from ketenzicht.core.management.commands import serve

    command = serve.gunicorn_command("python", bind="127.0.0.1:1", workers=3)
    log_format = command[command.index("--access-logformat") + 1]
    for atom in ("%(h)s", "%(a)s", "%(f)s", "%({x-forwarded-for}i)s"):
        assert atom not in log_format
    assert command[command.index("--workers") + 1] == "3"
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert serve.default_workers() == 4
    monkeypatch.setenv("WEB_CONCURRENCY", "5")
    assert serve.default_workers() == 5
