"""The access rules remember their answers for one request, never longer."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_evaluation
from vises.access import rules
from vises.accounts.models import EnterpriseMembership

EVALUATION_READ = 'SELECT "evaluations_evaluation"."id", "evaluations_evaluation"."enterprise_id"'


def test_the_journey_screen_reads_its_evaluation_once(client, world):
    evaluation = make_evaluation(world.enterprise)
    client.force_login(world.user("enterprise_admin"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    assert page.status_code == 200
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith(EVALUATION_READ)]
    assert len(reads) == 1


def test_the_next_request_sees_what_changed(client, world):
    evaluation = make_evaluation(world.enterprise, "Impact 2026")
    client.force_login(world.user("enterprise_member"))
    url = reverse("evaluation_detail", args=[evaluation.pk])
    assert "Impact 2026" in client.get(url).text
    evaluation.title = "Impact 2027"
    evaluation.save()
    assert "Impact 2027" in client.get(url).text
    EnterpriseMembership.objects.filter(user=world.user("enterprise_member")).delete()
    assert client.get(url).status_code == 404


def test_outside_a_request_nothing_is_remembered(world):
    member = world.user("enterprise_member")
    assert rules.enterprise_role(member, world.enterprise) is not None
    EnterpriseMembership.objects.filter(user=member).delete()
    assert rules.enterprise_role(member, world.enterprise) is None
