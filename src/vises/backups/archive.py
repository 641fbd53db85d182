"""One backup file holds the whole platform: the database (SQLite through its online
backup API, PostgreSQL through pg_dump's custom format) and every uploaded file, with a
manifest saying what wrote it. Restoring checks everything before it touches anything."""

import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from django.apps import apps
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

FORMAT = "vises-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DUMPS = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA = "media"
# Filled by `migrate` itself, so a freshly migrated database still counts as empty.
MIGRATION_MODELS = {"contenttypes.contenttype", "auth.permission"}


class BackupError(Exception):
    """A backup or restore that cannot go on; `code` names why, `detail` what."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(code, detail)
        self.code = code
        self.detail = detail


def vises_version() -> str:
    try:
        return version("vises")
    except PackageNotFoundError:
        return "unknown"


def _vendor() -> str:
    if connection.vendor not in DUMPS:
        raise BackupError("vendor", connection.vendor)
    return connection.vendor


def _postgres_environment() -> dict[str, str]:
    """libpq's variables, so the password never shows in the process list."""
    settings = connection.settings_dict
    environment = dict(os.environ)
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def _run(program: str, arguments: list[str]) -> None:
    if shutil.which(program) is None:
        raise BackupError("missing_program", program)
    finished = subprocess.run(
        [program, *arguments],
        env=_postgres_environment(),
        capture_output=True,
        text=True,
        # A damaged dump puts its bytes into the error message.
        errors="replace",
    )
    if finished.returncode:
        raise BackupError("program_failed", f"{program}: {finished.stderr.strip()}")


def _dump_database(vendor: str, target: Path) -> None:
    if vendor == "sqlite":
        connection.ensure_connection()
        # The online backup API copies a consistent state while the app keeps writing.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        _run("pg_dump", ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"])


def _media_files(folder: str = ""):
    """Every stored file's name, through the storage the app writes them with."""
    if not default_storage.exists(folder or "."):
        return
    folders, files = default_storage.listdir(folder or ".")
    for name in sorted(files):
        yield f"{folder}/{name}" if folder else name
    for name in sorted(folders):
        yield from _media_files(f"{folder}/{name}" if folder else name)


def backup(path: Path) -> dict:
    """Write the database and the uploaded files to `path` (a .tar.gz); return the manifest."""
    vendor = _vendor()
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "vises_version": vises_version(),
        "database": vendor,
        "created": timezone.now().isoformat(),
        "files": 0,
    }
    path = Path(path)
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / DUMPS[vendor]
        _dump_database(vendor, dump)
        partial = path.with_name(path.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=DUMPS[vendor])
            for name in _media_files():
                with default_storage.open(name, "rb") as stored:
                    data = stored.read()
                entry = tarfile.TarInfo(f"{MEDIA}/{name}")
                entry.size = len(data)
                entry.mtime = int(timezone.now().timestamp())
                archive.addfile(entry, io.BytesIO(data))
                manifest["files"] += 1
            text = json.dumps(manifest, indent=2).encode()
            entry = tarfile.TarInfo(MANIFEST)
            entry.size = len(text)
            entry.mtime = int(timezone.now().timestamp())
            archive.addfile(entry, io.BytesIO(text))
        # Renamed only when complete, so a half-written backup never has the final name.
        partial.replace(path)
    return manifest


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, AttributeError, ValueError):
        raise BackupError("not_backup") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not_backup")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError("format_version", str(manifest.get("format_version")))
    return manifest


def holds_data() -> bool:
    """Whether the current database holds anything a restore would overwrite."""
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        if model._meta.label_lower in MIGRATION_MODELS or model._meta.db_table not in tables:
            continue
        if model._default_manager.using(connection.alias).exists():
            return True
    return False


def _restore_database(vendor: str, dump: Path) -> None:
    if vendor == "sqlite":
        source = sqlite3.connect(dump)
        try:
            # A damaged copy is refused before the current database is touched.
            if source.execute("PRAGMA quick_check").fetchone() != ("ok",):
                raise BackupError("not_backup")
            connection.ensure_connection()
            # The backup API replaces the whole database in one step: all or nothing.
            source.backup(connection.connection)
        except sqlite3.DatabaseError:
            raise BackupError("not_backup") from None
        finally:
            source.close()
    else:
        _run(
            "pg_restore",
            [
                "--single-transaction",
                "--exit-on-error",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                f"--dbname={connection.settings_dict['NAME']}",
                str(dump),
            ],
        )


def restore(path: Path, force: bool = False) -> dict:
    """Replace the database and put back the uploaded files from a backup at `path`.
    Everything is read and checked first; the database is replaced in one transaction."""
    vendor = _vendor()
    try:
        # Opened apart from the `with` below so that only opening maps to "not a backup".
        archive = tarfile.open(path, "r:*")  # noqa: SIM115
    except (tarfile.TarError, OSError):
        raise BackupError("not_backup") from None
    with archive, tempfile.TemporaryDirectory() as work:
        manifest = _read_manifest(archive)
        if manifest.get("database") != vendor:
            raise BackupError("other_vendor", str(manifest.get("database")))
        if not force and holds_data():
            raise BackupError("not_empty")
        try:
            # The "data" filter refuses absolute paths, links and names leaving the folder.
            archive.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError):
            raise BackupError("not_backup") from None
        dump = Path(work) / DUMPS[vendor]
        if not dump.is_file():
            raise BackupError("not_backup")
        _restore_database(vendor, dump)
        connection.close()
        media = Path(work) / MEDIA
        for stored in sorted(media.rglob("*")) if media.is_dir() else []:
            if stored.is_file():
                name = stored.relative_to(media).as_posix()
                if default_storage.exists(name):
                    default_storage.delete(name)
                with stored.open("rb") as content:
                    default_storage.save(name, File(content, name=name))
    return manifest
