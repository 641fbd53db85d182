import datetime
import secrets

from django import forms
from django.utils.translation import gettext_lazy as _

from vises.multilingual import pick

from .models import Evaluation, Method, PlanIndicator, PlanRow, SharingLevel, Stakeholder

MOTIVATIONS = [
    ("improve_practice", _("Improve our practice")),
    ("show_funders", _("Show our impact to funders and public authorities")),
    ("involve_stakeholders", _("Involve our workers, volunteers and beneficiaries")),
    ("strategy", _("Prepare a new strategy or project")),
    ("network_programme", _("Take part in our network's programme")),
    ("other", _("Another reason")),
]


class EvaluationForm(forms.ModelForm):
    class Meta:
        model = Evaluation
        fields = ["title", "period_start", "period_end", "based_on"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, enterprise, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["based_on"].queryset = enterprise.evaluations.all()
        self.fields["based_on"].required = False
        self.fields["based_on"].help_text = _(
            "Its preliminary step, portrait, stakeholder map, questions and collection plan are "
            "copied; its collected data are not."
        )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        return cleaned


class RevisionForm(forms.Form):
    """A form for a part of an evaluation, carrying the revision it was opened at and a
    random name for this open page, so that its own autosaves are not taken for someone
    else's."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    editor = forms.CharField(widget=forms.HiddenInput, required=False, max_length=32)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["editor"].initial = secrets.token_hex(8)


class PreliminaryForm(RevisionForm):
    motivations = forms.MultipleChoiceField(
        label=_("Why do you evaluate?"),
        choices=MOTIVATIONS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    motivation_text = forms.CharField(
        label=_("In your own words"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    team = forms.ModelMultipleChoiceField(
        label=_("Evaluation team"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The people of the enterprise who do the evaluation."),
    )
    steering_group = forms.CharField(
        label=_("Steering group"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("One person a line, with their role: staff, beneficiaries, partners..."),
    )
    means = forms.CharField(
        label=_("Time and means available"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    calendar = forms.CharField(
        label=_("Calendar"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("The main dates: start, collection, results, reports."),
    )

    CONTENT_FIELDS = ["motivations", "motivation_text", "steering_group", "means", "calendar"]

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = people

    def content(self) -> dict:
        return {key: self.cleaned_data[key] for key in self.CONTENT_FIELDS}


def _sentences(*texts) -> str:
    """Help texts one after the other, the empty ones left out."""
    return " ".join(str(text) for text in texts if text)


def _portrait_field(spec: dict) -> forms.Field:
    label = pick(spec["label"]).text
    help_text = pick(spec["help"]).text if "help" in spec else ""
    if spec.get("required"):
        help_text = _sentences(help_text, _("Needed to complete the portrait."))
    options = {"label": label, "help_text": help_text, "required": False}
    choices = [(c["code"], pick(c["label"]).text) for c in spec.get("choices", [])]
    kind = spec["type"]
    if kind == "long_text":
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **options)
    if kind == "integer":
        return forms.IntegerField(**options)
    if kind == "number":
        return forms.FloatField(**options)
    if kind == "yes_no":
        return forms.TypedChoiceField(
            choices=[("", "–"), ("yes", _("Yes")), ("no", _("No"))],
            coerce=lambda value: value == "yes",
            empty_value=None,
            **options,
        )
    if kind == "date":
        return forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), **options)
    if kind == "choice":
        return forms.ChoiceField(choices=[("", "–"), *choices], **options)
    if kind == "multiple_choice":
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **options
        )
    return forms.CharField(**options)


class PortraitForm(RevisionForm):
    """The portrait grid of the evaluation's framework. Nothing is required to save:
    a half-filled portrait is kept, and the journey says what is missing."""

    def __init__(self, *args, grid: list[dict], from_details: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for group in grid:
            codes = []
            for spec in group["fields"]:
                field = self.fields[spec["code"]] = _portrait_field(spec)
                if spec["code"] in (from_details or {}):
                    field.help_text = _sentences(
                        field.help_text, _("Filled in from the enterprise's details.")
                    )
                codes.append(spec["code"])
            self.groups.append((pick(group["name"]).text, codes))

    def grouped_fields(self):
        return [(name, [self[code] for code in codes]) for name, codes in self.groups]

    def content(self) -> dict:
        content = {}
        for code, value in self.cleaned_data.items():
            if code == "revision" or value in (None, "", []):
                continue
            content[code] = value.isoformat() if isinstance(value, datetime.date) else value
        return content


def initial_from_content(content: dict, grid: list[dict]) -> dict:
    """Form values from stored portrait content (yes/no back to their choice)."""
    initial = dict(content)
    for group in grid:
        for spec in group["fields"]:
            value = content.get(spec["code"])
            if spec["type"] == "yes_no" and isinstance(value, bool):
                initial[spec["code"]] = "yes" if value else "no"
    return initial


class SeenForm(forms.Form):
    """A form editing one record, carrying the fingerprint of the record it showed."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)


class QuestionForm(SeenForm):
    text = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("An open question about what your enterprise changes, for whom, and how."),
    )
    themes = forms.MultipleChoiceField(
        label=_("Themes it concerns"), widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, schema: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = [
            (
                pick(dimension["name"]).text,
                [(t["code"], pick(t["name"]).text) for t in dimension["themes"]],
            )
            for dimension in schema["dimensions"]
        ]


class StakeholderForm(SeenForm, forms.ModelForm):
    LEVELS = [(1, _("1 – very low")), (2, "2"), (3, "3"), (4, "4"), (5, _("5 – very high"))]

    importance = forms.TypedChoiceField(label=_("Importance for the evaluation"), coerce=int)
    influence = forms.TypedChoiceField(label=_("Influence on the enterprise"), coerce=int)

    class Meta:
        model = Stakeholder
        fields = ["type_code", "name", "importance", "influence", "involvement", "how_to_reach"]

    def __init__(self, *args, types: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type_code"] = forms.ChoiceField(
            label=_("Type"),
            required=False,
            choices=[("", _("Another kind"))] + [(t["code"], pick(t["name"]).text) for t in types],
        )
        self.fields["importance"].choices = self.LEVELS
        self.fields["influence"].choices = self.LEVELS


class PlanRowForm(SeenForm, forms.ModelForm):
    methods = forms.MultipleChoiceField(
        label=_("Methods"), choices=Method.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlanRow
        fields = ["methods", "stakeholders", "timing", "responsible", "notes"]
        widgets = {
            "stakeholders": forms.CheckboxSelectMultiple,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"responsible": _("Who makes sure this is done.")}

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        stakeholders = self.fields["stakeholders"]
        stakeholders.queryset = evaluation.stakeholders.all()
        stakeholders.help_text = (
            "" if evaluation.stakeholders.exists() else _("Add stakeholders to the map first.")
        )


class PlanIndicatorForm(SeenForm, forms.ModelForm):
    """An indicator of the framework, or the team's own when none fits."""

    baseline = forms.DecimalField(
        label=_("Baseline"), required=False, max_digits=14, decimal_places=4, localize=True
    )
    target = forms.DecimalField(
        label=_("Target"), required=False, max_digits=14, decimal_places=4, localize=True
    )

    class Meta:
        model = PlanIndicator
        fields = [
            "code",
            "name",
            "unit",
            "direction",
            "qualitative",
            "baseline",
            "target",
            "period",
        ]
        labels = {
            "name": _("Name of your own indicator"),
            "qualitative": _("Followed in words, not in numbers"),
        }
        help_texts = {
            "unit": _("For your own indicator: people, %, euros, hours..."),
            "direction": _("For your own indicator."),
            "qualitative": _(
                "For your own indicator: its values are short descriptions, such as how the "
                "neighbourhood speaks of the workshop."
            ),
        }

    def __init__(self, *args, choices: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"] = forms.ChoiceField(
            label=_("Indicator"),
            required=False,
            choices=[("", _("My own indicator (name it below)"))] + choices,
        )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("code"):
            # A framework indicator brings its own name, unit, direction and kind.
            cleaned["name"], cleaned["unit"], cleaned["qualitative"] = "", "", False
        elif not cleaned.get("name"):
            self.add_error("name", _("Choose an indicator of the framework or name your own."))
        return cleaned


class EvaluationSettingsForm(forms.ModelForm):
    """The evaluation's title, period and retention date, for the enterprise's admins."""

    class Meta:
        model = Evaluation
        fields = ["title", "period_start", "period_end", "retention_until"]
        widgets = {
            "period_start": forms.DateInput(attrs={"type": "date"}),
            "period_end": forms.DateInput(attrs={"type": "date"}),
            "retention_until": forms.DateInput(attrs={"type": "date"}),
        }

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The period ends before it starts."))
        until = cleaned.get("retention_until")
        if until and "retention_until" in self.changed_data and until < self.today:
            self.add_error(
                "retention_until",
                _("The retention date cannot be in the past: choose today or a later day."),
            )
        return cleaned


class SharingForm(forms.Form):
    """What the network may use of the evaluation, from now on."""

    level = forms.TypedChoiceField(
        label=_("What may your network use of this evaluation?"),
        choices=SharingLevel.choices,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_(
            "Each choice includes the ones above it. You can change or withdraw it at any "
            "time: figures made after a withdrawal leave this evaluation out."
        ),
    )


class NamingForm(forms.Form):
    """Whether the network may name the enterprise in its territorial reports, and the
    story it may tell."""

    named = forms.BooleanField(
        label=_("Our network may name us in its territorial reports and tell our story"),
        required=False,
        help_text=_(
            "Without this choice, your name never appears in a report of your network. You "
            "can withdraw it at any time: reports made after that leave you out."
        ),
    )
    story = forms.CharField(
        label=_("Our story, as the reports may tell it"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("A few sentences in your own words: what you did and what it changed."),
    )
