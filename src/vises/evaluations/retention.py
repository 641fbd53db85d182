"""Keeping respondents' data no longer than the evaluation needs it.

Each evaluation has a retention date (`Evaluation.retention_until`). Thirty days before
it, the enterprise's admins are warned by e-mail, in their language, and the evaluation's
page says it too. The day after it, what could tell about a respondent is deleted for
good: open answers (and "other, specify" texts), the quotes taken from them (also from
published pages), every survey code and the keys linking one respondent's waves and
response. Counts and closed answers
stay, so the results and reports keep their figures.

Both steps are plain functions of the day, safe to run again: a second run the same day
warns nobody twice and finds nothing more to delete. `run_retention` is the task the
scheduler runs daily; `vises retention` runs the same by hand.
"""

import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django_tasks import task

from vises.accounts.models import EnterpriseRole, User

from .models import Change, Evaluation

WARNING_DAYS = 30
OPEN_KINDS = ("short_text", "long_text")


def retention_notice(evaluation: Evaluation, today: datetime.date) -> dict:
    """What the evaluation's page says of its retention date: the date, whether it comes
    within the warning period, and whether it has passed."""
    until = evaluation.retention_until
    return {
        "until": until,
        "soon": until is not None and today <= until <= today + datetime.timedelta(WARNING_DAYS),
        "passed": until is not None and until < today,
    }


def _holds_respondent_data() -> Q:
    from vises.surveys.models import Invitation, Response

    responses = Response.objects.filter(wave__survey__evaluation=OuterRef("pk"))
    codes = Invitation.objects.filter(wave__survey__evaluation=OuterRef("pk"))
    return Q(Exists(responses)) | Q(Exists(codes))


def warn_before_retention(today: datetime.date) -> int:
    """E-mail the admins of each enterprise whose evaluation reaches its retention date
    within WARNING_DAYS, once per date. Returns how many e-mails were sent."""
    due = Evaluation.objects.filter(
        _holds_respondent_data(),
        retention_until__gte=today,
        retention_until__lte=today + datetime.timedelta(WARNING_DAYS),
        retention_warned_on__isnull=True,
    ).select_related("enterprise")
    sent = 0
    for evaluation in due:
        admins = User.objects.filter(
            is_active=True,
            enterprise_memberships__enterprise=evaluation.enterprise_id,
            enterprise_memberships__role=EnterpriseRole.ENTERPRISE_ADMIN,
        )
        for admin in admins:
            _send_warning(evaluation, admin)
            sent += 1
        Evaluation.objects.filter(pk=evaluation.pk).update(retention_warned_on=today)
    return sent


def _send_warning(evaluation: Evaluation, admin) -> None:
    with translation.override(admin.preferred_language or settings.LANGUAGE_CODE):
        context = {
            "evaluation": evaluation.title,
            "enterprise": evaluation.enterprise.name,
            "until": date_format(evaluation.retention_until, "DATE_FORMAT"),
            "export_url": settings.SITE_URL + reverse("evaluation_export", args=[evaluation.pk]),
            "settings_url": settings.SITE_URL
            + reverse("evaluation_settings", args=[evaluation.pk]),
        }
        # A header holds one line, whatever was typed in the title.
        subject = _("%(evaluation)s: respondents' open answers will be deleted on %(until)s") % {
            "evaluation": " ".join(evaluation.title.split()),
            "until": context["until"],
        }
        body = render_to_string("evaluations/retention_email.txt", context)
    send_mail(subject, body, None, [admin.email])


def enforce_retention(today: datetime.date) -> int:
    """Delete respondents' open answers, quotes, codes and keys of every evaluation whose
    retention date has passed. Returns how many evaluations had something deleted."""
    from vises.surveys.models import Invitation, Response

    # Evaluations done once are looked at again only if something came in since
    # (a paper sheet typed in late, codes made after the date).
    keyed = Response.objects.filter(wave__survey__evaluation=OuterRef("pk")).filter(
        Q(response_code__isnull=False) | ~Q(respondent_key="")
    )
    codes = Invitation.objects.filter(wave__survey__evaluation=OuterRef("pk"))
    past = Evaluation.objects.filter(retention_until__lt=today).filter(
        Q(retention_enforced_on__isnull=True) | Exists(keyed) | Exists(codes)
    )
    changed = 0
    for evaluation in past:
        with transaction.atomic():
            deleted = delete_respondent_data(evaluation)
            if any(deleted.values()):
                Change.record(evaluation.pk, "retention", None, deleted, None)
                changed += 1
            Evaluation.objects.filter(pk=evaluation.pk).update(retention_enforced_on=today)
    return changed


def delete_respondent_data(evaluation: Evaluation) -> dict:
    """Delete what could tell about a respondent in this evaluation; returns how many
    open answers, codes, quotes and links went."""
    from vises.interpretation.models import Quote
    from vises.reports.builder import withdraw_quotes
    from vises.surveys.answers import other_key
    from vises.surveys.models import Invitation, Question, Response

    open_codes: dict[int, set[str]] = {}
    for question in Question.objects.filter(survey__evaluation=evaluation):
        codes = open_codes.setdefault(question.survey_id, set())
        if question.kind in OPEN_KINDS:
            codes.add(question.code)
        if question.allow_other:
            codes.add(other_key(question.code))
    every_open_code = set().union(*open_codes.values()) if open_codes else set()

    open_answers = links = 0
    changed = []
    for response in Response.objects.filter(wave__survey__evaluation=evaluation).select_related(
        "wave"
    ):
        codes = open_codes.get(response.wave.survey_id, set())
        removed = [code for code in codes if response.answers.get(code) not in (None, "")]
        if removed or response.respondent_key or response.response_code:
            open_answers += len(removed)
            links += bool(response.respondent_key)
            response.answers = {k: v for k, v in response.answers.items() if k not in codes}
            response.respondent_key = ""
            response.response_code = None
            changed.append(response)
    Response.objects.bulk_update(changed, ["answers", "respondent_key", "response_code"], 500)
    quoted = Quote.objects.filter(question__evaluation=evaluation)
    withdraw_quotes(evaluation.pk, set(quoted.values_list("text", flat=True)))
    quotes, _kinds = quoted.delete()
    codes, _kinds = Invitation.objects.filter(wave__survey__evaluation=evaluation).delete()
    _scrub_history(evaluation, every_open_code)
    return {"open_answers": open_answers, "quotes": quotes, "codes": codes, "links": links}


def _scrub_history(evaluation: Evaluation, open_codes: set[str]) -> None:
    """Past changes keep open answers too: a removed response's answers, a quote's text."""
    for change in Change.objects.filter(evaluation=evaluation, part__in=["responses", "quotes"]):
        hidden = open_codes | {"quote"}
        before, after = (
            {k: v for k, v in (content or {}).items() if k not in hidden} or None
            for content in (change.before, change.after)
        )
        if (before, after) != (change.before, change.after):
            Change.objects.filter(pk=change.pk).update(before=before, after=after)


@task()
def run_retention() -> dict:
    """The daily run: warn, then delete what is past its date."""
    today = timezone.localdate()
    return {"warned": warn_before_retention(today), "enforced": enforce_retention(today)}
