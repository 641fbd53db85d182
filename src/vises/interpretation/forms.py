from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Interpretation, Opinion, Round


class RoundForm(forms.ModelForm):
    findings = forms.MultipleChoiceField(
        label=_("Findings to discuss"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one finding to discuss.")},
    )

    class Meta:
        model = Round
        fields = ["title", "plain_question", "introduction"]
        widgets = {"introduction": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["findings"].choices = choices


class InterpretationForm(forms.ModelForm):
    class Meta:
        model = Interpretation
        fields = ["agreed", "lessons"]
        widgets = {
            "agreed": forms.Textarea(attrs={"rows": 5}),
            "lessons": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "agreed": _(
                "What the evidence means, as the team and the participants read it together. "
                "Reports use it."
            ),
            "lessons": _("What you will keep doing, or do differently, because of it."),
        }


class OpinionsForm(forms.Form):
    """One verdict and comment per finding of a round, and an optional name."""

    name = forms.CharField(
        label=_("Your name or role (optional)"),
        max_length=100,
        required=False,
        help_text=_("For example: trainee, volunteer, Sam. You may leave it empty."),
    )

    def __init__(self, *args, findings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.finding_ids = [finding.pk for finding in findings]
        for finding in findings:
            self.fields[f"verdict-{finding.pk}"] = forms.ChoiceField(
                label=_("Does this match your experience?"),
                choices=Opinion.Verdict.choices,
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment-{finding.pk}"] = forms.CharField(
                label=_("Why? What would you add? (optional)"),
                widget=forms.Textarea(attrs={"rows": 3}),
                max_length=3000,
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not any(
            cleaned.get(f"verdict-{pk}") or cleaned.get(f"comment-{pk}", "").strip()
            for pk in self.finding_ids
        ):
            raise forms.ValidationError(_("Say what you think of at least one finding."))
        for pk in self.finding_ids:
            if cleaned.get(f"comment-{pk}", "").strip() and not cleaned.get(f"verdict-{pk}"):
                self.add_error(
                    f"verdict-{pk}", _("Say whether this finding matches your experience.")
                )
        return cleaned

    def answers(self) -> dict[int, tuple[str, str]]:
        return {
            pk: (
                self.cleaned_data.get(f"verdict-{pk}", ""),
                self.cleaned_data.get(f"comment-{pk}", "").strip(),
            )
            for pk in self.finding_ids
        }

    def field_pair(self, pk: int):
        return self[f"verdict-{pk}"], self[f"comment-{pk}"]
