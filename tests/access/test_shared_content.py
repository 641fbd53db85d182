"""Network admins read an evaluation's content only where its enterprise shares it
("read-only content" or more): then they open every page its coach reads, and change
nothing; without that consent, or after its withdrawal, they open none."""

import re

import pytest

from tests.access.test_every_url import ALL_PATTERNS, EXPECTED, OK, samples
from vises.evaluations import sharing
from vises.evaluations.models import Evaluation, SharingLevel

# Pages that are the coach's own work, not reading.
COACHING = {"evaluation_session_add"}

EVALUATION_PAGES = [
    (name, route)
    for name, route, params in ALL_PATTERNS
    if "evaluation_id" in params
    and EXPECTED[name][1]("anonymous", "own") != OK  # respondents' pages are public
]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path_factory):
    settings.MEDIA_ROOT = tmp_path_factory.getbasetemp() / "media"


def _url(route, values):
    return "/" + re.sub(r"<(\w+)>", lambda match: str(values[match.group(1)]), route)


@pytest.mark.parametrize(("name", "route"), EVALUATION_PAGES, ids=[n for n, _r in EVALUATION_PAGES])
def test_network_admin_reads_what_the_coach_reads_where_content_is_shared(
    client, world, name, route
):
    methods, rule = EXPECTED[name]
    url = _url(route, samples(world, name, "own"))
    admin = world.user("network_admin")
    for evaluation in Evaluation.objects.filter(enterprise=world.enterprise):
        sharing.decide(evaluation, SharingLevel.CONTENT, world.user("enterprise_admin"))
    client.force_login(admin)
    if "GET" in methods:
        reads = rule("coach", "own") == OK and name not in COACHING
        status = client.get(url).status_code
        if reads:
            assert status in (200, 302), f"GET {url}: {status}"
        else:
            assert status == 403, f"GET {url}: {status}"
    if "POST" in methods:
        response = client.post(url, {})
        assert response.status_code == 403, f"POST {url}: {response.status_code}"


@pytest.mark.parametrize("level", [SharingLevel.NOTHING, SharingLevel.AGGREGATED])
def test_without_content_consent_network_admin_opens_no_evaluation_page(client, world, level):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    sharing.decide(evaluation, level, world.user("enterprise_admin"))
    client.force_login(world.user("network_admin"))
    assert client.get(f"/evaluations/{evaluation.pk}/").status_code == 404


def test_withdrawal_closes_the_content_again(client, world):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    sharing.decide(evaluation, SharingLevel.RESEARCH, world.user("enterprise_admin"))
    client.force_login(world.user("network_admin"))
    assert client.get(f"/evaluations/{evaluation.pk}/portrait/summary/").status_code == 200
    sharing.decide(evaluation, SharingLevel.NOTHING, world.user("enterprise_admin"))
    assert client.get(f"/evaluations/{evaluation.pk}/portrait/summary/").status_code == 404


def test_another_networks_admin_never_reads_shared_content(client, world):
    from tests.conftest import make_evaluation

    evaluation = make_evaluation(world.enterprise)
    sharing.decide(evaluation, SharingLevel.RESEARCH, world.user("enterprise_admin"))
    client.force_login(world.other_admin)
    assert client.get(f"/evaluations/{evaluation.pk}/").status_code == 404
