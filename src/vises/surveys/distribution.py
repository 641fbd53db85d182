"""Handing a survey to respondents: single-use codes for a wave, printed on slips with a
QR code and a short link, or sent by email. An email address is kept only to remind its
respondent, until the code is used or the wave closes: nothing links a response to the
person who got the code."""

import secrets
import smtplib

import segno
from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from vises.multilingual import pick

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
    """One code per address, sent in `language`; if a message cannot be sent, no code is
    kept and the team is told."""
    survey = wave.survey
    invitations = generate(wave, len(addresses))
    now = timezone.now()
    with translation.override(language):
        subject = _("%(enterprise)s asks for your opinion") % {
            "enterprise": survey.evaluation.enterprise.name
        }
        for invitation, address in zip(invitations, addresses, strict=True):
            body = render_to_string(
                "surveys/invitation_email.txt",
                {
                    "survey_title": pick(survey.title, language).text,
                    "enterprise": survey.evaluation.enterprise.name,
                    "link": short_link(invitation),
                    "code_entry_link": code_entry_link(),
                    "code": invitation.code,
                    "closes_on": wave.closes_on,
                },
            )
            try:
                send_mail(subject, body, None, [address])
            except (OSError, smtplib.SMTPException) as error:
                failure = (address, error)
                break
        else:
            failure = None
    if failure:
        # Said in the team's language, not the message's; raising undoes every code.
        address, error = failure
        raise DistributionError(
            _("The message to %(address)s could not be sent; no code was kept.")
            % {"address": address}
        ) from error
    # The address is kept to remind a respondent who has not answered (see
    # vises.networks.reminders), never to link an answer to it.
    for invitation, address in zip(invitations, addresses, strict=True):
        invitation.emailed_at, invitation.email, invitation.language = now, address, language
    Invitation.objects.bulk_update(invitations, ["emailed_at", "email", "language"])
    return len(invitations)
