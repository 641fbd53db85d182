"""What the journey screen shows of an evaluation, gathered for its view.

The journey screen is the page people open most. Besides where the evaluation stands
(`journey.standing`), it shows how many comments each part's thread holds, the step the
team finished without giving feedback on its accompaniment, what the evaluation shares
with its network and its surveys. Those are read by two statements built once per process
(access/prepared.py): the ORM spent several times longer building their four queries on
every request than the database took to answer them.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from vises.access import prepared, rules
from vises.surveys.models import Survey

from . import accompaniment, journey, retention
from .accompaniment_views import comments_context
from .models import Comment, Evaluation, JourneyStep, SharingConsent, SharingLevel, StepFeedback


def context(user, evaluation: Evaluation, today: date) -> dict:
    """The journey screen's template context, for `user` who reads `evaluation`."""
    standing = journey.standing(evaluation)
    (row,) = prepared.rows_by_id(_glance, Evaluation, evaluation.pk)
    level, *numbers = row
    sections = Comment.Section.values
    counts = dict(zip(sections, numbers[: len(sections)], strict=True))
    feedback = zip(JourneyStep.values, numbers[len(sections) :], strict=True)
    given = {step for step, was_given in feedback if was_given}
    for substep in (substep for step in standing.steps for substep in step.substeps):
        substep.comments = counts.get(substep.section, 0)
    may_edit = rules.may_edit_evaluation(user, evaluation)
    # One prompt at a time: the step the team finished last is the freshest in mind.
    due = accompaniment.feedback_due(standing.steps, given) if may_edit else []
    return {
        "evaluation": evaluation,
        "steps": standing.steps,
        "next_action": standing.next_action,
        "progress": standing.progress,
        "current_step": standing.current_step,
        "may_edit": may_edit,
        "feedback_step": due[-1] if due else None,
        "surveys": prepared.objects_by_id(_surveys, Survey, evaluation.pk),
        "retention": retention.retention_notice(evaluation, today),
        "administers": rules.administers_evaluation(user, evaluation),
        "sharing_level": SharingLevel(level if level is not None else SharingLevel.NOTHING),
        **comments_context(evaluation, "general", count=counts["general"]),
    }


def _glance(_user, evaluation_id: int) -> QuerySet:
    """The evaluation's sharing level (None if never decided), then the number of comments
    of each part's thread (Comment.Section's order), then whether the team gave feedback
    on each step (JourneyStep's order)."""
    of_it = {"evaluation": OuterRef("pk")}
    comments = {
        f"comments_{section}": Count("comments", filter=Q(comments__section=section))
        for section in Comment.Section.values
    }
    feedback = {
        f"feedback_{step}": Exists(StepFeedback.objects.filter(step=step, **of_it))
        for step in JourneyStep.values
    }
    level = Subquery(SharingConsent.objects.filter(**of_it).values("level"))
    return (
        Evaluation.objects.filter(pk=evaluation_id)
        .order_by()
        .annotate(level=level, **comments, **feedback)
        .values_list("level", *comments, *feedback)
    )


def _surveys(_user, evaluation_id: int) -> QuerySet:
    """The evaluation's surveys, each linked to its results in step 3."""
    return Survey.objects.filter(evaluation=evaluation_id)
