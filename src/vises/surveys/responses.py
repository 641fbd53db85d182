"""What the team sees of the responses: how many came in, when and how; removing one
with a reason kept in the history; and erasing one at its respondent's request, found by
the response code they were shown or by their survey code, keeping nothing of it."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from vises.analysis.rounding import rounded
from vises.evaluations.models import Change

from .models import Invitation, Response, Survey, Wave
from .responding import derived_respondent_key, normalise_code


@dataclass
class WaveCounts:
    wave: Wave
    responses: int
    online: int
    paper: int
    invitations: int
    invitations_used: int
    imported: int = 0

    @property
    def response_rate(self) -> int | None:
        """The share of invitation codes used, in percent; None without codes."""
        if not self.invitations:
            return None
        return int(rounded(100 * self.invitations_used / self.invitations))


def counts_by_wave(survey: Survey) -> list[WaveCounts]:
    waves = survey.waves.annotate(
        response_count=Count("responses", distinct=True),
        paper_count=Count(
            "responses", filter=Q(responses__source=Response.Source.PAPER), distinct=True
        ),
        imported_count=Count(
            "responses", filter=Q(responses__source=Response.Source.IMPORTED), distinct=True
        ),
    )
    invitations = {
        row["wave"]: row
        for row in Invitation.objects.filter(wave__survey=survey)
        .values("wave")
        .annotate(created=Count("id"), used=Count("id", filter=Q(used_at__isnull=False)))
    }
    return [
        WaveCounts(
            wave=wave,
            responses=wave.response_count,
            online=wave.response_count - wave.paper_count - wave.imported_count,
            paper=wave.paper_count,
            imported=wave.imported_count,
            invitations=invitations.get(wave.pk, {}).get("created", 0),
            invitations_used=invitations.get(wave.pk, {}).get("used", 0),
        )
        for wave in waves
    ]


def counts_by_day(survey: Survey) -> list[tuple]:
    """(day, count) for every day a response came in, oldest first."""
    days = Counter(
        dict(
            Response.objects.filter(wave__survey=survey)
            .annotate(day=TruncDate("submitted_at"))
            .values_list("day")
            .annotate(n=Count("id"))
            .values_list("day", "n")
        )
    )
    return sorted(days.items())


@transaction.atomic
def remove(response: Response, reason: str, user) -> None:
    """Delete a response; its answers and the reason stay in the evaluation's history."""
    survey = response.wave.survey
    Change.record(
        survey.evaluation_id,
        "responses",
        {"survey": str(survey), "wave": response.wave.label, **response.answers},
        {"reason": reason},
        user,
    )
    response.delete()


class NothingToErase(Exception):
    """The code leads to no response to erase; the message says why, for the admin."""


def responses_to_erase(evaluation, typed: str) -> list[Response]:
    """The responses of this evaluation a respondent's code leads to: the response with
    that response code, or, for a survey linking the waves of a respondent, every response
    of the respondent who was given that survey code. Raises NothingToErase."""
    code = normalise_code(typed)
    if not code:
        raise NothingToErase(_("Type the code the respondent gave you."))
    responses = Response.objects.filter(wave__survey__evaluation=evaluation).select_related(
        "wave__survey"
    )
    found = list(responses.filter(response_code=code))
    if found:
        return found
    invitation = (
        Invitation.objects.filter(wave__survey__evaluation=evaluation, code=code)
        .select_related("wave__survey")
        .first()
    )
    if invitation is None:
        raise NothingToErase(
            _(
                "No response or survey code of this evaluation is %(code)s. Check the code "
                "with the respondent: the response code was shown to them once they had "
                "answered."
            )
            % {"code": code}
        )
    if invitation.used_at is None:
        raise NothingToErase(
            _("The survey code %(code)s was not used: there is no answer to erase.")
            % {"code": code}
        )
    if not invitation.respondent_key:
        raise NothingToErase(
            _(
                "The survey code %(code)s was used, but this survey does not link codes to "
                "answers, so that nobody can tell who answered what. Ask the respondent for "
                "the response code shown to them once they had answered."
            )
            % {"code": code}
        )
    key = derived_respondent_key(invitation)
    found = list(responses.filter(wave__survey=invitation.wave.survey, respondent_key=key))
    if not found:
        raise NothingToErase(
            _("The answers given with the survey code %(code)s were already erased.")
            % {"code": code}
        )
    return found


@transaction.atomic
def erase(evaluation, found: list[Response], user) -> int:
    """Delete these responses with their quotes, and unlink the waves of their
    respondents; the history says a response was erased, when and by whom, never what it
    said; published reports lose their quotes. Returns how many were erased."""
    from vises.interpretation.models import Quote
    from vises.reports.builder import withdraw_quotes

    quotes = Quote.objects.filter(response__in=[response.pk for response in found])
    withdraw_quotes(evaluation.pk, set(quotes.values_list("text", flat=True)))
    for response in found:
        survey = response.wave.survey
        Change.record(
            evaluation.pk,
            "erased_responses",
            {
                "survey": str(survey),
                "wave": response.wave.label,
                "submitted": response.submitted_at.date().isoformat(),
            },
            None,
            user,
        )
        if response.respondent_key:
            linked = Invitation.objects.filter(wave__survey=survey).exclude(respondent_key="")
            for invitation in linked:
                if derived_respondent_key(invitation) == response.respondent_key:
                    invitation.respondent_key = ""
                    invitation.draft = {}
                    invitation.save(update_fields=["respondent_key", "draft"])
    Response.objects.filter(pk__in=[response.pk for response in found]).delete()
    return len(found)
