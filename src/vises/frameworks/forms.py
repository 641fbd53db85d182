"""Forms to adapt a draft framework. Texts are asked in French, Dutch and English, one
field each; the draft's own checks (document.check) have the last word."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from vises import bounded_yaml
from vises.accounts.models import EnterpriseGroup, Network
from vises.multilingual import pick

from .browse import themes
from .document import ANSWER_TYPES, CODE, LANGUAGES

LANGUAGE_NAMES = dict(settings.LANGUAGES)
ANSWER_TYPE_LABELS = {
    "short_text": _("Short text"),
    "long_text": _("Long text"),
    "integer": _("Whole number"),
    "number": _("Number"),
    "yes_no": _("Yes or no"),
    "rating_0_10": _("Rating from 0 to 10"),
    "date": _("Date"),
}
DIRECTIONS = [
    ("higher_is_better", _("Higher is better")),
    ("lower_is_better", _("Lower is better")),
    ("neutral", _("Neither")),
]
TEXT_LABELS = {
    "term": _("Term"),
    "definition": _("Definition"),
    "name": _("Name"),
    "description": _("Description"),
    "text": _("Text"),
    "unit": _("Unit"),
}
# For each editable section: its texts (the first is required) and the codes it refers to.
SECTION_TEXTS = {
    "lexicon": ["term", "definition"],
    "dimensions": ["name", "description"],
    "themes": ["name", "description"],
    "evaluative_questions": ["text"],
    "indicators": ["name", "definition", "unit"],
    "bank_items": ["text"],
}
SECTION_REFERENCES = {
    "evaluative_questions": ["groups", "themes"],
    "indicators": ["themes", "groups"],
    "bank_items": ["stakeholder_types", "themes"],
}
REFERENCE_LABELS = {
    "themes": _("Themes"),
    "groups": _("Enterprise groups it suits"),
    "stakeholder_types": _("Stakeholder types"),
}


def reference_choices(data: dict) -> dict[str, list[tuple[str, str]]]:
    """The codes a record may refer to, with their names in the reader's language."""
    return {
        "themes": [(code, pick(theme["name"]).text) for code, theme in themes(data).items()],
        "groups": EnterpriseGroup.choices,
        "stakeholder_types": [(t["code"], pick(t["name"]).text) for t in data["stakeholder_types"]],
    }


class ForkForm(forms.Form):
    network = forms.ModelChoiceField(label=_("For the network"), queryset=Network.objects.none())

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks
        self.fields["network"].initial = networks.first()


class RecordForm(forms.Form):
    """Add or edit one record of a draft section: its texts in three languages and the
    codes it refers to. Without `record`, it adds one and asks for its code."""

    def __init__(self, *args, section: str, data: dict, record: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.section, self.record = section, record
        if record is None:
            self.fields["code"] = forms.CharField(label=_("Code"), max_length=60)
            if section == "themes":
                self.fields["dimension"] = forms.ChoiceField(
                    label=_("Dimension"),
                    choices=[
                        (d["code"], pick(d["name"]).text) for d in data["schema"]["dimensions"]
                    ],
                )
        for key in SECTION_TEXTS[section]:
            for language in LANGUAGES:
                self.fields[f"{key}_{language}"] = forms.CharField(
                    label=f"{TEXT_LABELS[key]} ({LANGUAGE_NAMES[language]})",
                    required=False,
                    widget=forms.Textarea(attrs={"rows": 2}) if key == "definition" else None,
                    initial=(record or {}).get(key, {}).get(language, ""),
                )
        choices = reference_choices(data)
        for key in SECTION_REFERENCES.get(section, []):
            self.fields[key] = forms.MultipleChoiceField(
                label=REFERENCE_LABELS[key],
                choices=choices[key],
                widget=forms.CheckboxSelectMultiple,
                initial=(record or {}).get(key, []),
            )
        if section == "indicators":
            self._indicator_fields(record)
        if section == "bank_items":
            self._bank_item_fields(data, record)

    def _indicator_fields(self, record):
        if record is None:
            self.fields["kind"] = forms.ChoiceField(
                label=_("How it is obtained"),
                choices=[
                    ("counted", _("Counted each period")),
                    ("formula", _("Computed by a formula")),
                ],
            )
        if record is None or record.get("kind") == "formula":
            self.fields["formula"] = forms.CharField(
                label=_("Formula"),
                required=False,
                initial=(record or {}).get("formula", ""),
                help_text=_(
                    "For a computed indicator, e.g. exits_to_employment / people_leaving * 100"
                ),
            )
        self.fields["direction"] = forms.ChoiceField(
            label=_("Direction"), choices=DIRECTIONS, initial=(record or {}).get("direction")
        )

    def _bank_item_fields(self, data, record):
        answers = [(f"scale:{s['code']}", pick(s["name"]).text) for s in data["answer_scales"]]
        answers += [(f"type:{t}", ANSWER_TYPE_LABELS[t]) for t in ANSWER_TYPES]
        current = None
        if record:
            current = (
                f"scale:{record['answer_scale']}"
                if "answer_scale" in record
                else f"type:{record.get('answer_type')}"
            )
        self.fields["answer"] = forms.ChoiceField(
            label=_("Answer"), choices=answers, initial=current
        )

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not CODE.match(code):
            raise forms.ValidationError(
                _("Use lower-case letters, digits and underscores, starting with a letter.")
            )
        return code

    def clean(self):
        cleaned = super().clean()
        first = SECTION_TEXTS[self.section][0]
        if not any(cleaned.get(f"{first}_{language}") for language in LANGUAGES):
            self.add_error(f"{first}_en", _("Give this text in at least one language."))
        return cleaned

    def values(self) -> dict:
        """The record's new keys and values; an empty text means no such text."""
        cleaned = self.cleaned_data
        values = {}
        if self.record is None:
            values["code"] = cleaned["code"]
        for key in SECTION_TEXTS[self.section]:
            values[key] = {
                language: cleaned[f"{key}_{language}"].strip()
                for language in LANGUAGES
                if cleaned[f"{key}_{language}"].strip()
            }
        for key in SECTION_REFERENCES.get(self.section, []):
            values[key] = cleaned[key]
        if "kind" in cleaned:
            values["kind"] = cleaned["kind"]
        if "formula" in cleaned and (values.get("kind") or self.record.get("kind")) == "formula":
            values["formula"] = cleaned["formula"]
        if "direction" in cleaned:
            values["direction"] = cleaned["direction"]
        if "answer" in cleaned:
            kind, _sep, value = cleaned["answer"].partition(":")
            values["answer_scale"] = value if kind == "scale" else None
            values["answer_type"] = value if kind == "type" else None
        return values


class ImportForm(forms.Form):
    file = forms.FileField(label=_("YAML file"))

    def clean_file(self):
        """Refuse a file past the import limit by its size, before anything reads it."""
        upload = self.cleaned_data["file"]
        try:
            bounded_yaml.check_size(upload.size)
        except bounded_yaml.LimitExceeded as error:
            raise forms.ValidationError(f"{upload.name}: {error.message}") from None
        return upload
