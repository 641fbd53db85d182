"""Forms of the survey builder. A multilingual text is one field per language, named
`<text>_<language>` and marked with its language, gathered back into a {fr, nl, en} map."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from vises.multilingual import pick

from . import builder, distribution
from .models import Question, Survey, Wave


def add_texts(form, name, label, languages, *, rows=0, required=False, initial=None, help=""):
    """Add one field per language for a multilingual text."""
    names = builder.language_names()
    for code in languages:
        attrs = {"lang": code}
        widget = forms.Textarea(attrs={**attrs, "rows": rows}) if rows else forms.TextInput(attrs)
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=_("%(text)s (%(language)s)") % {"text": label, "language": names[code]},
            required=required,
            widget=widget,
            max_length=5000 if rows else 1000,
            initial=(initial or {}).get(code, ""),
            help_text=help,
        )


def texts_from(cleaned: dict, name: str, languages) -> dict:
    return {
        code: cleaned[f"{name}_{code}"].strip()
        for code in languages
        if cleaned.get(f"{name}_{code}", "").strip()
    }


class SurveyForm(forms.Form):
    """A new survey: its title in each offered language, for whom, in which languages."""

    languages = forms.MultipleChoiceField(
        label=_("Languages offered"),
        widget=forms.CheckboxSelectMultiple,
        choices=[],
        help_text=_("Respondents choose among these on the first page."),
    )
    stakeholder_type = forms.ChoiceField(label=_("Stakeholders asked"), required=False)

    def __init__(self, *args, types: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["languages"].choices = list(builder.language_names().items())
        self.fields["stakeholder_type"].choices = [("", _("Not one type in particular"))] + [
            (t["code"], pick(t["name"]).text) for t in types
        ]
        self.fields["stakeholder_type"].help_text = _(
            "The question bank offers the items written for them."
        )
        add_texts(
            self,
            "title",
            _("Title"),
            builder.LANGUAGES,
            help=_("Needed in each language offered."),
        )
        self.order_fields([f"title_{code}" for code in builder.LANGUAGES])

    def clean(self):
        cleaned = super().clean()
        for code in cleaned.get("languages", []):
            if not cleaned.get(f"title_{code}", "").strip():
                self.add_error(f"title_{code}", _("Give the title in each language offered."))
        return cleaned

    def title(self) -> dict:
        return texts_from(self.cleaned_data, "title", self.cleaned_data["languages"])


class SettingsForm(forms.ModelForm):
    """What respondents read around the questions, the languages, and how the survey is
    distributed."""

    languages = forms.MultipleChoiceField(
        label=_("Languages offered"), widget=forms.CheckboxSelectMultiple, choices=[]
    )

    class Meta:
        model = Survey
        fields = ["languages", "link_waves", "quota"]

    TEXTS = [
        ("title", _("Title"), 0),
        ("intro", _("Introduction"), 4),
        ("consent", _("Consent"), 4),
        ("thanks", _("Thank-you message"), 3),
    ]

    def __init__(self, *args, instance: Survey, **kwargs):
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["languages"].choices = list(builder.language_names().items())
        self.fields["languages"].initial = instance.languages
        for name, label, rows in self.TEXTS:
            add_texts(
                self, name, label, builder.LANGUAGES, rows=rows, initial=getattr(instance, name)
            )

    def distribution_fields(self):
        return [self[name] for name in self.Meta.fields]

    def language_groups(self):
        """The text fields grouped by language, for one fieldset each."""
        names = builder.language_names()
        return [
            (code, names[code], [self[f"{name}_{code}"] for name, _label, _rows in self.TEXTS])
            for code in builder.LANGUAGES
        ]

    def clean(self):
        cleaned = super().clean()
        for code in cleaned.get("languages", []):
            if not cleaned.get(f"title_{code}", "").strip():
                self.add_error(f"title_{code}", _("Give the title in each language offered."))
        return cleaned

    def values(self) -> dict:
        cleaned = self.cleaned_data
        values = {
            name: texts_from(cleaned, name, builder.LANGUAGES) for name, _label, _rows in self.TEXTS
        }
        for field in self.Meta.fields:
            values[field] = cleaned[field]
        return values


class SectionForm(forms.Form):
    def __init__(self, *args, languages, initial_title=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_texts(self, "title", _("Section title"), languages, initial=initial_title)
        self.languages = languages

    def title(self) -> dict:
        return texts_from(self.cleaned_data, "title", self.languages)


# An option written in each language, as the builder asks for it.
OPTION_EXAMPLE = {"fr": "Oui", "nl": "Ja", "en": "Yes"}


class QuestionForm(forms.Form):
    """A question written by the team, or one being edited (with the fingerprint of the
    question as the form showed it, so that a save over someone else's is told)."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=64)

    code = forms.CharField(
        label=_("Code"),
        required=False,
        max_length=60,
        help_text=_(
            "A short name analyses and exports use, such as works_now. Left empty, it is "
            "made from the question. It cannot change once answers exist."
        ),
    )
    kind = forms.ChoiceField(label=_("Type of answer"), choices=Question.Kind.choices)
    required = forms.BooleanField(label=_("An answer is required"), required=False)
    options = forms.CharField(
        label=_("Options (single and multiple choice)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    allow_other = forms.BooleanField(
        label=_("Offer “other, specify” (single and multiple choice)"), required=False
    )
    scale = forms.ChoiceField(label=_("Answer scale (for a scale)"), required=False)
    minimum = forms.DecimalField(
        label=_("Minimum (numbers)"), required=False, max_digits=14, decimal_places=4, localize=True
    )
    maximum = forms.DecimalField(
        label=_("Maximum (numbers)"), required=False, max_digits=14, decimal_places=4, localize=True
    )
    integer_only = forms.BooleanField(label=_("Whole numbers only (numbers)"), required=False)
    themes = forms.MultipleChoiceField(
        label=_("Themes"), required=False, widget=forms.CheckboxSelectMultiple
    )
    indicators = forms.ModelMultipleChoiceField(
        label=_("Indicators of the plan it feeds"),
        required=False,
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self, *args, survey: Survey, question: Question | None = None, locked=False, **kwargs
    ):
        self.survey, self.question = survey, question
        evaluation = survey.evaluation
        languages = survey.languages
        if question is not None:
            kwargs.setdefault(
                "initial",
                {
                    "code": question.code,
                    "kind": question.kind,
                    "required": question.required,
                    "options": builder.options_text(question.options, languages)
                    if question.kind != "scale"
                    else "",
                    "allow_other": question.allow_other,
                    "scale": question.scale,
                    "minimum": question.minimum,
                    "maximum": question.maximum,
                    "integer_only": question.integer_only,
                    "themes": question.themes,
                    "indicators": list(question.indicators.all()),
                },
            )
        super().__init__(*args, **kwargs)
        names = builder.language_names()
        # Each word of the example in its own language, so that it is read (and checked)
        # as that language, not as an untranslated text of the page.
        example = format_html_join(
            " | ", '<span lang="{}">{}</span>', ((c, OPTION_EXAMPLE[c]) for c in languages)
        )
        self.fields["options"].help_text = format_html(
            _(
                "One option a line, its labels in {languages} separated by “|”, for example: "
                "{example}. The code in square brackets stays the option's value: keep it."
            ),
            languages=", ".join(names[code] for code in languages),
            example=example,
        )
        if locked:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The survey has answers: the code stays.")
        self.fields["scale"].choices = [("", "–")] + builder.scale_choices(evaluation)
        self.fields["themes"].choices = builder.theme_choices(evaluation)
        document = evaluation.framework_version.document
        indicators = self.fields["indicators"]
        indicators.queryset = builder.plan_indicators(evaluation)
        indicators.label_from_instance = lambda i: builder.indicator_name(i, document)
        if not indicators.queryset.exists():
            indicators.help_text = _("The collection plan has no indicator yet.")
        add_texts(
            self,
            "text",
            _("Question"),
            languages,
            rows=2,
            initial=question.text if question else None,
        )
        add_texts(self, "help", _("Help"), languages, initial=question.help if question else None)
        self.order_fields(
            ["code", "kind"]
            + [f"text_{code}" for code in languages]
            + [f"help_{code}" for code in languages]
        )

    def clean(self):
        cleaned = super().clean()
        if not texts_from(cleaned, "text", self.survey.languages):
            self.add_error(None, _("Write the question in at least one language."))
        if cleaned.get("code"):
            try:
                builder.check_code(self.survey, cleaned["code"], self.question)
            except builder.Refused as refusal:
                self.add_error("code", str(refusal))
        if cleaned.get("kind") == "scale" and not cleaned.get("scale"):
            self.add_error("scale", _("Choose the answer scale."))
        try:
            cleaned["parsed_options"] = builder.parse_options(
                cleaned.get("options", ""),
                self.survey.languages,
                self.question.options if self.question else None,
            )
        except builder.Refused as refusal:
            self.add_error("options", str(refusal))
        if cleaned.get("kind") in ("single_choice", "multiple_choice") and (
            len(cleaned.get("parsed_options", [])) < 2 and "options" not in self.errors
        ):
            self.add_error("options", _("Give at least two options, one a line."))
        return cleaned

    def values(self) -> dict:
        cleaned = self.cleaned_data
        languages = self.survey.languages
        values = {
            "kind": cleaned["kind"],
            "text": {**self._kept("text"), **texts_from(cleaned, "text", languages)},
            "help": {**self._kept("help"), **texts_from(cleaned, "help", languages)},
            "required": cleaned["required"],
            "options": self._options(cleaned["parsed_options"]),
            "allow_other": cleaned["allow_other"],
            "scale": cleaned["scale"],
            "minimum": cleaned["minimum"],
            "maximum": cleaned["maximum"],
            "integer_only": cleaned["integer_only"],
            "themes": cleaned["themes"],
        }
        if cleaned.get("code") or self.question is None:
            values["code"] = cleaned.get("code", "")
        return values

    def _kept(self, name: str) -> dict:
        """Texts in languages the survey no longer offers, kept as they were."""
        if self.question is None:
            return {}
        return {
            code: text
            for code, text in getattr(self.question, name).items()
            if code not in self.survey.languages
        }

    def _options(self, parsed: list[dict]) -> list[dict]:
        """Parsed options, keeping labels in languages no longer offered."""
        previous = {str(o["value"]): o for o in (self.question.options if self.question else [])}
        options = []
        for option in parsed:
            label = {
                code: text
                for code, text in (previous.get(option["value"], {}).get("label") or {}).items()
                if code not in self.survey.languages
            }
            options.append({"value": option["value"], "label": {**label, **option["label"]}})
        return options


class ConditionForm(forms.Form):
    """Show the question only if answers to earlier questions say so."""

    combine = forms.ChoiceField(
        label=_("Show the question when"),
        choices=[("all", _("all the rules hold")), ("any", _("any of the rules holds"))],
        widget=forms.RadioSelect,
        initial="all",
    )

    def __init__(self, *args, question: Question, earlier: list[Question], **kwargs):
        condition = question.condition or {}
        initial = {"combine": condition.get("combine", "all")}
        for number, rule in enumerate(condition.get("rules") or [], start=1):
            value = rule.get("value")
            initial.update(
                {
                    f"question_{number}": rule.get("question"),
                    f"op_{number}": rule.get("op"),
                    f"value_{number}": ", ".join(str(v) for v in value)
                    if isinstance(value, list)
                    else ("" if value is None else str(value)),
                }
            )
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        question_choices = [("", _("No rule"))] + [
            (other.code, f"{other.code} · {pick(other.text).text[:60]}") for other in earlier
        ]
        operators = [(code, label) for code, label in builder.OPERATOR_LABELS.items()]
        for number in range(1, builder.MAX_RULES + 1):
            self.fields[f"question_{number}"] = forms.ChoiceField(
                label=_("Rule %(number)s: question") % {"number": number},
                choices=question_choices,
                required=False,
            )
            self.fields[f"op_{number}"] = forms.ChoiceField(
                label=_("Rule %(number)s: its answer") % {"number": number},
                choices=operators,
                required=False,
            )
            self.fields[f"value_{number}"] = forms.CharField(
                label=_("Rule %(number)s: compared with") % {"number": number},
                required=False,
                max_length=300,
                help_text=_(
                    "An option's label or value, or a number; for “is one of”, separate "
                    "them with commas."
                ),
            )

    def rules(self) -> list[dict]:
        cleaned = self.cleaned_data
        return [
            {
                "question": cleaned[f"question_{number}"],
                "op": cleaned[f"op_{number}"],
                "value": cleaned[f"value_{number}"],
            }
            for number in range(1, builder.MAX_RULES + 1)
            if cleaned.get(f"question_{number}")
        ]

    def rule_groups(self):
        return [
            (
                number,
                [self[f"{name}_{number}"] for name in ("question", "op", "value")],
            )
            for number in range(1, builder.MAX_RULES + 1)
        ]


class WaveForm(forms.ModelForm):
    class Meta:
        model = Wave
        fields = ["label", "opens_on", "closes_on"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {"label": _("For example: entry, exit, or 2026.")}

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("opens_on"), cleaned.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The wave closes before it opens."))
        return cleaned


# Handing out codes and removing responses -------------------------------------------


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label=_("How many codes?"), min_value=1, max_value=distribution.MAX_CODES
    )


class EmailForm(forms.Form):
    addresses = forms.CharField(
        label=_("Email addresses"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One a line. Each is kept with its code only to send at most two reminders, "
            "and deleted once the survey is answered or closes."
        ),
    )
    language = forms.ChoiceField(label=_("Language of the message"))

    def __init__(self, *args, languages, **kwargs):
        super().__init__(*args, **kwargs)
        names = builder.language_names()
        self.fields["language"].choices = [(code, names[code]) for code in languages]

    def clean_addresses(self):
        addresses = [
            line.strip() for line in self.cleaned_data["addresses"].splitlines() if line.strip()
        ]
        wrong = []
        for address in addresses:
            try:
                forms.EmailField().clean(address)
            except forms.ValidationError:
                wrong.append(address)
        if wrong:
            raise forms.ValidationError(
                _("These are not email addresses: %(wrong)s") % {"wrong": ", ".join(wrong)}
            )
        if len(addresses) > distribution.MAX_CODES:
            raise forms.ValidationError(
                _("Give at most %(max)s addresses at a time.") % {"max": distribution.MAX_CODES}
            )
        return addresses


class RemovalForm(forms.Form):
    reason = forms.CharField(
        label=_("Why remove this response?"),
        max_length=500,
        help_text=_("For example: a test, or the same person answered twice."),
    )
