"""
Servers that integration tests start on this machine: gunicorn serving the site
against the test run's own PostgreSQL database and Redis, and Varnish in front.

Each is a child process with its stderr kept in a file, waited for with a
timeout, and stopped by whoever started it (in a fixture's ``finally``).
Without the services a test needs it skips and says why; with
REQUIRE_SERVICES=1 (as CI sets) it fails instead.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.s3 import free_port


def require_services(*, varnish=False):
    """Skip (or fail, with REQUIRE_SERVICES=1) unless PostgreSQL and Redis are here."""
    missing = []
    if "postgresql" not in settings.DATABASES["default"]["ENGINE"]:
        missing.append("PostgreSQL (set DATABASE_URL=postgres://...)")
    if not os.environ.get("TEST_REDIS_URL"):
        missing.append("Redis (set TEST_REDIS_URL=redis://...)")
    if varnish and not varnishd():
        missing.append("Varnish (install Debian's varnish package)")
    if missing:
        reason = "this test needs " + " and ".join(missing)
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {reason}")
        pytest.skip(reason)


def varnishd():
    """The varnishd program, or None."""
    return shutil.which("varnishd") or (
        "/usr/sbin/varnishd" if os.access("/usr/sbin/varnishd", os.X_OK) else None
    )


def database_url():
    """A URL for the test database this run created, for the server to use."""
    database = settings.DATABASES["default"]
    user = urllib.parse.quote(database["USER"] or "", safe="")
    password = urllib.parse.quote(database["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else f"{user}@" if user else ""
    host = database["HOST"] or "localhost"
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{credentials}{host}{port}/{database['NAME']}"


def redis_url():
    """The Redis database this test run (this worker) uses, emptied between tests."""
    return settings.CACHES["default"]["LOCATION"]


class ChildProcess:
    """A server started now, answering HTTP on ``port``; stderr kept in a file."""

    name = "server"

    def __init__(self, command, port, **popen):
        self.command = command
        self.popen = popen
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.stderr = tempfile.TemporaryFile()
        self.process = subprocess.Popen(  # noqa: S603 - fixed programs, our arguments
            command, stdout=subprocess.DEVNULL, stderr=self.stderr, **popen
        )

    def wait_until_up(self, path, timeout=60):
        """Wait until ``path`` answers 200, or fail saying what the server said."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                if request(self.url + path, timeout=5)[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"{self.name} did not start:\n{self.errors()}")

    def running(self):
        return self.process.poll() is None

    def errors(self):
        self.stderr.seek(0)
        return self.stderr.read().decode(errors="replace")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


class Gunicorn(ChildProcess):
    """
    gunicorn serving the site on ``port`` (a free one by default) with the test
    database and Redis, plus ``env``; up once its health check answers.
    """

    name = "gunicorn"

    def __init__(self, env, *, port=None, workers=2, threads=4, wait=True):
        port = port or free_port()
        env = (
            os.environ
            | {
                "DJANGO_SETTINGS_MODULE": "mysistershouse.settings.test",
                "DATABASE_URL": database_url(),
                "TEST_REDIS_URL": os.environ.get("TEST_REDIS_URL", ""),
            }
            | env
        )
        command = [sys.executable, "-m", "gunicorn", "mysistershouse.wsgi:application"]
        command += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers)]
        command += ["--worker-class", "gthread", "--threads", str(threads)]
        command += ["--timeout", "60", "--graceful-timeout", "15"]
        self.options = {"workers": workers, "threads": threads}
        super().__init__(command, port, cwd=Path(settings.BASE_DIR), env=env)
        if wait:
            self.wait_until_up()

    def wait_until_up(self, path="/healthz", timeout=60):
        super().wait_until_up(path, timeout)

    def restarted(self):
        """The same server started again on the same port (after ``stop``)."""
        return Gunicorn(self.popen["env"], port=self.port, **self.options)


class Varnish(ChildProcess):
    """
    varnishd in the foreground on a free port, loading ``vcl`` with ``vcl_path``
    (folders searched in order for its includes), with its own working folder,
    a small memory store and the admin interface on a free localhost port.
    """

    name = "varnishd"

    def __init__(self, vcl, vcl_path, workdir, *, port=None):
        self.workdir = str(Path(workdir) / "varnish")
        # In the foreground, as a child of the test; "-j none": no user switch,
        # so it runs as whoever runs the tests (root in CI's container too).
        command = [varnishd(), "-F", "-j", "none", "-n", self.workdir]
        port = port or free_port()
        command += ["-a", f"127.0.0.1:{port}", "-T", f"127.0.0.1:{free_port()}"]
        command += [
            "-s",
            "malloc,64m",
            "-p",
            f"vcl_path={':'.join(map(str, vcl_path))}",
        ]
        command += ["-f", str(vcl)]
        super().__init__(command, port)
        self.wait_until_up("/healthz")

    def admin(self, *arguments):
        """What varnishadm answers to ``arguments`` (e.g. "backend.list")."""
        return subprocess.run(  # noqa: S603 - varnishadm with our own arguments
            ["varnishadm", "-n", self.workdir, *arguments],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout


class NoRedirects(urllib.request.HTTPRedirectHandler):
    """Report a redirect as the answer instead of following it."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirects)


def request(url, data=None, headers=None, method=None, timeout=60):
    """(status, body, headers) of one request, whatever its status."""
    outgoing = urllib.request.Request(  # noqa: S310 - our own local servers
        url, data=data, headers=headers or {}, method=method
    )
    try:
        with OPENER.open(outgoing, timeout=timeout) as response:
            return response.status, response.read(), response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.read(), error.headers
