"""The data the benchmarks run on: the demo, with its network grown to a chosen size.

As a script, `python -m bench.seed N` prepares the data directory of the HTTP benchmark
(DJANGO_SETTINGS_MODULE and VISES_DATA_DIR must be set): it migrates, collects the static
files, loads the demo and grows its network to N enterprises, all followed by the coach.

Django must be set up before any function here is called; models are imported inside the
functions so that this module can be imported first.
"""

import sys

import django

COACH = "camille.lefebvre@passerelles-ess.example"
SECOND_COACH = "pieter.claes@passerelles-ess.example"
NETWORK_ADMIN = "sophie.marchal@passerelles-ess.example"
BENCH_PREFIX = "Bench enterprise"


def grow_network(total: int) -> None:
    """Make the demo network hold exactly `total` admitted enterprises, all followed by COACH.

    New enterprises copy the fields of the demo's six in turn; every third one is also
    followed by SECOND_COACH, so that the "Coaches" column sometimes lists two people.
    Afterwards both COACH and NETWORK_ADMIN see exactly `total` enterprises, or this raises.
    """
    from vises.access import rules
    from vises.accounts.models import CoachAssignment, Enterprise, Network, User
    from vises.demo import data

    network = Network.objects.get(name=data.NETWORK["name"])
    existing = network.enterprises.count()
    if existing > total:
        raise ValueError(f"the network already holds {existing} enterprises, more than {total}")
    templates = [
        {key: value for key, value in spec.items() if key not in {"name", "coach", "people"}}
        for spec in data.ENTERPRISES
    ]
    Enterprise.objects.bulk_create(
        Enterprise(
            name=f"{BENCH_PREFIX} {number:04d}",
            network=network,
            admission=Enterprise.Admission.ADMITTED,
            **templates[number % len(templates)],
        )
        for number in range(existing + 1, total + 1)
    )

    coach = User.objects.get(email=COACH)
    second_coach = User.objects.get(email=SECOND_COACH)
    assignments = []
    for enterprise in network.enterprises.all():
        assignments.append(CoachAssignment(coach=coach, enterprise=enterprise))
        if enterprise.name.startswith(BENCH_PREFIX) and enterprise.pk % 3 == 0:
            assignments.append(CoachAssignment(coach=second_coach, enterprise=enterprise))
    CoachAssignment.objects.bulk_create(assignments, ignore_conflicts=True)

    for email in (COACH, NETWORK_ADMIN):
        seen = rules.enterprises_for(User.objects.get(email=email)).count()
        if seen != total:
            raise RuntimeError(f"{email} sees {seen} enterprises instead of {total}")


def prepare_server_data(total: int) -> None:
    """Migrate, collect static files, load the demo and grow its network to `total`."""
    from django.core.management import call_command

    from vises.demo import data

    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    data.load()
    grow_network(total)


if __name__ == "__main__":
    django.setup()
    prepare_server_data(int(sys.argv[1]))
