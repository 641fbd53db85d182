"""`vises surveys import-xlsform FILE --evaluation ID [--dry-run]` and
`vises surveys export-xlsform ID -o FILE`: surveys in and out as XLSForm."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from vises.evaluations.models import Evaluation
from vises.frameworks.management.commands.framework import terminal_language
from vises.multilingual import pick
from vises.surveys import xlsform
from vises.surveys.models import Survey


class Command(BaseCommand):
    help = "Import a survey from an XLSForm, or export one as an XLSForm."

    def add_arguments(self, parser):
        parser.add_argument(
            "--language",
            choices=["fr", "nl", "en"],
            default=terminal_language(),
            help="Language of the messages and of labels without a language (default: LANG).",
        )
        actions = parser.add_subparsers(dest="action", required=True)
        add = actions.add_parser("import-xlsform", help="Make a survey from an XLSForm.")
        add.add_argument("file")
        add.add_argument("--evaluation", type=int, required=True)
        add.add_argument("--dry-run", action="store_true", help="Show the survey; store nothing.")
        out = actions.add_parser("export-xlsform", help="Write a survey as an XLSForm.")
        out.add_argument("survey", type=int)
        out.add_argument("-o", "--output", required=True)

    def handle(self, *args, action, language, **options):
        with translation.override(language):
            getattr(self, action.replace("-", "_"))(language=language, **options)

    def import_xlsform(self, file, evaluation, dry_run, language, **options):
        target = Evaluation.objects.filter(pk=evaluation).first()
        if target is None:
            raise CommandError(
                _("There is no evaluation number %(number)s.") % {"number": evaluation}
            )
        try:
            with Path(file).open("rb") as stream:
                result = xlsform.import_survey(target, stream, None, language, dry_run=dry_run)
        except OSError as error:
            raise CommandError(
                _("%(file)s cannot be read: %(reason)s") % {"file": file, "reason": error}
            ) from None
        except xlsform.XLSFormError as error:
            raise CommandError(f"{file}: {error}") from None
        survey = result.survey
        headline = (
            _("Survey that would be made: %(title)s")
            if dry_run
            else _("Survey made: %(title)s (number %(number)s)")
        )
        self.stdout.write(
            headline % {"title": pick(survey.title, language).text, "number": survey.pk}
        )
        for code, kind, text in result.outline:
            self.stdout.write(f"  {code} · {kind} · {text}")
        self.stdout.write(
            ngettext("%(count)s question", "%(count)s questions", result.questions)
            % {"count": result.questions}
        )
        for item in result.skipped:
            self.stdout.write(
                _("Not carried over: %(sheet)s row %(row)s %(name)s: %(reason)s")
                % {"sheet": item.sheet, "row": item.row, "name": item.name, "reason": item.reason}
            )

    def export_xlsform(self, survey, output, **options):
        found = Survey.objects.filter(pk=survey).first()
        if found is None:
            raise CommandError(_("There is no survey number %(number)s.") % {"number": survey})
        Path(output).write_bytes(xlsform.export_survey(found))
        self.stdout.write(_("Written to %(file)s.") % {"file": output})
