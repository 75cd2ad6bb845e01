"""`manage.py check --deploy` passes with the production variables of docs/operations.md."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "SECRET_KEY": "k" * 20 + "-production-secret-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "tongxin.mine.internal",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "BEHIND_TLS_PROXY": "true",
    "DEBUG": "false",
    # A Fernet key of its own for sealed data (core.sealed), not the embedded one in var/.
    "SEALED_KEYS": "3q2-7wdPUXa0K0e4dy7LxUNbTS5g5jXJ1lBqZ6lHfQ0=",
}


def run_check(env):
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        # The browser tests' DJANGO_ALLOW_ASYNC_UNSAFE must not leak into a deploy check.
        env={k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_deploy_check_passes_with_production_settings():
    result = run_check(PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_check_fails_without_them():
    result = run_check({"SECURE_COOKIES": "false", "SECURE_SSL_REDIRECT": "false"})
    assert result.returncode != 0
    assert "SESSION_COOKIE_SECURE" in result.stdout + result.stderr


def test_bad_values_fail_loudly():
    result = run_check({**PRODUCTION, "SECURE_HSTS_SECONDS": "a year"})
    assert result.returncode != 0
    assert "SECURE_HSTS_SECONDS must be an integer" in result.stderr


def test_deploy_check_refuses_the_embedded_sealed_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "SEALED_KEYS"}
    result = run_check(env | {"SEALED_KEYS": "", "SEALED_KEY_FILE": ""})
    assert result.returncode != 0
    assert "tongxin.E101" in result.stdout + result.stderr
