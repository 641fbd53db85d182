import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import AccompanimentSession, Comment, StepFeedback


class CommentForm(forms.ModelForm):
    # A part's page may hold another form with a `text` field.
    prefix = "comment"

    class Meta:
        model = Comment
        fields = ["text"]
        labels = {"text": _("Your comment")}
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}


class SessionForm(forms.ModelForm):
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=5,
        max_value=720,
        error_messages={
            "min_value": _("A session lasts at least 5 minutes."),
            "max_value": _("A session lasts at most 720 minutes (12 hours)."),
        },
    )

    class Meta:
        model = AccompanimentSession
        fields = ["date", "duration_minutes", "step", "topics", "notes"]
        labels = {"date": _("Date"), "step": _("Step covered"), "topics": _("Topics")}
        help_texts = {
            "topics": _("A few words: for example, choosing the evaluative question."),
            "notes": _(
                "What was done and agreed, and what comes next. The team can read these notes."
            ),
        }
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "notes": forms.Textarea(attrs={"rows": 5}),
        }

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day > timezone.localdate() + datetime.timedelta(days=1):
            raise forms.ValidationError(
                _("A session is logged once it has taken place: this date is in the future.")
            )
        return day


class FeedbackForm(forms.ModelForm):
    usefulness = forms.TypedChoiceField(
        label=_("How useful was the accompaniment in this step?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (1, _("1 – not useful")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very useful")),
        ],
    )
    difficulty = forms.TypedChoiceField(
        label=_("How difficult was this step for your team?"),
        coerce=int,
        widget=forms.RadioSelect,
        choices=[
            (1, _("1 – very easy")),
            (2, "2"),
            (3, "3"),
            (4, "4"),
            (5, _("5 – very difficult")),
        ],
    )

    class Meta:
        model = StepFeedback
        fields = ["usefulness", "difficulty", "helped", "missing"]
        labels = {"helped": _("What helped you?"), "missing": _("What was missing?")}
        widgets = {
            "helped": forms.Textarea(attrs={"rows": 3}),
            "missing": forms.Textarea(attrs={"rows": 3}),
        }
