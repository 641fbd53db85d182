"""Reminders by e-mail, sent once a day by the task worker (or `vises reminders`):

* to an enterprise's team, some days before a milestone of its programme whose step is not
  done, and once when the milestone has passed;
* to each coach, once a week, the enterprises they follow that are late;
* to a respondent who got a single-use code by e-mail and has not answered, at most twice
  while the wave is open (never to anyone through a public link, which has no address).

Each e-mail is in its recipient's language and carries a link that stops that kind of
reminder without signing in. Each reminder is recorded under a key naming what it is
about before it is sent, so running the reminders twice sends nothing twice.
"""

import logging
import smtplib
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from vises.accounts.models import Network, NetworkRole, User
from vises.analysis import progress
from vises.evaluations.models import Evaluation, JourneyStep
from vises.multilingual import pick
from vises.surveys.distribution import short_link
from vises.surveys.models import Invitation

from . import board
from .models import Programme, ReminderKind, SentReminder, Unsubscription, address_hash

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "vises.networks.reminders.unsubscribe"
# Days after the code was e-mailed before the first reminder, and between the two.
RESPONDENT_REMINDER_AFTER_DAYS = 7
RESPONDENT_REMINDERS = 2


def unsubscribe_token(address: str, kind: str) -> str:
    """A signed token that stops reminders of `kind` to `address`, valid without login."""
    return signing.dumps({"a": address.strip().lower(), "k": kind}, salt=UNSUBSCRIBE_SALT)


def read_unsubscribe_token(token: str) -> tuple[str, str]:
    """The (address, kind) of a token; signing.BadSignature if it was not made here."""
    data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if data.get("k") not in ReminderKind.values or not data.get("a"):
        raise signing.BadSignature("Unknown reminder kind.")
    return data["a"], data["k"]


def unsubscribe(address: str, kind: str) -> None:
    Unsubscription.objects.get_or_create(kind=kind, address_hash=address_hash(address))


def is_unsubscribed(address: str, kind: str) -> bool:
    return Unsubscription.objects.filter(kind=kind, address_hash=address_hash(address)).exists()


def unsubscribe_link(address: str, kind: str) -> str:
    return settings.SITE_URL + reverse(
        "reminder_unsubscribe", args=[unsubscribe_token(address, kind)]
    )


def language_of(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _send(
    kind: str,
    key: str,
    address: str,
    language: str,
    subject: tuple,
    template: str,
    context: dict,
    recipient: User | None = None,
) -> bool:
    """Send one reminder unless it was sent before or its address unsubscribed; whether it
    was sent. `subject` is a lazy text and its values, written in `language`. A message
    that cannot be sent is not recorded, so the next run tries again."""
    if SentReminder.objects.filter(key=key).exists() or is_unsubscribed(address, kind):
        return False
    with translation.override(language):
        text = str(subject[0]) % subject[1]
        body = render_to_string(
            template, {**context, "unsubscribe_link": unsubscribe_link(address, kind)}
        )
    try:
        with transaction.atomic():
            SentReminder.objects.create(kind=kind, key=key, recipient=recipient)
            send_mail(text, body, None, [address])
    except IntegrityError:  # another run sent it meanwhile
        return False
    except (OSError, smtplib.SMTPException):
        logger.warning("Reminder %s could not be sent.", key, exc_info=True)
        return False
    return True


def _team(enterprise) -> list[User]:
    return list(
        User.objects.filter(enterprise_memberships__enterprise=enterprise, is_active=True)
        .exclude(email="")
        .order_by("pk")
    )


def milestone_reminders(today: date) -> int:
    """Tell each team of a running programme that a milestone comes (within the
    programme's notice) or has passed with its step not done; once per milestone."""
    sent = 0
    programmes = Programme.objects.filter(ends_on__gte=today).select_related("network")
    for programme in programmes.prefetch_related("milestones"):
        milestones = list(programme.milestones.all())
        if not milestones:
            continue
        rows = board.rows(
            programme.network,
            programme.enterprises.admitted(),
            Evaluation.objects.all(),
            programme,
            today,
        )
        notice = timedelta(days=programme.remind_days_before)
        for row in rows:
            steps = row.overview.steps if row.overview else None
            soon = progress.due_soon(milestones, steps, today, today + notice)
            # The latest milestone missed stands for the earlier ones.
            due = [("soon", m) for m in soon[:1]] + [("late", m) for m in row.late[-1:]]
            for state, milestone in due:
                for person in _team(row.enterprise):
                    sent += _milestone_reminder(row, programme, milestone, state, person, today)
    return sent


def _milestone_reminder(row, programme, milestone, state, person, today) -> bool:
    context = {
        "person": person,
        "enterprise": row.enterprise.name,
        "programme": programme.name,
        "step": JourneyStep(milestone.step).label,
        "due_on": milestone.due_on,
        "days": abs((milestone.due_on - today).days),
        "progress": row.overview.progress if row.overview else 0,
        "link": settings.SITE_URL + reverse("enterprise_detail", args=[row.enterprise.pk]),
    }
    if state == "soon":
        subject = (_("%(programme)s: a milestone soon"), {"programme": programme.name})
    else:
        subject = (_("%(programme)s: a milestone has passed"), {"programme": programme.name})
    return _send(
        ReminderKind.MILESTONE,
        f"milestone-{state}:{milestone.pk}:{row.enterprise.pk}:{person.pk}",
        person.email,
        language_of(person),
        subject,
        f"networks/email/milestone_{state}.txt",
        context,
        person,
    )


@dataclass
class LateEnterprise:
    name: str
    milestone: str
    due_on: date
    progress: int


def coach_digests(today: date) -> int:
    """Send each coach, once a week, the list of the enterprises they follow that are late
    on their programme; nothing to a coach none of whose enterprises is late."""
    year, week, _day = today.isocalendar()
    sent = 0
    for network in Network.objects.filter(programmes__ends_on__gte=today).distinct():
        rows = board.rows(
            network, network.enterprises.admitted(), Evaluation.objects.all(), today=today
        )
        coaches = User.objects.filter(
            network_memberships__network=network,
            network_memberships__role=NetworkRole.COACH,
            is_active=True,
        ).order_by("pk")
        for coach in coaches:
            late = [
                LateEnterprise(
                    row.enterprise.name,
                    JourneyStep(row.late[-1].step).label,
                    row.late[-1].due_on,
                    row.overview.progress if row.overview else 0,
                )
                for row in rows
                if row.late and coach in row.coaches
            ]
            if not late:
                continue
            board_link = reverse("network_progress", args=[network.pk])
            sent += _send(
                ReminderKind.COACH_DIGEST,
                f"coach-digest:{network.pk}:{coach.pk}:{year}-W{week:02d}",
                coach.email,
                language_of(coach),
                (_("%(network)s: enterprises late this week"), {"network": network.name}),
                "networks/email/coach_digest.txt",
                {
                    "person": coach,
                    "network": network.name,
                    "late": late,
                    "link": f"{settings.SITE_URL}{board_link}?status=late",
                },
                coach,
            )
    return sent


def respondent_reminders(today: date) -> int:
    """Remind a respondent whose e-mailed code is unused, a week after the e-mail and a
    week later again, while the wave is open; then forget the address, as soon as the
    code is used or the wave closes too."""
    forget = Q(used_at__isnull=False) | Q(wave__closes_on__lt=today)
    Invitation.objects.exclude(email="").filter(forget).update(email="", language="")
    sent = 0
    waiting = (
        Invitation.objects.exclude(email="")
        .filter(
            used_at__isnull=True,
            emailed_at__isnull=False,
            reminders_sent__lt=RESPONDENT_REMINDERS,
            wave__opens_on__lte=today,
            wave__closes_on__gte=today,
        )
        .select_related("wave__survey__evaluation__enterprise")
    )
    for invitation in waiting:
        waited = (today - timezone.localdate(invitation.emailed_at)).days
        number = invitation.reminders_sent + 1
        if waited < RESPONDENT_REMINDER_AFTER_DAYS * number:
            continue
        survey = invitation.wave.survey
        language = invitation.language or settings.LANGUAGE_CODE
        enterprise = survey.evaluation.enterprise.name
        key = f"survey:{invitation.pk}:{number}"
        was_sent = _send(
            ReminderKind.SURVEY,
            key,
            invitation.email,
            language,
            (_("Reminder: %(enterprise)s asks for your opinion"), {"enterprise": enterprise}),
            "networks/email/survey_reminder.txt",
            {
                "survey_title": pick(survey.title, language).text,
                "enterprise": enterprise,
                "link": short_link(invitation),
                "code": invitation.code,
                "closes_on": invitation.wave.closes_on,
                "last": number == RESPONDENT_REMINDERS,
            },
        )
        if SentReminder.objects.filter(key=key).exists():
            invitation.reminders_sent = number
        elif is_unsubscribed(invitation.email, ReminderKind.SURVEY):
            invitation.reminders_sent = RESPONDENT_REMINDERS  # nothing more to send
        else:
            continue  # not sent this time: tried again tomorrow
        if invitation.reminders_sent >= RESPONDENT_REMINDERS:
            invitation.email = invitation.language = ""
        invitation.save(update_fields=["reminders_sent", "email", "language"])
        sent += was_sent
    return sent


def send_due_reminders(today: date) -> dict[str, int]:
    """Send every reminder due on `today` and not sent before; how many of each kind."""
    return {
        ReminderKind.MILESTONE.value: milestone_reminders(today),
        ReminderKind.COACH_DIGEST.value: coach_digests(today),
        ReminderKind.SURVEY.value: respondent_reminders(today),
    }


@task()
def run_reminders() -> dict[str, int]:
    """The day's reminders, for the task worker's daily schedule."""
    return send_due_reminders(timezone.localdate())
