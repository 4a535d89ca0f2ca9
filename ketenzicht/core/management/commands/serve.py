"""Run the whole demo in one process tree: web server, Huey worker, demo logins.

`make run` ends with this command. It starts two children and supervises them:

- the Huey consumer (`manage.py run_huey`), which runs background tasks and the
  periodic deadline sweep;
- gunicorn serving `ketenzicht.wsgi` on 127.0.0.1:<port> (`gunicorn_command`:
  sync workers, two per core by default; SQLite in WAL mode lets them read
  while one writes). The public intake benchmark starts exactly this command.

Ctrl-C or SIGTERM stops both children cleanly (SIGTERM, then SIGKILL after a
grace period), and if either child dies the other is stopped too, so the demo
never keeps running half-alive.
"""

import os
import signal
import subprocess
import sys
import time
from io import StringIO

from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError

GRACE_SECONDS = 10

# The access log leaves out the client address, user agent and referrer that
# gunicorn logs by default: public reporters are not traced (ADR 0006).
ACCESS_LOG_FORMAT = '%(t)s "%(r)s" %(s)s %(b)s %(M)sms'


def default_workers() -> int:
    """WEB_CONCURRENCY, else two sync workers per core: the work of a request is
    CPU (templates, Argon2 for public reports), so more workers only queue."""
    return int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.cpu_count() or 1))


def gunicorn_command(python: str, *, bind: str, workers: int, access_log: str = "-") -> list[str]:
    """The demo web server: gunicorn with sync workers (docs/architecture.md)."""
    return [
        python,
        "-m",
        "gunicorn",
        "ketenzicht.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--access-logfile",
        access_log,
        "--access-logformat",
        ACCESS_LOG_FORMAT,
        "--graceful-timeout",
        str(GRACE_SECONDS),
    ]


class Command(BaseCommand):
    help = "Start the web app (gunicorn) and the Huey worker; print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--workers", type=int, default=default_workers())
        parser.add_argument(
            "--no-worker", action="store_true", help="Do not start the Huey consumer."
        )

    def handle(self, *args, host, port, workers, no_worker, **options):
        settings_module = os.environ.get("DJANGO_SETTINGS_MODULE", "ketenzicht.settings.local")
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings_module}
        python = sys.executable
        manage = [python, "-m", "django"]

        children: list[tuple[str, subprocess.Popen]] = []
        stopping = False
        crashed: str | None = None

        def stop(signum=None, frame=None):
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

        try:
            if not no_worker:
                # Fixed argv of our own interpreter; no user input reaches it.
                huey = subprocess.Popen([*manage, "run_huey", "--quiet"], env=env)  # noqa: S603
                children.append(("huey", huey))
            web = subprocess.Popen(  # noqa: S603
                gunicorn_command(python, bind=f"{host}:{port}", workers=workers), env=env
            )
            children.append(("web", web))
            self._announce(host, port)
            while not stopping:
                for name, child in children:
                    if child.poll() is not None:
                        # One half of the demo died: stop the other and report it.
                        self.stderr.write(f"{name} stopped with exit code {child.returncode}")
                        crashed = name
                        stopping = True
                        break
                else:
                    time.sleep(0.5)
        finally:
            self._stop_children(children)
        if crashed:
            raise CommandError(f"{crashed} stopped unexpectedly; the demo was shut down")

    def _announce(self, host: str, port: int) -> None:
        url = f"http://{host}:{port}/"
        lines = ["", f"Ketenzicht is running at {url}  (Ctrl-C stops the web app and worker)", ""]
        if "demo_logins" in get_commands():
            out = StringIO()
            try:
                call_command("demo_logins", stdout=out)
            except Exception as exc:  # the server runs anyway; say why no logins show
                lines.append(f"(demo logins unavailable: {exc})")
            else:
                lines.append(out.getvalue().rstrip())
        else:
            lines.append("(no demo_logins command installed)")
        self.stdout.write("\n".join(lines) + "\n")
        self.stdout.flush()

    def _stop_children(self, children) -> None:
        for _, child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + GRACE_SECONDS
        for _, child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
