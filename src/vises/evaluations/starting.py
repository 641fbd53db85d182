"""Starting an evaluation: which framework it pins, and what it takes from a previous one."""

from django.db import transaction
from django.utils.translation import gettext as _

from vises.frameworks.models import FrameworkVersion

from .models import Evaluation, Part

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
    """A new evaluation; from `based_on`, its preliminary step, portrait and team come
    along (collected data never do)."""
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
        evaluation.team.set(based_on.team.all())
        for part in based_on.parts.all():
            Part.objects.create(
                evaluation=evaluation, name=part.name, content=part.content, updated_by=user
            )
    else:
        evaluation.team.add(user)
    return evaluation
