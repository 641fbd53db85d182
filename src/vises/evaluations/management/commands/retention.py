import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.evaluations import retention
from vises.frameworks import document
from vises.frameworks.management.commands.framework import terminal_language


class Command(BaseCommand):
    help = (
        "Warn enterprise admins 30 days before an evaluation's retention date, and delete "
        "respondents' open answers, quotes and codes of evaluations past it. Safe to run "
        "again: nobody is warned twice, nothing is deleted twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--today",
            help="Run as on this day (YYYY-MM-DD), to check what a day would do.",
        )
        parser.add_argument(
            "--language",
            choices=document.LANGUAGES,
            default=terminal_language(),
            help="Language of the messages (default: from LANG).",
        )

    def handle(self, *args, today, language, **options):
        with translation.override(language):
            try:
                day = datetime.date.fromisoformat(today) if today else timezone.localdate()
            except ValueError:
                raise CommandError(
                    _("--today takes a date written YYYY-MM-DD, such as 2027-03-31.")
                ) from None
            warned = retention.warn_before_retention(day)
            enforced = retention.enforce_retention(day)
            self.stdout.write(
                _(
                    "%(warned)s warning e-mails sent; respondents' data deleted in "
                    "%(enforced)s evaluations."
                )
                % {"warned": warned, "enforced": enforced}
            )
