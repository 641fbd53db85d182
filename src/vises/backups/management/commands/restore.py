from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from vises.backups import archive
from vises.backups.management.commands.backup import error_text
from vises.frameworks import document
from vises.frameworks.management.commands.framework import terminal_language


class Command(BaseCommand):
    help = (
        "Put back the database and uploaded files from a file `vises backup` wrote. Refuses "
        "a database that already holds data unless --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace a database that already holds data.",
        )
        parser.add_argument(
            "--language",
            choices=document.LANGUAGES,
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )

    def handle(self, *args, file, force, language, **options):
        with translation.override(language):
            if not file.is_file():
                raise CommandError(_("No file at %(file)s.") % {"file": file})
            try:
                manifest = archive.restore(file, force=force)
            except archive.BackupError as error:
                raise CommandError(error_text(error)) from None
            self.stdout.write(
                _("Restored the backup of %(date)s (VISES %(version)s) from %(file)s.")
                % {
                    "date": manifest.get("created", "?"),
                    "version": manifest.get("vises_version", "?"),
                    "file": file,
                }
            )
