"""What the team sees of the responses: how many came in, when and how, and removing one
with a reason kept in the history."""

from collections import Counter
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncDate

from vises.analysis.rounding import rounded
from vises.evaluations.models import Change

from .models import Invitation, Response, Survey, Wave


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
