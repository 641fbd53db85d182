import os
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises import bounded_yaml
from vises.frameworks import document, store
from vises.frameworks.models import FrameworkVersion


def terminal_language() -> str:
    """fr, nl or en, from the terminal's LANGUAGE or LANG (nl_BE.UTF-8 gives nl)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = os.environ.get(variable, "")[:2].lower()
        if code in document.LANGUAGES:
            return code
    return "en"


class Command(BaseCommand):
    help = "Validate, load, list and dump reference frameworks (docs/framework-format.md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=document.LANGUAGES,
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )
        actions = parser.add_subparsers(dest="action", required=True)
        actions.add_parser("validate", help="Check a file and report every problem.").add_argument(
            "file"
        )
        actions.add_parser(
            "load", help="Check a file and store it; nothing on error."
        ).add_argument("file")
        actions.add_parser("list", help="One line per stored version.")
        dump = actions.add_parser("dump", help="Write a stored version as YAML.")
        dump.add_argument("code")
        dump.add_argument("--version", type=int, dest="number")
        dump.add_argument("-o", "--output", help="File to write (default: standard output).")

    def handle(self, *args, action, language, **options):
        with translation.override(language):
            getattr(self, action)(**options)

    def _read(self, file: str) -> str:
        """The file's text; refused past the import limit before it is read."""
        try:
            bounded_yaml.check_size(Path(file).stat().st_size)
            return Path(file).read_text(encoding="utf-8")
        except bounded_yaml.LimitExceeded as error:
            raise CommandError(f"{file}: {error.message}") from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error}
            ) from None

    def _report(self, problems) -> None:
        for problem in problems:
            self.stderr.write(str(problem))

    def validate(self, file, **options):
        try:
            _data, warnings = document.parse(self._read(file), file)
        except document.FrameworkError as error:
            self._report(error.problems)
            count = len(error.problems)
            raise CommandError(
                ngettext(
                    "%(file)s is not a valid framework: %(count)s error",
                    "%(file)s is not a valid framework: %(count)s errors",
                    count,
                )
                % {"file": file, "count": count}
            ) from None
        self._report(warnings)
        self.stdout.write(_("%(file)s is a valid framework.") % {"file": file})

    def load(self, file, **options):
        try:
            version, warnings, created = store.load(self._read(file), file)
        except document.FrameworkError as error:
            self._report(error.problems)
            raise CommandError(_("Nothing was stored.")) from None
        self._report(warnings)
        message = _("Stored %(version)s.") if created else _("%(version)s was already stored.")
        self.stdout.write(message % {"version": version})

    def list(self, **options):
        language = translation.get_language()
        for version in FrameworkVersion.objects.select_related("framework"):
            title = version.title.get(language) or next(iter(version.title.values()), "")
            self.stdout.write(
                "\t".join([version.framework.code, str(version.version), version.status, title])
            )

    def dump(self, code, number, output, **options):
        try:
            version = store.get_version(code, number)
        except FrameworkVersion.DoesNotExist:
            raise CommandError(
                _("No framework %(code)s%(version)s is stored.")
                % {"code": code, "version": f" v{number}" if number else ""}
            ) from None
        text = store.dump(version)
        if output:
            Path(output).write_text(text, encoding="utf-8")
        else:
            sys.stdout.write(text)
