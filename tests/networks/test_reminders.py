"""Reminders by e-mail: to teams before and after a milestone, to coaches once a week, to
respondents who have not answered; each once, in its recipient's language, with a link
that stops them."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.conftest import make_evaluation
from vises.networks import reminders
from vises.networks.models import Milestone, Programme, SentReminder
from vises.surveys import distribution
from vises.surveys.models import Invitation, Response, Survey

TODAY = timezone.localdate()


def days(n: int) -> datetime.date:
    return TODAY + datetime.timedelta(days=n)


@pytest.fixture
def programme(world):
    """The enterprise's team speaks Dutch (its admin) and French (its member); the
    preliminary step's milestone has passed, step 1's comes in three days."""
    world.user("enterprise_admin").preferred_language = "nl"
    world.user("enterprise_admin").save()
    programme = Programme.objects.create(
        network=world.network,
        name="Cohorte 2026",
        starts_on=days(-100),
        ends_on=days(200),
        remind_days_before=5,
    )
    programme.enterprises.add(world.enterprise)
    Milestone.objects.create(programme=programme, step=0, due_on=days(-10))
    Milestone.objects.create(programme=programme, step=1, due_on=days(3))
    make_evaluation(world.enterprise)
    return programme


def sent_to(address: str) -> list:
    return [message for message in mail.outbox if message.to == [address]]


def unsubscribe_link(message) -> str:
    return re.search(r"http://\S+/reminders/unsubscribe/\S+/", message.body).group(0)


def test_team_is_reminded_before_a_milestone_and_when_late_once_in_its_language(world, programme):
    counts = reminders.send_due_reminders(TODAY)
    again = reminders.send_due_reminders(TODAY)

    admin = sent_to(world.user("enterprise_admin").email)
    member = sent_to(world.user("enterprise_member").email)
    assert counts["milestone"] == 4 and again["milestone"] == 0
    assert len(admin) == 2 and len(member) == 2
    assert {m.subject for m in member} == {
        "Cohorte 2026 : une étape approche",
        "Cohorte 2026 : une échéance est passée",
    }
    assert any("Stap 1" in m.body or "Stand van zaken" in m.body for m in admin)
    assert all(unsubscribe_link(m) for m in admin + member)
    assert SentReminder.objects.filter(kind="milestone").count() == 4


def test_no_reminder_far_from_a_milestone_nor_once_the_programme_ended(world, programme):
    Milestone.objects.filter(step=0).delete()
    assert reminders.send_due_reminders(days(-10))["milestone"] == 0  # 13 days ahead
    Programme.objects.filter(pk=programme.pk).update(ends_on=days(-1))
    assert reminders.send_due_reminders(TODAY)["milestone"] == 0


def test_unsubscribe_needs_no_login_and_a_confirmation(client, world, programme):
    reminders.send_due_reminders(TODAY)
    link = unsubscribe_link(sent_to(world.user("enterprise_member").email)[0])
    path = link.removeprefix("http://127.0.0.1:8000")

    asked = client.get(path, HTTP_ACCEPT_LANGUAGE="en")
    assert asked.status_code == 200 and "Yes, stop these reminders" in asked.text
    assert not reminders.is_unsubscribed(world.user("enterprise_member").email, "milestone")
    done = client.post(path, HTTP_ACCEPT_LANGUAGE="en")
    assert done.status_code == 200 and "will receive no more" in done.text

    mail.outbox.clear()
    Milestone.objects.filter(step=1).delete()
    Milestone.objects.create(programme=programme, step=2, due_on=days(3))
    reminders.send_due_reminders(TODAY)
    assert sent_to(world.user("enterprise_member").email) == []
    assert sent_to(world.user("enterprise_admin").email) != []


def test_a_forged_unsubscribe_link_is_refused(client, db):
    token = reminders.unsubscribe_token("someone@example.org", "milestone")
    response = client.get(reverse("reminder_unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400


def test_coaches_get_a_weekly_digest_of_their_late_enterprises(world, programme):
    coach = world.user("coach")
    monday = TODAY - datetime.timedelta(days=TODAY.weekday())

    reminders.send_due_reminders(monday)
    reminders.send_due_reminders(monday + datetime.timedelta(days=3))

    digests = sent_to(coach.email)
    assert len(digests) == 1
    assert "Atelier Vert" in digests[0].body and "Crèche Soleil" not in digests[0].body
    assert f"/networks/{world.network.pk}/progress/?status=late" in digests[0].body
    # The next week, another one.
    reminders.send_due_reminders(monday + datetime.timedelta(days=7))
    assert len(sent_to(coach.email)) == 2


def test_run_reminders_task_and_command(world, programme):
    from io import StringIO

    out = StringIO()
    call_command("reminders", "--date", TODAY.isoformat(), stdout=out)
    assert "milestone\t4" in out.getvalue()
    result = reminders.run_reminders.enqueue()
    assert result.return_value == {"milestone": 0, "coach_digest": 0, "survey": 0}


@pytest.fixture
def survey(world):
    evaluation = make_evaluation(world.enterprise)
    survey = Survey.objects.create(
        evaluation=evaluation,
        title={"fr": "Votre avis", "nl": "Uw mening"},
        languages=["fr", "nl"],
        public_link_open=True,
    )
    survey.waves.create(label="2026", opens_on=days(-30), closes_on=days(60))
    return survey


def test_respondents_who_have_not_answered_are_reminded_twice_at_most(world, survey):
    wave = survey.waves.get()
    distribution.send_by_email(wave, ["a@example.org", "b@example.org"], "nl")
    distribution.generate(wave, 3)  # printed slips: no address
    Response.objects.create(
        wave=wave, answers={}, language="fr", submission_key="public", via_public_link=True
    )
    Invitation.objects.filter(email="b@example.org").update(used_at=timezone.now())
    mail.outbox.clear()

    for day in range(0, 40):
        reminders.send_due_reminders(TODAY + datetime.timedelta(days=day))

    assert [m.to for m in mail.outbox] == [["a@example.org"], ["a@example.org"]]
    first, second = mail.outbox
    assert first.subject == "Herinnering: Atelier Vert vraagt uw mening"
    assert "Uw mening" in first.body and unsubscribe_link(first)
    # The addresses are forgotten once answered or reminded twice.
    assert not Invitation.objects.exclude(email="").exists()


def test_a_respondent_who_unsubscribed_is_not_reminded(client, world, survey):
    distribution.send_by_email(survey.waves.get(), ["a@example.org"], "fr")
    token = reminders.unsubscribe_token("a@example.org", "survey")
    client.post(reverse("reminder_unsubscribe", args=[token]))
    mail.outbox.clear()

    reminders.send_due_reminders(days(8))

    assert mail.outbox == []
    assert not Invitation.objects.exclude(email="").exists()
