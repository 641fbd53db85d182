from django.core.management.base import BaseCommand

from vises.demo import data


class Command(BaseCommand):
    help = (
        "Load the cross-border demonstration (idempotent) and print every login as "
        "ROLE<TAB>ORGANISATION<TAB>EMAIL<TAB>PASSWORD."
    )

    def handle(self, *args, **options):
        for login in data.load():
            self.stdout.write("\t".join(login))
