from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import Section


class ReportForm(forms.Form):
    audience = forms.ChoiceField(label=_("Audience"))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    colour = forms.RegexField(
        label=_("Colour"),
        regex=r"^#[0-9A-Fa-f]{6}$",
        initial="#0072B2",
        widget=forms.TextInput(attrs={"type": "color"}),
        help_text=_("Your enterprise's colour, for the cover and the infographic."),
        error_messages={"invalid": _("Give a colour such as #0072B2.")},
    )

    def __init__(self, *args, audiences=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["audience"].choices = audiences


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title", "text", "image", "image_alt"]
        widgets = {"text": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.kind != Section.Kind.IMAGE:
            del self.fields["image"]
            del self.fields["image_alt"]

    def clean(self):
        cleaned = super().clean()
        if (
            "image" in self.fields
            and cleaned.get("image")
            and not cleaned.get("image_alt", "").strip()
        ):
            self.add_error("image_alt", _("Say what the image shows, for those who cannot see it."))
        return cleaned


class NewSectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of section"), choices=Section.Kind.choices)
    question = forms.TypedChoiceField(
        label=_("Evaluative question (for a question's findings)"),
        required=False,
        coerce=int,
        empty_value=None,
    )
    title = forms.CharField(label=_("Title"), max_length=200, required=False)

    def __init__(self, *args, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["question"].choices = [("", "–"), *[(q.pk, q.text) for q in questions]]


class TerritorialReportForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(
        label=_("Introduction"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("A few words from the network to open the report. You may leave it empty."),
    )
