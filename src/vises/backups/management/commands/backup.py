from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises.backups import archive
from vises.frameworks import document
from vises.frameworks.management.commands.framework import terminal_language


def error_text(error: archive.BackupError) -> str:
    """The reason a backup or restore stopped, in the current language."""
    if error.code == "not_backup":
        return _("This file is not a VISES backup.")
    if error.code == "format_version":
        return _(
            "This backup was written in format %(version)s, which this version of VISES "
            "cannot read."
        ) % {"version": error.detail}
    if error.code == "other_vendor":
        return _(
            "This backup holds a %(backup)s database; this platform uses %(current)s. "
            "Restore it on a platform with the same database."
        ) % {"backup": error.detail, "current": connection.vendor}
    if error.code == "not_empty":
        return _(
            "The database already holds data: nothing was restored. Add --force to replace it "
            "with the backup."
        )
    if error.code == "missing_program":
        return _("%(program)s is not installed on this server.") % {"program": error.detail}
    if error.code == "vendor":
        return _("Backups cover SQLite and PostgreSQL, not %(vendor)s.") % {"vendor": error.detail}
    return _("The database tool failed: %(message)s") % {"message": error.detail}


class Command(BaseCommand):
    help = (
        "Write the database and every uploaded file to one backup file (.tar.gz) that "
        "`vises restore` reads back."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--language",
            choices=document.LANGUAGES,
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )

    def handle(self, *args, file, language, **options):
        with translation.override(language):
            try:
                manifest = archive.backup(file)
            except archive.BackupError as error:
                raise CommandError(error_text(error)) from None
            except OSError as error:
                raise CommandError(
                    _("Cannot write %(file)s: %(reason)s")
                    % {"file": file, "reason": error.strerror}
                ) from None
            self.stdout.write(
                ngettext(
                    "Backed up the database and %(count)s uploaded file to %(file)s.",
                    "Backed up the database and %(count)s uploaded files to %(file)s.",
                    manifest["files"],
                )
                % {"count": manifest["files"], "file": file}
            )
