"""Creating and changing a network's programmes, each change kept in the network's audit
log: what changed in the programme (its period, settings, coaches and milestones), and
each enterprise admitted to it or removed from it."""

from django.db import transaction

from vises.audit.models import AuditEntry

from .forms import ProgrammeForm
from .models import Programme

# The programme's own values the audit log keeps, besides its coaches and milestones.
KEPT_FIELDS = ("name", "starts_on", "ends_on", "stalled_after_days", "remind_days_before")


def _state(programme: Programme) -> dict:
    """The programme as the audit log compares it: plain values (dates as ISO text,
    coaches by name, each milestone as "milestone_<step>"); empty for a new one."""
    if programme.pk is None:
        return {}
    state = {name: getattr(programme, name) for name in KEPT_FIELDS}
    state.update(starts_on=state["starts_on"].isoformat(), ends_on=state["ends_on"].isoformat())
    state["coaches"] = sorted(str(coach) for coach in programme.coaches.all())
    for milestone in programme.milestones.all():
        state[f"milestone_{milestone.step}"] = milestone.due_on.isoformat()
    return state


@transaction.atomic
def save(form: ProgrammeForm, by) -> Programme:
    """The programme of a valid form, with its enterprises, coaches and milestones, saved
    together or not at all, and kept in the audit log as made by `by`."""
    created = form.instance.pk is None
    # Read from the database: validating the form already wrote its values on the instance.
    before = {} if created else _state(Programme.objects.get(pk=form.instance.pk))
    enterprises_before = set() if created else set(form.instance.enterprises.all())
    programme = form.save(commit=False)
    programme.network = form.network
    programme.save()
    form.save_m2m()
    for step, due_on in form.milestones().items():
        if due_on:
            programme.milestones.update_or_create(step=step, defaults={"due_on": due_on})
        else:
            programme.milestones.filter(step=step).delete()
    _record(programme, before, enterprises_before, created, by)
    return programme


def _record(programme: Programme, before: dict, enterprises_before: set, created, by) -> None:
    after = _state(programme)
    changes = {
        name: [before.get(name), after.get(name)]
        for name in [*after, *(name for name in before if name not in after)]
        if before.get(name) != after.get(name)
    }
    network = programme.network
    if created or changes:
        kind = AuditEntry.Kind.PROGRAMME_CREATED if created else AuditEntry.Kind.PROGRAMME_CHANGED
        AuditEntry.record(kind, by=by, network=network, programme=programme.name, changes=changes)
    enterprises = set(programme.enterprises.all())
    for kind, concerned in (
        (AuditEntry.Kind.PROGRAMME_ADMITTED, enterprises - enterprises_before),
        (AuditEntry.Kind.PROGRAMME_REMOVED, enterprises_before - enterprises),
    ):
        for enterprise in sorted(concerned, key=lambda enterprise: enterprise.name):
            AuditEntry.record(
                kind, by=by, network=network, enterprise=enterprise, programme=programme.name
            )
