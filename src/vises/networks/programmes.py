"""Creating and changing a network's programmes."""

from django.db import transaction

from .forms import ProgrammeForm
from .models import Programme


@transaction.atomic
def save(form: ProgrammeForm) -> Programme:
    """The programme of a valid form, with its enterprises, coaches and milestones, saved
    together or not at all."""
    programme = form.save(commit=False)
    programme.network = form.network
    programme.save()
    form.save_m2m()
    for step, due_on in form.milestones().items():
        if due_on:
            programme.milestones.update_or_create(step=step, defaults={"due_on": due_on})
        else:
            programme.milestones.filter(step=step).delete()
    return programme
