"""What an enterprise lets its network use of each of its evaluations.

The levels are cumulative: aggregated figures, then read-only content for the network's
admins, then pseudonymised data for researchers; each includes the ones before it. An
evaluation without a decision shares nothing. Progress (steps, dates) is always visible to
the network and needs no consent. Every decision, a withdrawal included, is kept in the
evaluation's history; aggregates are computed when they are asked for, so a withdrawal
removes the evaluation from every figure made after it.
"""

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from .models import Change, Evaluation, SharingConsent, SharingLevel


def level_of(evaluation: Evaluation) -> SharingLevel:
    """What the evaluation shares now."""
    consent = SharingConsent.objects.filter(evaluation=evaluation).first()
    return SharingLevel(consent.level) if consent else SharingLevel.NOTHING


def levels_of(evaluation_ids) -> dict[int, SharingLevel]:
    """What each of these evaluations shares now, in one query."""
    decided = dict(
        SharingConsent.objects.filter(evaluation__in=evaluation_ids).values_list(
            "evaluation", "level"
        )
    )
    return {pk: SharingLevel(decided.get(pk, SharingLevel.NOTHING)) for pk in evaluation_ids}


def consent_of(evaluation: Evaluation) -> SharingConsent | None:
    """The last decision taken on the evaluation, with who took it and when."""
    return SharingConsent.objects.filter(evaluation=evaluation).select_related("decided_by").first()


def decide(evaluation: Evaluation, level: int, user) -> SharingConsent:
    """Record what the evaluation shares from now on, by whom and when, and keep the
    decision in the evaluation's history."""
    level = SharingLevel(level)
    with transaction.atomic():
        consent, created = SharingConsent.objects.select_for_update().get_or_create(
            evaluation=evaluation
        )
        before = SharingLevel.NOTHING if created else consent.level
        consent.level = level
        consent.decided_by = user
        consent.decided_at = timezone.now()
        consent.save()
        Change.record(
            evaluation.pk,
            "sharing",
            {"level": int(before)},
            {"level": int(level)},
            user,
        )
    return consent


def decide_naming(evaluation: Evaluation, named: bool, story: str, user) -> SharingConsent:
    """Record whether the network may name the enterprise in its territorial reports and
    tell its story (in the words given), by whom and when; kept in the evaluation's
    history. A withdrawal leaves the enterprise out of every report made after it."""
    story = story.strip() if named else ""
    with transaction.atomic():
        consent, created = SharingConsent.objects.select_for_update().get_or_create(
            evaluation=evaluation
        )
        before = {"named": consent.named_in_reports, "story": consent.story}
        consent.named_in_reports = named
        consent.story = story
        consent.decided_by = user
        consent.decided_at = timezone.now()
        consent.save()
        Change.record(evaluation.pk, "sharing", before, {"named": named, "story": story}, user)
    return consent


def sharing_at_least(evaluations: QuerySet, level: int) -> QuerySet:
    """The evaluations among those given that share `level` or more."""
    return evaluations.filter(sharing_consent__level__gte=level)
