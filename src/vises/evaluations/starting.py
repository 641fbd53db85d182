"""Starting an evaluation: which framework it pins, and what it takes from a previous one."""

from django.db import transaction
from django.utils.translation import gettext as _

from vises.frameworks.models import FrameworkVersion

from . import parts, prefill
from .models import Evaluation, Part, PlanIndicator

DEFAULT_FRAMEWORK = "vises-default"


class NoFramework(Exception):
    pass


def framework_for(enterprise) -> FrameworkVersion:
    """The newest published version of the enterprise's network framework, or of the
    shared default."""
    published = FrameworkVersion.objects.filter(status=FrameworkVersion.Status.PUBLISHED)
    if enterprise.network_id and enterprise.admission == enterprise.Admission.ADMITTED:
        own = published.filter(framework__network_id=enterprise.network_id)
        if own.exists():
            return own.latest("published_at")
    shared = published.filter(framework__code=DEFAULT_FRAMEWORK)
    if not shared.exists():
        raise NoFramework(_("No reference framework is loaded yet: run `vises demo` or load one."))
    return shared.latest("version")


@transaction.atomic
def start(enterprise, *, title, period_start, period_end, based_on=None, user) -> Evaluation:
    """A new evaluation; from `based_on`, its preliminary step, portrait, team,
    stakeholders, questions and collection plan come along (collected data never do).
    Otherwise its portrait starts with what the enterprise's details already say."""
    evaluation = Evaluation.objects.create(
        enterprise=enterprise,
        title=title,
        period_start=period_start,
        period_end=period_end,
        framework_version=framework_for(enterprise),
        based_on=based_on,
        created_by=user,
    )
    if based_on:
        _copy(based_on, evaluation, user)
    else:
        evaluation.team.add(user)
        grid = evaluation.framework_version.document["portrait"]
        known = prefill.portrait_from_details(enterprise, grid)
        if known:
            parts.save_part(evaluation, Part.Name.PORTRAIT, known, user, revision=0)
    return evaluation


def _copy(previous: Evaluation, evaluation: Evaluation, user) -> None:
    evaluation.team.set(previous.team.all())
    for part in previous.parts.all():
        Part.objects.create(
            evaluation=evaluation, name=part.name, content=part.content, updated_by=user
        )
    stakeholders = {}
    for stakeholder in previous.stakeholders.all():
        old_pk = stakeholder.pk
        stakeholder.pk, stakeholder.evaluation = None, evaluation
        stakeholder.save()
        stakeholders[old_pk] = stakeholder
    rows = previous.plan_rows.prefetch_related("stakeholders", "indicators")
    for question in previous.questions.all():
        old_pk = question.pk
        question.pk, question.evaluation = None, evaluation
        question.save()
        for row in (r for r in rows if r.question_id == old_pk):
            concerned = [stakeholders[s.pk] for s in row.stakeholders.all()]
            indicators = list(row.indicators.all())
            row.pk, row.evaluation, row.question = None, evaluation, question
            row.save()
            row.stakeholders.set(concerned)
            for indicator in indicators:
                indicator.pk, indicator.plan_row = None, row
            PlanIndicator.objects.bulk_create(indicators)
