import datetime

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from .forms import SeenForm
from .models import ActionStatus


class ActionForm(SeenForm):
    """An action of the improvement plan: what, about which question, who, by when."""

    question = forms.ModelChoiceField(
        label=_("Evaluative question"),
        queryset=None,
        required=False,
        empty_label=_("The evaluation as a whole"),
        help_text=_("The question whose findings call for this action."),
    )
    what = forms.CharField(
        label=_("What will you do?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        error_messages={"required": _("Say what the action is.")},
        help_text=_("For example: hold a monthly meeting where trainees plan the workshop."),
    )
    who = forms.CharField(
        label=_("Who takes care of it"),
        max_length=200,
        required=False,
        help_text=_("For example: Nadia, coordinator."),
    )
    due_on = forms.DateField(
        label=_("By when"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].queryset = evaluation.questions.all()
        example = date_format(datetime.date(2027, 6, 30), "SHORT_DATE_FORMAT")
        self.fields["due_on"].error_messages["invalid"] = _(
            "This is not a date: write it like %(example)s."
        ) % {"example": example}

    def values(self) -> dict:
        """What improvement.add and improvement.change take."""
        return {
            key: self.cleaned_data[key] for key in ("question", "what", "who", "due_on", "status")
        }


class FollowUpForm(SeenForm):
    """Where an action stands now: its status and, if there is something to say, a note."""

    status = forms.ChoiceField(label=_("Status now"), choices=ActionStatus.choices)
    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
        help_text=_("What was done, what is in the way, what comes next."),
    )
