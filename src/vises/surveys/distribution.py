"""Handing a survey to respondents: single-use codes for a wave, printed on slips with a
QR code and a short link, or sent by email. An email address is kept only to remind its
respondent, until the code is used or the wave closes: nothing links a response to the
person who got the code."""

import secrets

import segno
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import TaskResult, TaskResultStatus, task
from django_tasks.signals import task_finished

from vises.multilingual import pick
from vises.worker import reasons

from .models import Invitation, Wave

MAX_CODES = 500


class DistributionError(Exception):
    pass


def short_link(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("survey_respond_code", args=[invitation.code])


def code_entry_link() -> str:
    """The page where a code from a slip or an e-mail is typed in."""
    return settings.SITE_URL + reverse("survey_code_entry")


def qr_svg(link: str) -> str:
    """The link as a QR code, an inline SVG that prints sharp at any size."""
    return segno.make(link, error="m", micro=False).svg_inline(scale=3, border=2)


@transaction.atomic
def generate(wave: Wave, count: int, follow: Wave | None = None) -> list[Invitation]:
    """`count` new codes for the wave; or, with `follow`, one code for each respondent of
    that earlier wave, carrying their pseudonymous key so that their answers link up."""
    if follow is not None:
        keys = [i.respondent_key or secrets.token_hex(16) for i in follow.invitations.all()]
    else:
        if not 1 <= count <= MAX_CODES:
            raise DistributionError(_("Ask for 1 to %(max)s codes at a time.") % {"max": MAX_CODES})
        linked = wave.survey.link_waves
        keys = [secrets.token_hex(16) if linked else "" for _ in range(count)]
    for _attempt in range(3):
        try:
            with transaction.atomic():
                return Invitation.objects.bulk_create(
                    [Invitation(wave=wave, respondent_key=key) for key in keys]
                )
        except IntegrityError:
            # Two codes met by chance among a billion: draw them all again.
            continue
    raise DistributionError(_("The codes could not be created; please try again."))


def slips(invitations) -> list[dict]:
    """What each printed slip shows: the code, its short link and the link's QR code."""
    result = []
    for invitation in invitations:
        link = short_link(invitation)
        result.append({"code": invitation.code, "link": link, "qr": qr_svg(link)})
    return result


@transaction.atomic
def send_by_email(wave: Wave, addresses: list[str], language: str) -> int:
    """One code per address, sent in `language` by the worker; a code whose message fails
    for good says why on the wave's codes page. Return how many were queued."""
    invitations = generate(wave, len(addresses))
    # The address is kept to remind a respondent who has not answered (see
    # vises.networks.reminders), never to link an answer to it.
    for invitation, address in zip(invitations, addresses, strict=True):
        invitation.email, invitation.language = address, language
    Invitation.objects.bulk_update(invitations, ["email", "language"])
    for invitation in invitations:
        send_code.enqueue(invitation.pk)
    return len(invitations)


@task()
def send_code(invitation_id: int) -> None:
    """E-mail the invitation its code, in its language."""
    invitation = Invitation.objects.select_related("wave__survey__evaluation__enterprise").get(
        pk=invitation_id
    )
    wave = invitation.wave
    survey = wave.survey
    with translation.override(invitation.language):
        subject = _("%(enterprise)s asks for your opinion") % {
            "enterprise": survey.evaluation.enterprise.name
        }
        body = render_to_string(
            "surveys/invitation_email.txt",
            {
                "survey_title": pick(survey.title, invitation.language).text,
                "enterprise": survey.evaluation.enterprise.name,
                "link": short_link(invitation),
                "code_entry_link": code_entry_link(),
                "code": invitation.code,
                "closes_on": wave.closes_on,
            },
        )
    send_mail(subject, body, None, [invitation.email])
    Invitation.objects.filter(pk=invitation_id).update(emailed_at=timezone.now(), email_error="")


@receiver(task_finished)
def note_unsent_code(sender, task_result: TaskResult, **kwargs) -> None:
    """A code whose e-mail failed for good keeps why, for the wave's codes page."""
    if (
        task_result.status == TaskResultStatus.FAILED
        and task_result.task.module_path == send_code.module_path
    ):
        Invitation.objects.filter(pk=task_result.args[0]).update(
            email_error=reasons.last_error(task_result)
        )
