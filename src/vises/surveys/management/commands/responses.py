"""`vises responses import FILE --survey ID --wave W [--dry-run]`: the import of the survey's
responses page, from the command line."""

from pathlib import Path

from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises.accounts.models import User
from vises.frameworks.management.commands.framework import terminal_language
from vises.surveys import imports
from vises.surveys.models import ResponseImport, Survey
from vises.table_files import DELIMITER_NAMES, DELIMITERS, ENCODINGS, Unreadable, check_size


class Command(BaseCommand):
    help = "Import responses from a CSV or XLSX file into a wave of a survey; all or nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=["fr", "nl", "en"],
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("import", help="Check a file and store its responses.")
        add.add_argument("file")
        add.add_argument("--survey", type=int, required=True, help="Number of the survey.")
        add.add_argument("--wave", required=True, help="Label or number of the wave.")
        add.add_argument("--dry-run", action="store_true", help="Check every row; store nothing.")
        add.add_argument("--encoding", choices=list(ENCODINGS), default="")
        add.add_argument("--separator", choices=list(DELIMITER_NAMES), default="")
        add.add_argument("--by", help="E-mail of the person the import is marked with.")
        add.add_argument(
            "--skip-unmatched",
            action="store_true",
            help="Leave out the columns that match no question, instead of stopping.",
        )
        add.add_argument(
            "--again", action="store_true", help="Import a file that was imported already."
        )

    def handle(self, *args, action, language, **options):
        with translation.override(language):
            getattr(self, f"do_{action}")(language=language, **options)

    def do_import(self, file, survey, wave, dry_run, encoding, separator, by, again, **options):
        skip_unmatched, language = options["skip_unmatched"], options["language"]
        path = Path(file)
        survey_object = Survey.objects.filter(pk=survey).first()
        if survey_object is None:
            raise CommandError(_("There is no survey number %(number)s.") % {"number": survey})
        waves = survey_object.waves.all()
        chosen = waves.filter(label=wave).first() or (
            waves.filter(pk=int(wave)).first() if wave.isdigit() else None
        )
        if chosen is None:
            raise CommandError(
                _("The survey has no wave %(wave)s; its waves: %(waves)s.")
                % {"wave": wave, "waves": ", ".join(w.label for w in waves) or "–"}
            )
        user = None
        if by:
            user = User.objects.filter(email__iexact=by).first()
            if user is None:
                raise CommandError(_("Nobody has the e-mail address %(email)s.") % {"email": by})
        reading = {
            "encoding": encoding,
            "delimiter": DELIMITER_NAMES.get(separator, ""),
            "skip_unmatched": skip_unmatched,
        }
        try:
            check_size(path.stat().st_size)
            with path.open("rb") as stream:
                report = imports.check(survey_object, stream, path.name, reading, limit=None)
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error}
            ) from None
        except Unreadable as error:
            raise CommandError(f"{file}: {error}") from None
        self._describe(report, file)
        if report.problem_count:
            raise CommandError(
                ngettext(
                    "%(file)s: %(count)s problem; nothing was imported.",
                    "%(file)s: %(count)s problems; nothing was imported.",
                    report.problem_count,
                )
                % {"file": file, "count": report.problem_count}
            )
        if dry_run:
            self.stdout.write(
                ngettext(
                    "%(count)s response would be imported (dry run: nothing stored).",
                    "%(count)s responses would be imported (dry run: nothing stored).",
                    report.rows_checked,
                )
                % {"count": report.rows_checked}
            )
            return
        with path.open("rb") as stream:
            earlier = survey_object.imports.filter(
                file_hash=imports.file_hash(stream), status=ResponseImport.Status.IMPORTED
            ).first()
            if earlier and not again:
                raise CommandError(
                    _("This file was imported already on %(when)s; add --again to import it again.")
                    % {"when": earlier.imported_at.date().isoformat()}
                )
            response_import = imports.start(
                survey_object, chosen, File(stream, path.name), user, language
            )
        response_import.options = reading
        response_import.status = ResponseImport.Status.RUNNING
        response_import.save(update_fields=["options", "status"])
        stored = imports.run(response_import)
        if not stored:
            response_import.refresh_from_db()
            for row, column, message in response_import.problems:
                self.stderr.write(self._line(row, column, message))
            raise CommandError(_("%(file)s: nothing was imported.") % {"file": file})
        self.stdout.write(
            ngettext(
                "%(count)s response imported (import %(number)s).",
                "%(count)s responses imported (import %(number)s).",
                stored,
            )
            % {"count": stored, "number": response_import.pk}
        )

    def _describe(self, report, file):
        if report.kind == "csv":
            self.stdout.write(
                _("%(file)s: CSV, %(encoding)s, separated by %(separator)s.")
                % {
                    "file": file,
                    "encoding": ENCODINGS[report.encoding],
                    "separator": DELIMITERS[report.delimiter],
                }
            )
        for column in report.columns:
            target = {"": _("not imported"), imports.UNDECIDED: _("not matched")}.get(
                column.target, column.target
            )
            self.stdout.write(f"  {column.letter} {column.name} → {target}")
        for problem in report.problems:
            self.stderr.write(self._line(problem.row, problem.column, problem.message))

    @staticmethod
    def _line(row, column, message) -> str:
        where = [_("row %(row)s") % {"row": row}] if row else []
        where += [column] if column else []
        return f"{', '.join(where)}: {message}" if where else message
