import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_evaluation
from tests.networks.test_accompaniment_research import LEAKS, folded, hostile_world
from vises.evaluations import research, sharing
from vises.evaluations.models import (
    AccompanimentSession,
    Change,
    EvaluativeQuestion,
    PlanRow,
    SharingConsent,
    SharingLevel,
)


def changed(evaluation, part, day):
    change = Change.objects.create(evaluation=evaluation, part=part, before=None, after={})
    at = timezone.make_aware(datetime.datetime(2026, *day, 10))
    Change.objects.filter(pk=change.pk).update(at=at)


def planned(evaluation, methods, code="", text="Une question"):
    question = EvaluativeQuestion.objects.create(
        evaluation=evaluation, library_code=code, text=text, is_main=True
    )
    return PlanRow.objects.create(evaluation=evaluation, question=question, methods=methods)


def studied(world):
    """Two evaluations open to research, one shared for aggregates only, one in another
    network, each with a known history, sessions and plan."""
    first = make_evaluation(world.enterprise, title="Atelier Vert 2026")
    changed(first, "preliminary", (1, 5))
    changed(first, "portrait", (1, 15))
    changed(first, "stakeholders", (1, 10))
    changed(first, "surveys", (2, 9))
    changed(first, "sharing", (1, 2))  # not a step's part
    first.framework_read_at = timezone.now()
    first.save()
    for minutes in [60, 30]:
        AccompanimentSession.objects.create(
            evaluation=first, date=datetime.date(2026, 1, 12), duration_minutes=minutes, step=1
        )
    planned(first, ["survey", "interview"], code="confidence")
    planned(first, ["survey"], text="Comment Atelier Vert aide-t-il Camille ?")
    second = make_evaluation(world.sibling, title="Crèche Soleil 2026")
    changed(second, "preliminary", (1, 1))
    changed(second, "evaluative_questions", (1, 21))
    AccompanimentSession.objects.create(
        evaluation=second, date=datetime.date(2026, 1, 3), duration_minutes=45, step=0
    )
    planned(second, ["survey", "documents"], code="confidence")
    aggregated = make_evaluation(world.enterprise, title="Atelier Vert 2025")
    changed(aggregated, "preliminary", (1, 1))
    changed(aggregated, "portrait", (3, 1))
    planned(aggregated, ["observation"], code="confidence")
    theirs = make_evaluation(world.other_enterprise, title="Buurtwerk 2026")
    planned(theirs, ["life_story"], code="confidence")
    for evaluation, level in [
        (first, SharingLevel.RESEARCH),
        (second, SharingLevel.RESEARCH),
        (aggregated, SharingLevel.CONTENT),
        (theirs, SharingLevel.RESEARCH),
    ]:
        SharingConsent.objects.create(evaluation=evaluation, level=level)
    return first, second


def open_page(client, world, **headers):
    client.force_login(world.user("researcher"))
    return client.get(reverse("network_research", args=[world.network.pk]), **headers)


def test_time_between_steps_from_the_first_change_of_each_step(client, world):
    studied(world)
    page = open_page(client, world)
    assert page.status_code == 200
    rows = {row.enterprise: row for row in page.context["rows"]}
    assert set(rows) == {world.enterprise.pseudonym, world.sibling.pseudonym}
    first, second = rows[world.enterprise.pseudonym], rows[world.sibling.pseudonym]
    assert first.started[0] == datetime.date(2026, 1, 5)
    assert first.started[1] == datetime.date(2026, 1, 10)
    assert first.days_between == [5, 30, None]
    assert second.days_between == [20, None, None]
    steps = page.context["transitions"]
    assert [(t.evaluations, t.median_days, t.shortest, t.longest) for t in steps] == [
        (2, 12.5, 5, 20),
        (1, 30, 30, 30),
        (0, None, None, None),
    ]


def test_sessions_hours_methods_and_what_is_left_undone(client, world):
    studied(world)
    page = open_page(client, world, HTTP_ACCEPT_LANGUAGE="en")
    rows = {row.enterprise: row for row in page.context["rows"]}
    assert (rows[world.enterprise.pseudonym].sessions, rows[world.enterprise.pseudonym].hours) == (
        2,
        1.5,
    )
    hours = {summary.step: summary.hours for summary in page.context["summaries"]}
    assert hours == {0: 0.75, 1: 1.5, 2: 0, 3: 0}
    methods = {(row.question, row.group): row.evaluations for row in page.context["methods"]}
    # Two evaluations of different groups chose the framework's question; the evaluation
    # shared for aggregates only and the other network's are left out.
    assert methods[("confidence", "integration")] == {"survey": 1, "interview": 1}
    assert methods[("confidence", "collective_service")] == {"survey": 1, "documents": 1}
    assert methods[("own", "integration")] == {"survey": 1}
    assert len(methods) == 3
    assert "How does our support strengthen people" in page.text
    assert "Question written by the team" in page.text
    undone = {item.title: item.evaluations for item in page.context["unfinished"]}
    assert undone["Get familiar with the framework"] == 1
    assert undone["Stakeholder map"] == 2
    assert page.text.count("<svg") == 4
    assert " style=" not in page.text and "<style" not in page.text


@pytest.mark.parametrize("level", [SharingLevel.NOTHING, SharingLevel.AGGREGATED])
def test_withdrawn_consent_takes_the_evaluation_out(client, world, level):
    first, _second = studied(world)
    sharing.decide(first, level, world.user("enterprise_admin"))
    page = open_page(client, world)
    assert [row.enterprise for row in page.context["rows"]] == [world.sibling.pseudonym]
    assert world.enterprise.pseudonym not in page.text
    methods = {(row.question, row.group) for row in page.context["methods"]}
    assert methods == {("confidence", "collective_service")}
    body = client.get(reverse("network_research_csv", args=[world.network.pk])).text
    assert world.enterprise.pseudonym not in body and world.sibling.pseudonym in body


def test_csv_holds_the_figures_with_codes(client, world):
    studied(world)
    client.force_login(world.user("network_admin"))
    response = client.get(reverse("network_research_csv", args=[world.network.pk]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    evaluations = {row["enterprise"]: row for row in rows if row["kind"] == "evaluation"}
    first = evaluations[world.enterprise.pseudonym]
    assert (first["step_1_started"], first["days_0_to_1"], first["days_2_to_3"]) == (
        "2026-01-10",
        "5",
        "",
    )
    assert (first["sessions"], first["session_minutes"]) == ("2", "90")
    chosen = {
        (row["question"], row["group"], row["method"]): row["evaluations"]
        for row in rows
        if row["kind"] == "method"
    }
    assert chosen[("confidence", "integration", "survey")] == "1"
    assert chosen[("own", "integration", "survey")] == "1"
    assert len(chosen) == 5


def test_no_real_name_reaches_the_page_or_the_csv(client, world):
    evaluation = hostile_world(world)
    planned(evaluation, ["survey"], text="Merci a JEROME LEFEVRE et Creche Soleil")
    PlanRow.objects.filter(evaluation=evaluation).update(
        responsible="Jérôme Lefèvre", notes="Voir avec Camille Dupont"
    )
    changed(evaluation, "preliminary", (1, 5))
    for language in ["en", "fr", "nl"]:
        page = open_page(client, world, HTTP_ACCEPT_LANGUAGE=language).text
        body = client.get(reverse("network_research_csv", args=[world.network.pk])).text
        assert world.enterprise.pseudonym in page and world.enterprise.pseudonym in body
        for text in [page, body]:
            for leak in [*LEAKS, "atelier vert", "jeanne", "martin"]:
                assert leak not in folded(text), (language, leak)


def test_no_evaluation_open_to_research(client, world):
    page = open_page(client, world, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "No evaluation of the network is open to research yet." in page.text
    assert research.csv_rows([], []).__next__() == research.CSV_COLUMNS


def test_network_page_links_researchers_and_admins_to_the_view(client, world):
    url = reverse("network_research", args=[world.network.pk])
    for role, shown in [("researcher", True), ("network_admin", True), ("coach", False)]:
        client.force_login(world.user(role))
        page = client.get(reverse("network_detail", args=[world.network.pk]))
        assert (url in page.text) is shown, role
    client.force_login(world.user("coach"))
    assert client.get(url).status_code == 403


def test_queries_do_not_grow_with_the_evaluations(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    studied(world)
    client.force_login(world.user("researcher"))
    url = reverse("network_research", args=[world.network.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(3):
        more = make_evaluation(world.sibling)
        changed(more, "preliminary", (1, 1))
        planned(more, ["survey"], code="confidence")
        AccompanimentSession.objects.create(
            evaluation=more, date=datetime.date(2026, 1, 3), duration_minutes=30, step=0
        )
        SharingConsent.objects.create(evaluation=more, level=SharingLevel.RESEARCH)
    with CaptureQueriesContext(connection) as many:
        page = client.get(url)
    assert len(page.context["rows"]) == 5
    assert len(many) == len(few)
