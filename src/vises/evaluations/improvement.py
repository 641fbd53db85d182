"""The improvement plan: actions the enterprise takes because of its findings (what, who,
by when), each followed up over time as a timeline of updates. Every change is kept in the
evaluation's history under the part "improvement"."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from vises.analysis.sentences import count

from .models import ActionStatus, ActionUpdate, Change, Evaluation, ImprovementAction

PART = "improvement"
OPEN = (ActionStatus.PLANNED, ActionStatus.UNDER_WAY)


class NothingToFollowUp(ValueError):
    """A follow-up that neither changes the status nor says anything."""


def snapshot(action: ImprovementAction) -> dict:
    """The action as the history keeps it; `id` lets a later edit learn it was removed."""
    return {
        "id": action.pk,
        "question": action.question.text if action.question_id else None,
        "what": action.what,
        "who": action.who,
        "due_on": action.due_on.isoformat() if action.due_on else None,
        "status": action.status,
    }


def is_overdue(action: ImprovementAction, today: datetime.date) -> bool:
    """Still to finish and past its date (an action due today is not late yet)."""
    return action.status in OPEN and action.due_on is not None and action.due_on < today


def _record(evaluation: Evaluation, before, after, user) -> None:
    Change.record(evaluation.pk, PART, before, after, user)


@transaction.atomic
def add(
    evaluation: Evaluation,
    user,
    *,
    what: str,
    question=None,
    who: str = "",
    due_on: datetime.date | None = None,
    status: str = ActionStatus.PLANNED,
) -> ImprovementAction:
    """Add an action to the plan; its timeline starts with the status it was added in."""
    if question is not None and question.evaluation_id != evaluation.pk:
        raise ValueError("The question belongs to another evaluation.")
    action = ImprovementAction.objects.create(
        evaluation=evaluation,
        question=question,
        what=what.strip(),
        who=who.strip(),
        due_on=due_on,
        status=status,
        created_by=user,
    )
    ActionUpdate.objects.create(action=action, status=status, user=user)
    _record(evaluation, None, snapshot(action), user)
    return action


@transaction.atomic
def change(
    action: ImprovementAction,
    user,
    *,
    what: str,
    question=None,
    who: str = "",
    due_on: datetime.date | None = None,
    status: str | None = None,
) -> ImprovementAction:
    """Reword, reassign or reschedule an action; a new status also goes on its timeline."""
    before = snapshot(action)
    previous_status = action.status
    action.question, action.what, action.who, action.due_on = (
        question,
        what.strip(),
        who.strip(),
        due_on,
    )
    action.status = status or action.status
    action.save()
    if action.status != previous_status:
        ActionUpdate.objects.create(action=action, status=action.status, user=user)
    _record(action.evaluation, before, snapshot(action), user)
    return action


@transaction.atomic
def follow_up(action: ImprovementAction, user, *, status: str, note: str = "") -> ActionUpdate:
    """Note where an action stands: a new status, a note, or both.

    Raises NothingToFollowUp when the status is unchanged and the note empty.
    """
    note = note.strip()
    if status == action.status and not note:
        raise NothingToFollowUp(
            gettext("Write a note or choose another status: there is nothing to add yet.")
        )
    before = snapshot(action)
    action.status = status
    action.save(update_fields=["status"])
    update = ActionUpdate.objects.create(action=action, status=status, note=note, user=user)
    Change.record(action.evaluation_id, PART, before, {**snapshot(action), "note": note}, user)
    return update


@transaction.atomic
def remove(action: ImprovementAction, user) -> None:
    """Take an action off the plan with its timeline; the history keeps what it was."""
    _record(action.evaluation, snapshot(action), None, user)
    action.delete()


def removal(evaluation: Evaluation, action_id: int) -> Change | None:
    """The change that removed this action of the evaluation, if one did."""
    return (
        evaluation.changes.filter(part=PART, after__isnull=True, before__id=action_id)
        .select_related("user")
        .first()
    )


def saved_as(evaluation: Evaluation, now: dict) -> Change | None:
    """The latest change that left the action as it is now: who and when (a follow-up's
    note is not part of the action itself)."""
    recent = evaluation.changes.filter(part=PART, after__id=now["id"]).select_related("user")
    for change in recent[:100]:
        after = {key: value for key, value in (change.after or {}).items() if key != "note"}
        if after == now:
            return change
    return None


@dataclass
class Counts:
    """How many actions stand where. Each action counts once: an action still planned or
    under way whose date has passed counts as overdue, not as planned or under way."""

    planned: int = 0
    under_way: int = 0
    done: int = 0
    dropped: int = 0
    overdue: int = 0

    @property
    def total(self) -> int:
        return self.planned + self.under_way + self.done + self.dropped + self.overdue

    @property
    def kept(self) -> int:
        """The actions not dropped."""
        return self.total - self.dropped

    def summary(self) -> str:
        """One line, e.g. "3 actions: 1 done, 1 under way, 1 overdue"; empty without any."""
        if not self.total:
            return ""
        parts = [
            ngettext("%(count)s done", "%(count)s done", self.done),
            ngettext("%(count)s under way", "%(count)s under way", self.under_way),
            ngettext("%(count)s planned", "%(count)s planned", self.planned),
            ngettext("%(count)s overdue", "%(count)s overdue", self.overdue),
            ngettext("%(count)s dropped", "%(count)s dropped", self.dropped),
        ]
        numbers = [self.done, self.under_way, self.planned, self.overdue, self.dropped]
        shown = [part % {"count": count(n)} for part, n in zip(parts, numbers, strict=True) if n]
        return gettext("%(actions)s: %(counts)s") % {
            "actions": ngettext("%(count)s action", "%(count)s actions", self.total)
            % {"count": count(self.total)},
            "counts": ", ".join(shown),
        }


def category(action: ImprovementAction, today: datetime.date) -> str:
    """The field of Counts the action counts in."""
    return "overdue" if is_overdue(action, today) else action.status


def counted(today: datetime.date) -> dict[str, QuerySet]:
    """For each field of Counts, the actions it counts (for annotations over many
    evaluations at once)."""
    late = Q(status__in=OPEN, due_on__lt=today)
    actions = ImprovementAction.objects.all()
    return {
        "planned": actions.filter(status=ActionStatus.PLANNED).exclude(late),
        "under_way": actions.filter(status=ActionStatus.UNDER_WAY).exclude(late),
        "done": actions.filter(status=ActionStatus.DONE),
        "dropped": actions.filter(status=ActionStatus.DROPPED),
        "overdue": actions.filter(late),
    }


def _entry(action: ImprovementAction, today: datetime.date) -> dict:
    updates = list(action.updates.all())
    return {
        "action": action,
        "overdue": is_overdue(action, today),
        "updates": updates,
        "latest": updates[-1] if updates else None,
    }


def improvement_plan(evaluation: Evaluation, today: datetime.date | None = None) -> dict:
    """The plan of an evaluation, in a fixed number of queries:

    - "questions": each evaluative question (in the evaluation's order) with its actions;
    - "whole": the actions tied to the evaluation as a whole;
    - "counts": Counts of all the actions.

    Each action comes as {"action", "overdue", "updates" (oldest first), "latest"}, the
    actions of a question by date (those without one last)."""
    today = today or timezone.localdate()
    actions = list(
        evaluation.improvement_actions.prefetch_related(
            Prefetch("updates", queryset=ActionUpdate.objects.select_related("user"))
        )
    )
    by_question: dict[int | None, list[dict]] = {}
    counts = Counts()
    for action in actions:
        by_question.setdefault(action.question_id, []).append(_entry(action, today))
        name = category(action, today)
        setattr(counts, name, getattr(counts, name) + 1)
    return {
        "questions": [
            {"question": question, "actions": by_question.get(question.pk, [])}
            for question in evaluation.questions.all()
        ],
        "whole": by_question.get(None, []),
        "counts": counts,
    }


def question_actions(question, today: datetime.date | None = None) -> list[dict]:
    """The actions tied to one evaluative question, as improvement_plan gives them."""
    today = today or timezone.localdate()
    actions = question.improvement_actions.prefetch_related(
        Prefetch("updates", queryset=ActionUpdate.objects.select_related("user"))
    )
    return [_entry(action, today) for action in actions]


def timeline(action: ImprovementAction, today: datetime.date | None = None) -> dict:
    """One action with its updates, oldest first."""
    return _entry(action, today or timezone.localdate())
