"""`vises backup` and `vises restore`, run as an operator would: in a subprocess, against a
database file (or a PostgreSQL database) of their own, never the test database."""

import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import uuid
from urllib.parse import urlsplit, urlunsplit

import pytest

SNAPSHOT = """
import json
from vises.accounts.models import Enterprise
from vises.evaluations.models import Evaluation
from vises.indicators.models import IndicatorValue
from vises.surveys.models import Response, Survey
with_files = IndicatorValue.objects.exclude(evidence="")
files = {v.evidence.name: v.evidence.read().decode() for v in with_files}
print(json.dumps({
    "enterprises": sorted(Enterprise.objects.values_list("name", flat=True)),
    "evaluations": sorted(Evaluation.objects.values_list("pk", flat=True)),
    "surveys": Survey.objects.count(),
    "responses": sorted(Response.objects.values_list("pk", flat=True)),
    "files": files,
}))
"""

ADD_EVIDENCE = """
from django.core.files.base import ContentFile
from vises.indicators.models import IndicatorValue
value = IndicatorValue.objects.order_by("pk").first()
value.evidence.save("proof.pdf", ContentFile(b"%PDF-1.4 the evidence"))
"""


def postgres_url() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")) and shutil.which("pg_dump"):
        return url
    return None


class Platform:
    """One VISES installation: its data folder and its database."""

    def __init__(self, folder, database_url=None):
        folder.mkdir()
        self.environment = {
            key: value for key, value in os.environ.items() if key != "DATABASE_URL"
        }
        self.environment["VISES_DATA_DIR"] = str(folder)
        self.environment["LANG"] = "C.UTF-8"
        self.environment.pop("LANGUAGE", None)
        if database_url:
            self.environment["DATABASE_URL"] = database_url

    def run(self, *arguments):
        return subprocess.run(
            [sys.executable, "-m", "vises.cli", *arguments],
            capture_output=True,
            text=True,
            env=self.environment,
            timeout=300,
        )

    def ok(self, *arguments) -> str:
        result = self.run(*arguments)
        assert result.returncode == 0, result.stderr
        return result.stdout

    def snapshot(self) -> dict:
        return json.loads(self.ok("shell", "-c", SNAPSHOT).strip().splitlines()[-1])


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def databases(request, tmp_path_factory):
    """Yield a way to make platforms: one empty database each, dropped afterwards."""
    folder = tmp_path_factory.mktemp(request.param)
    if request.param == "sqlite":
        yield lambda name: Platform(folder / name)
        return
    url = postgres_url()
    if url is None:
        pytest.skip("DATABASE_URL is not PostgreSQL or pg_dump is missing")
    import psycopg

    parts = urlsplit(url)
    server = urlunsplit(parts._replace(path="/postgres"))
    created = []

    def make(name):
        database = f"vises_backup_{name}_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{database}"')
        created.append(database)
        return Platform(folder / name, urlunsplit(parts._replace(path="/" + database)))

    yield make
    with psycopg.connect(server, autocommit=True) as admin:
        for database in created:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


@pytest.fixture(scope="module")
def backed_up(databases, tmp_path_factory):
    """A platform with the demo's enterprises, evaluations, surveys and responses and an
    uploaded evidence file, and the backup file of it."""
    source = databases("source")
    source.ok("migrate", "--noinput", "-v0")
    source.ok("demo", "--no-files")
    source.ok("shell", "-c", ADD_EVIDENCE)
    backup = tmp_path_factory.mktemp("backup") / "vises.tar.gz"
    output = source.ok("backup", str(backup))
    assert "1 uploaded file" in output
    return source, source.snapshot(), backup


def test_a_restore_into_an_empty_database_finds_the_same_records_and_files(databases, backed_up):
    source, before, backup = backed_up
    assert before["enterprises"] and before["evaluations"] and before["responses"]
    assert before["surveys"] and list(before["files"].values()) == ["%PDF-1.4 the evidence"]

    target = databases("target")
    output = target.ok("restore", str(backup))

    assert "Restored the backup" in output
    assert target.snapshot() == before


def test_a_database_holding_data_is_not_replaced_without_force(databases, backed_up):
    source, before, backup = backed_up
    target = databases("busy")
    target.ok("migrate", "--noinput", "-v0")
    target.ok(
        "shell",
        "-c",
        "from vises.accounts.models import User; User.objects.create(email='kept@example.org')",
    )

    refused = target.run("restore", str(backup), "--language", "fr")

    assert refused.returncode == 1
    assert "--force" in refused.stderr and "données" in refused.stderr
    assert target.snapshot()["enterprises"] == []

    target.ok("restore", str(backup), "--force")
    assert target.snapshot() == before


def test_a_file_that_is_not_a_backup_is_refused_and_nothing_changes(databases, backed_up, tmp_path):
    target = databases("random")
    random = tmp_path / "holiday.tar.gz"
    random.write_bytes(os.urandom(2048))
    refused = target.run("restore", str(random))
    assert refused.returncode == 1
    assert "not a VISES backup" in refused.stderr

    other = tmp_path / "other.tar.gz"
    with tarfile.open(other, "w:gz") as archive:
        text = b'{"not": "ours"}'
        entry = tarfile.TarInfo("manifest.json")
        entry.size = len(text)
        archive.addfile(entry, io.BytesIO(text))
    refused = target.run("restore", str(other), "--language", "nl")
    assert refused.returncode == 1
    assert "VISES" in refused.stderr and "not a VISES backup" not in refused.stderr


def test_a_backup_of_the_other_database_vendor_is_refused(databases, backed_up, tmp_path):
    source, before, backup = backed_up
    forged = tmp_path / "forged.tar.gz"
    with tarfile.open(backup) as original, tarfile.open(forged, "w:gz") as copy:
        for entry in original.getmembers():
            data = original.extractfile(entry).read()
            if entry.name == "manifest.json":
                manifest = json.loads(data)
                manifest["database"] = (
                    "postgresql" if manifest["database"] == "sqlite" else "sqlite"
                )
                data = json.dumps(manifest).encode()
                entry.size = len(data)
            copy.addfile(entry, io.BytesIO(data))
    target = databases("vendor")

    refused = target.run("restore", str(forged))

    assert refused.returncode == 1
    assert "Restore it on a platform with the same database" in refused.stderr


def test_a_damaged_backup_leaves_the_database_as_it_was(databases, backed_up, tmp_path):
    source, before, backup = backed_up
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(backup) as original, tarfile.open(damaged, "w:gz") as copy:
        for entry in original.getmembers():
            data = original.extractfile(entry).read()
            if entry.name.startswith("database."):
                data = data[:100] + os.urandom(len(data) - 100)
            copy.addfile(entry, io.BytesIO(data))

    refused = source.run("restore", str(damaged), "--force")

    assert refused.returncode == 1
    assert "Traceback" not in refused.stderr, refused.stderr[-800:]
    assert source.snapshot() == before
