from django.core.management.base import BaseCommand

from vises.demo import data, reports, territorial


class Command(BaseCommand):
    help = (
        "Load the cross-border demonstration (idempotent) and print every login as "
        "ROLE<TAB>ORGANISATION<TAB>EMAIL<TAB>PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-files",
            action="store_true",
            help="Do not render the reports' PDF, DOCX and infographics (a few seconds).",
        )

    def handle(self, *args, **options):
        for login in data.load():
            self.stdout.write("\t".join(login))
        if not options["no_files"]:
            reports.render_files()
            territorial.render_files()
