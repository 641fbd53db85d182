"""The demo network runs a programme whose board shows late enterprises, and its
reminders go out (to the console outside tests) in each person's language."""

from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from vises.accounts.models import User
from vises.demo import territorial
from vises.networks.models import Programme


def test_demo_programme_has_late_enterprises_and_sends_reminders_once(client, db, capsys):
    call_command("demo", no_files=True)
    call_command("demo", no_files=True)

    # The other, the cross-border cohort that has just ended, has the territorial reports.
    programme = Programme.objects.exclude(name=territorial.PROGRAMME).get()
    assert programme.enterprises.count() == 6 and programme.milestones.count() == 4
    admin = User.objects.get(email="sophie.marchal@passerelles-ess.example")
    client.force_login(admin)
    board = client.get(reverse("network_progress", args=[programme.network.pk]))
    late = client.get(reverse("network_progress", args=[programme.network.pk]), {"status": "late"})
    assert board.text.count('class="badge overdue"') >= 2
    assert "Les Ateliers du Rebond" in board.text and "Les Ateliers du Rebond" not in late.text

    call_command("reminders")
    sent = [(message.to[0], message.subject) for message in mail.outbox]
    call_command("reminders")

    assert len(mail.outbox) == len(sent)
    assert any(
        to == "marie.lambert@petits-pas-namur.example" and "une échéance est passée" in subject
        for to, subject in sent
    )
    assert any(
        to == "pieter.claes@passerelles-ess.example" and "achterstaande ondernemingen" in subject
        for to, subject in sent
    )
