from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from vises.networks.reminders import send_due_reminders


class Command(BaseCommand):
    help = (
        "Send the reminders due today (milestones, coaches' weekly digests, survey "
        "respondents) that were not sent before, and print how many of each kind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Send those due on this day (YYYY-MM-DD).")

    def handle(self, *args, **options):
        try:
            today = date.fromisoformat(options["date"]) if options["date"] else None
        except ValueError:
            raise CommandError(
                f"--date {options['date']!r} is not a date such as 2027-03-31."
            ) from None
        for kind, count in send_due_reminders(today or timezone.localdate()).items():
            self.stdout.write(f"{kind}\t{count}")
