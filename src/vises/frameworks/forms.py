from django import forms
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Network

from .document import CODE, GROUPS, LANGUAGES

LANGUAGE_NAMES = {"fr": _("French"), "nl": _("Dutch"), "en": _("English")}
DIRECTIONS = [
    ("higher_is_better", _("Higher is better")),
    ("lower_is_better", _("Lower is better")),
    ("neutral", _("Neither")),
]
GROUP_LABELS = dict(
    zip(
        GROUPS,
        [_("Work integration"), _("Collective services"), _("Other SSE enterprise")],
        strict=True,
    )
)


class ForkForm(forms.Form):
    network = forms.ModelChoiceField(label=_("For the network"), queryset=Network.objects.none())

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].initial = networks.first()


class MultilingualForm(forms.Form):
    """A form whose texts are asked in French, Dutch and English, one field each."""

    texts: dict[str, str] = {}  # key in the document: label

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        fields = {"code": self.fields.pop("code")}
        for key, label in self.texts.items():
            for language in LANGUAGES:
                fields[f"{key}_{language}"] = forms.CharField(
                    label=f"{label} ({LANGUAGE_NAMES[language]})",
                    widget=forms.Textarea(attrs={"rows": 2}) if key == "definition" else None,
                    required=language == "en",
                )
        fields.update(self.fields)
        self.fields = fields

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not CODE.match(code):
            raise forms.ValidationError(
                _("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        return code

    def record(self) -> dict:
        record = {"code": self.cleaned_data["code"]}
        for key in self.texts:
            record[key] = {
                language: self.cleaned_data[f"{key}_{language}"]
                for language in LANGUAGES
                if self.cleaned_data[f"{key}_{language}"]
            }
        return record


class TermForm(MultilingualForm):
    code = forms.CharField(label=_("Code"), max_length=60)
    texts = {"term": _("Term"), "definition": _("Definition")}


class IndicatorForm(MultilingualForm):
    code = forms.CharField(label=_("Code"), max_length=60)
    texts = {"name": _("Name"), "definition": _("Definition"), "unit": _("Unit")}
    kind = forms.ChoiceField(
        label=_("How it is obtained"),
        choices=[("counted", _("Counted each period")), ("formula", _("Computed by a formula"))],
    )
    formula = forms.CharField(
        label=_("Formula"),
        required=False,
        help_text=_("For a computed indicator, e.g. exits_to_employment / people_leaving * 100"),
    )
    themes = forms.MultipleChoiceField(label=_("Themes"), widget=forms.CheckboxSelectMultiple)
    groups = forms.MultipleChoiceField(
        label=_("Enterprise groups it suits"),
        choices=list(GROUP_LABELS.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    direction = forms.ChoiceField(label=_("Direction"), choices=DIRECTIONS)

    def __init__(self, *args, themes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = themes

    def record(self) -> dict:
        record = super().record()
        record["kind"] = self.cleaned_data["kind"]
        if record["kind"] == "formula":
            record["formula"] = self.cleaned_data["formula"]
        for key in ["themes", "groups", "direction"]:
            record[key] = self.cleaned_data[key]
        return record


class ImportForm(forms.Form):
    file = forms.FileField(label=_("YAML file"))
