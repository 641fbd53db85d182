"""Django's deployment check, run as an operator would before going live: with the
production settings the README lists, it reports nothing."""

import os
import secrets
import subprocess
import sys

# The variables of the README's deployment section, with values a network would give.
PRODUCTION = {
    "DEBUG": "false",
    "SECURE_PROXY": "true",
    "ALLOWED_HOSTS": "vises.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://vises.example.org",
    "SITE_URL": "https://vises.example.org",
}
# Variables from the shell or the test process that would change what is checked.
SECURITY_VARIABLES = {
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    # Set by the browser tests' live server in the same test process; no deployment has it.
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}


def check_deploy(tmp_path, **variables) -> subprocess.CompletedProcess:
    environment = {
        name: value for name, value in os.environ.items() if name not in SECURITY_VARIABLES
    }
    environment |= {
        "VISES_DATA_DIR": str(tmp_path),
        "SECRET_KEY": secrets.token_urlsafe(50),
        **variables,
    }
    return subprocess.run(
        [sys.executable, "-m", "vises.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
    )


def test_deployment_check_reports_nothing_with_production_settings(tmp_path):
    result = check_deploy(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_deployment_check_warns_without_the_secure_proxy(tmp_path):
    result = check_deploy(tmp_path, **(PRODUCTION | {"SECURE_PROXY": "false"}))
    assert result.returncode != 0
    for warning in ["security.W004", "security.W008", "security.W012"]:
        assert warning in result.stderr


def test_an_operator_turning_https_redirection_off_is_warned(tmp_path):
    result = check_deploy(tmp_path, **(PRODUCTION | {"SECURE_SSL_REDIRECT": "false"}))
    assert result.returncode != 0
    assert "security.W008" in result.stderr
