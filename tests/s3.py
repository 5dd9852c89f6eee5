"""A real S3 HTTP endpoint for the tests: moto's standalone server on localhost."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid

import boto3

from site_core.storage import s3_storages

ACCESS_KEY = "AKIATESTSITE"
SECRET_KEY = "test-secret-key"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class MotoServer:
    """A moto_server process; ``enforce_auth`` makes it refuse unknown credentials."""

    def __init__(self, enforce_auth=False):
        self.port = free_port()
        self.endpoint = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ)
        if enforce_auth:
            env["INITIAL_NO_AUTH_ACTION_COUNT"] = "0"
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and module
            [
                sys.executable,
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                str(self.port),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.wait_until_up()

    def wait_until_up(self, timeout=30):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.endpoint}/moto-api/", timeout=1)  # noqa: S310
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None:
                    break
                time.sleep(0.1)
        self.stop()
        raise RuntimeError("moto_server did not start; is moto[server] installed?")

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)

    def client(self):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def new_bucket(self):
        """A fresh bucket set up as docs/deploy.md says: only public/ is readable."""
        name = f"media-{uuid.uuid4().hex[:12]}"
        client = self.client()
        client.create_bucket(Bucket=name)
        client.put_bucket_policy(Bucket=name, Policy=public_renditions_policy(name))
        return name


def public_renditions_policy(bucket):
    return (
        '{"Version": "2012-10-17", "Statement": [{"Sid": "PublicRenditions", '
        '"Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", '
        f'"Resource": "arn:aws:s3:::{bucket}/public/*"}}]}}'
    )


def point_media_at(settings, monkeypatch, endpoint, bucket):
    """Store media in ``bucket`` at ``endpoint``, as production settings would."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", ACCESS_KEY)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
    settings.STORAGES = settings.STORAGES | s3_storages(
        bucket=bucket, endpoint_url=endpoint, region="us-east-1"
    )


def get(url):
    """(status, body) of an anonymous GET, as a visitor's browser would make it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
