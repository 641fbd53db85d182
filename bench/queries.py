"""Count the SQL queries of pages while what they show grows.

Run as `python -m bench.queries OUTPUT.json` with DJANGO_SETTINGS_MODULE=vises.settings and
VISES_DATA_DIR set to a throwaway directory: it migrates a fresh database there and loads the
demo. Then:

* for each size in SIZES it grows the demo network to that many enterprises (all followed
  by the coach, all seen by the network admin) and renders each page of PAGES as each role
  of ROLES with Django's test client;
* it seeds the journey evaluation (bench.seed.journey_evaluation) and renders its journey
  screen as its enterprise admin while the enterprise holds each of EVALUATION_SIZES
  evaluations.

OUTPUT.json receives a list of {"page", "role", "counted", "size", "queries", "sql"}
objects: "counted" is what grows ("enterprises" or "evaluations"), "size" how many there
are, and "sql" the statements run.
"""

import json
import sys
from functools import partial
from pathlib import Path

import django
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings, setup_test_environment
from django.urls import reverse

from bench import seed

# The smallest size holds at least the demo network's own enterprises (13 now).
SIZES = (20, 500)
PAGES = ("enterprise_list", "home")
ROLES = {"coach": seed.COACH, "network_admin": seed.NETWORK_ADMIN}
EVALUATION_SIZES = (1, 50)
PAGE_SIZE = 50  # enterprise_list shows this many per page; home shows at most HOME_SIZE.
HOME_SIZE = 10

# Neither changes the number of queries: static files are not collected in the throwaway
# directory, and a fast hash makes loading the demo's users quick.
FAST_TEST_SETTINGS = {
    "STORAGES": {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    },
    "PASSWORD_HASHERS": ["django.contrib.auth.hashers.MD5PasswordHasher"],
    # Else the network admin is sent to set up two-factor sign-in before any page. The
    # gate's query is counted either way: it runs on every signed-in request.
    "VISES_REQUIRE_TWO_FACTOR": False,
}


def signed_in_client(email: str) -> Client:
    """A test client holding a session of the user with this email."""
    from vises.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(email=email), backend="vises.accounts.backends.UserBackend")
    return client


def check_page(page: str, response, size: int) -> None:
    """Raise unless the page answered 200 and shows what `size` enterprises should give."""
    if response.status_code != 200:
        raise RuntimeError(f"{page} answered {response.status_code}")
    if page == "enterprise_list":
        shown, expected = response.context["page"].paginator.count, size
    else:
        shown, expected = len(response.context["enterprises"]), min(size, HOME_SIZE)
    if shown != expected:
        raise RuntimeError(f"{page} shows {shown} enterprises instead of {expected}")


def measure(client: Client, url: str, check) -> dict:
    """Render the page once to warm up and check it, then again while counting its queries."""
    check(client.get(url))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    check(response)
    return {
        "queries": len(captured.captured_queries),
        "sql": [query["sql"] for query in captured.captured_queries],
    }


def count_lists() -> list[dict]:
    """Measure every page of PAGES as every role of ROLES, for every size of SIZES."""
    clients = {role: signed_in_client(email) for role, email in ROLES.items()}
    results = []
    for size in SIZES:
        seed.grow_network(size)
        for page in PAGES:
            for role, client in clients.items():
                counted = measure(client, reverse(page), partial(check_page, page, size=size))
                results.append(
                    {"page": page, "role": role, "counted": "enterprises", "size": size, **counted}
                )
    return results


def count_journey() -> list[dict]:
    """Measure the journey screen as its enterprise admin, for every size of EVALUATION_SIZES."""
    evaluation = seed.journey_evaluation()
    client = signed_in_client(seed.JOURNEY_ADMIN)
    url = reverse("evaluation_detail", args=[evaluation.pk])

    def check(response) -> None:
        if response.status_code != 200:
            raise RuntimeError(f"evaluation_detail answered {response.status_code}")
        if response.context["evaluation"].pk != evaluation.pk:
            raise RuntimeError("evaluation_detail shows another evaluation")

    results = []
    for size in EVALUATION_SIZES:
        seed.grow_evaluations(evaluation, size)
        counted = measure(client, url, check)
        results.append(
            {
                "page": "evaluation_detail",
                "role": "enterprise_admin",
                "counted": "evaluations",
                "size": size,
                **counted,
            }
        )
    return results


def count_all() -> list[dict]:
    """Build the database and measure every page, role and size."""
    from django.conf import settings
    from django.core.management import call_command

    from vises.demo import data

    # WhiteNoise warns at start-up when STATIC_ROOT is missing; it stays empty here.
    Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
    call_command("migrate", interactive=False, verbosity=0)
    data.load()
    return count_journey() + count_lists()


def main(output: Path) -> None:
    """Count everything and write the results to `output` as JSON."""
    django.setup()
    setup_test_environment()
    with override_settings(**FAST_TEST_SETTINGS):
        results = count_all()
    output.write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
