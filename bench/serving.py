"""
What bench/pages.py runs and measures with: a throwaway PostgreSQL database, an
emptied Redis database, gunicorn, Varnish, and a bounded load (wrk, or a small
Python client when wrk is missing).

Every server is a child process stopped by the context manager that started it,
so an interrupted run leaves nothing behind.
"""

import contextlib
import http.client
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests.s3 import free_port
from tests.servers import ChildProcess

BASE_DIR = Path(__file__).resolve().parent.parent
VARNISH_DIR = BASE_DIR / "deploy" / "varnish"
VARNISHD = "/usr/sbin/varnishd"  # where Debian puts it, often not on a user's PATH


def check_tools():
    """Stop at once, saying what to install, when what the bench runs is missing."""
    if not (shutil.which("varnishd") or Path(VARNISHD).exists()):
        sys.exit("The bench needs Varnish: apt-get install varnish.")
    for name in ("default.vcl", "backends.vcl"):
        if not (VARNISH_DIR / name).exists():
            sys.exit(f"The bench runs deploy/varnish/{name}, which is missing.")


@contextlib.contextmanager
def bench_database(server_url, name):
    """A new, empty PostgreSQL database ``name``; its URL. Dropped on leaving."""
    import psycopg2  # the driver the site itself uses

    def run(statement):
        connection = psycopg2.connect(f"{server_url}/postgres")
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                cursor.execute(statement)
        finally:
            connection.close()

    run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    run(f'CREATE DATABASE "{name}"')
    try:
        yield f"{server_url}/{name}"
    finally:
        run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def redis_emptied(url):
    """Redis database ``url``, emptied now and on leaving: no stale cached pages."""
    import redis

    client = redis.Redis.from_url(url)
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


class Server(ChildProcess):
    """
    A child process answering HTTP on a localhost port, up once it answers with
    a status under ``ready_below``: any answer from gunicorn; from Varnish, not a
    503 while its health probe has yet to pass.
    """

    def __init__(self, name, command, port, ready_below=600, **popen):
        self.name = name
        self.ready_below = ready_below
        super().__init__(command, port, **popen)

    def wait_until_up(self, path="/", timeout=90):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                urllib.request.urlopen(self.url + path, timeout=30)  # noqa: S310
                return
            except urllib.error.HTTPError as error:
                if error.code < self.ready_below:
                    return
                time.sleep(0.2)
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"{self.name} did not start:\n{self.errors()}")


@contextlib.contextmanager
def running(server, path="/"):
    try:
        server.wait_until_up(path)
        yield server
    finally:
        server.stop()


def gunicorn(name, app, env, cwd, port=None, workers=2):
    """gunicorn serving ``app`` with sync workers, as the issue's figures were taken."""
    port = port or free_port()
    command = [sys.executable, "-m", "gunicorn", app, "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", str(workers), "--timeout", "60", "--no-control-socket"]
    return running(Server(name, command, port, cwd=cwd, env=env))


def varnish(workdir, backend_port):
    """
    varnishd in the foreground with the shipped VCL, copied next to a copy of the
    shipped backends.vcl that sends to the bench's gunicorn instead of port 8000.
    """
    vcl_dir = Path(workdir) / "vcl"
    vcl_dir.mkdir()
    shutil.copy(VARNISH_DIR / "default.vcl", vcl_dir)
    (vcl_dir / "backends.vcl").write_text(
        local_backends((VARNISH_DIR / "backends.vcl").read_text(), backend_port)
    )
    port = free_port()
    varnishd = shutil.which("varnishd") or VARNISHD
    command = [varnishd, "-F", "-j", "none", "-n", str(Path(workdir) / "state")]
    command += ["-a", f"127.0.0.1:{port}", "-T", "127.0.0.1:0", "-s", "malloc,64m"]
    command += ["-f", str(vcl_dir / "default.vcl")]
    return running(Server("varnishd", command, port, ready_below=500))


def local_backends(vcl, port):
    """The shipped backends, every one at ``port``, health-checked as 127.0.0.1."""
    vcl = re.sub(r'\.port = "\d+";', f'.port = "{port}";', vcl)
    return re.sub(r'"Host: [^"]*"', '"Host: 127.0.0.1"', vcl)


@dataclass
class Figures:
    """What one bounded load run measured."""

    rps: float
    p50_ms: float
    p99_ms: float
    bad: int  # answers outside 2xx/3xx, and connection errors


def load(url, seconds, connections, method="GET", body="", headers=None):
    """Load ``url`` for ``seconds`` over ``connections`` keep-alive connections."""
    if shutil.which("wrk"):
        return wrk(url, seconds, connections, method, body, headers or {})
    return python_load(url, seconds, connections, method, body, headers or {})


def wrk(url, seconds, connections, method, body, headers):
    script = ["wrk.method = " + lua_string(method), "wrk.body = " + lua_string(body)]
    script += [
        f"wrk.headers[{lua_string(k)}] = {lua_string(v)}" for k, v in headers.items()
    ]
    with tempfile.NamedTemporaryFile("w", suffix=".lua") as lua:
        lua.write("\n".join(script) + "\n")
        lua.flush()
        threads = str(min(2, connections))
        command = ["wrk", "-t", threads, "-c", str(connections), "-d", f"{seconds}s"]
        command += ["--timeout", "30s", "--latency", "-s", lua.name, url]
        output = subprocess.run(  # noqa: S603 - wrk with our own arguments
            command, capture_output=True, text=True, check=True
        ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    bad = sum(int(n) for n in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+)", output)
    bad += sum(int(n) for n in errors.groups()) if errors else 0
    timeouts = re.search(r"timeout (\d+)", output)
    bad += int(timeouts.group(1)) if timeouts else 0
    return Figures(rps, wrk_latency(output, "50%"), wrk_latency(output, "99%"), bad)


WRK_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}


def wrk_latency(output, percentile):
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s|m)\b", output).groups()
    return float(value) * WRK_UNITS[unit]


def lua_string(text):
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def python_load(url, seconds, connections, method, body, headers):
    """wrk's measurement with threads and http.client: bounded, keep-alive."""
    parts = urllib.parse.urlsplit(url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    deadline = time.monotonic() + seconds
    latencies, bad, lock = [], [0], threading.Lock()

    def client():
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        mine, failed = [], 0
        while time.monotonic() < deadline:
            started = time.perf_counter()
            try:
                connection.request(method, target, body or None, headers)
                response = connection.getresponse()
                response.read()
            except (OSError, http.client.HTTPException):
                failed += 1
                connection.close()
                continue
            mine.append((time.perf_counter() - started) * 1000)
            failed += response.status >= 400
        connection.close()
        with lock:
            latencies.extend(mine)
            bad[0] += failed

    started = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    latencies.sort()

    def percentile(share):
        return latencies[min(len(latencies) - 1, int(len(latencies) * share))]

    if not latencies:
        return Figures(0.0, 0.0, 0.0, bad[0])
    return Figures(len(latencies) / elapsed, percentile(0.5), percentile(0.99), bad[0])


def environment(**values):
    """This process's environment with ``values`` (strings) added."""
    return os.environ | {name: str(value) for name, value in values.items()}
