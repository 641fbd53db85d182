from pathlib import PurePath

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from . import extraction
from .material import planned
from .models import QUALITATIVE_METHODS, Code, Document
from .reading import stakeholder_types

RECORDING_EXTENSIONS = (
    ".mp3",
    ".m4a",
    ".aac",
    ".wav",
    ".ogg",
    ".oga",
    ".opus",
    ".flac",
    ".webm",
    ".mp4",
    ".mov",
)
DESCRIPTION_FIELDS = [
    "method",
    "plan_row",
    "title",
    "happened_on",
    "stakeholder_type",
    "pseudonym",
    "interviewer",
    "consent",
    "consent_on",
    "memo",
]


class DocumentForm(forms.ModelForm):
    """A document's description and, when it is added, its text: a file to read it from,
    or the text pasted; and its recording, if the team keeps one."""

    transcript = forms.FileField(
        label=_("Transcript or notes file"),
        required=False,
        help_text=_("A text (.txt, .md), Word (.docx), OpenDocument (.odt) or PDF file."),
    )
    pasted = forms.CharField(
        label=_("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    recording = forms.FileField(
        label=_("Recording (optional)"),
        required=False,
        widget=forms.FileInput,
        help_text=_("The audio or video file, kept for the team only."),
    )
    drop_recording = forms.BooleanField(label=_("Remove the recording"), required=False)

    class Meta:
        model = Document
        fields = DESCRIPTION_FIELDS
        widgets = {
            "happened_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "consent_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "memo": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.evaluation = evaluation
        self.instance.evaluation = evaluation
        rows = planned(evaluation)
        self.fields["plan_row"].queryset = evaluation.plan_rows.filter(
            pk__in=[item.row.pk for item in rows]
        )
        methods = {item.row.pk: ", ".join(str(m) for m in item.methods) for item in rows}
        self.fields["plan_row"].label_from_instance = lambda row: (
            f"{methods[row.pk]} · {Truncator(row.question.text).chars(80)}"
        )
        self.fields["stakeholder_type"] = forms.ChoiceField(
            label=Document._meta.get_field("stakeholder_type").verbose_name,
            required=False,
            choices=[("", "–"), *stakeholder_types(evaluation).items()],
        )
        adding = self.instance.pk is None
        if adding:
            del self.fields["drop_recording"]
        else:
            del self.fields["transcript"], self.fields["pasted"]
            if self.instance.recording_name:
                self.fields["recording"].help_text = _(
                    "Kept: %(name)s. Give another file to replace it."
                ) % {"name": self.instance.recording_name}
            else:
                del self.fields["drop_recording"]

    def clean_recording(self):
        recording = self.cleaned_data.get("recording")
        if not recording:
            return None
        name = PurePath(recording.name).name
        if PurePath(name).suffix.lower() not in RECORDING_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "“%(name)s” is not an audio or video file this page keeps (MP3, M4A, WAV, "
                    "OGG, FLAC, WebM, MP4, MOV)."
                ),
                params={"name": name},
            )
        limit = settings.VISES_RECORDING_MAX_BYTES
        if recording.size > limit:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s: a recording may be at most %(limit)s."),
                params={
                    "name": name,
                    "size": filesizeformat(recording.size),
                    "limit": filesizeformat(limit),
                },
            )
        return recording

    def clean(self):
        data = super().clean()
        if self.instance.pk is not None:
            return data
        transcript, pasted = data.get("transcript"), (data.get("pasted") or "").strip()
        if transcript and pasted:
            self.add_error("pasted", _("Give a file or paste the text, not both."))
        elif transcript:
            try:
                data["text"] = extraction.extract(transcript.name, transcript.read())
            except extraction.Unreadable as refusal:
                self.add_error("transcript", str(refusal))
            transcript.seek(0)
        elif pasted:
            data["text"] = extraction.normalised(pasted)
            if len(data["text"]) > extraction.MAX_TEXT_CHARACTERS:
                self.add_error(
                    "pasted", _("This text is too long: split it into several documents.")
                )
        else:
            self.add_error("transcript", _("Give the transcript's file, or paste its text."))
        return data


class CodeForm(forms.ModelForm):
    class Meta:
        model = Code
        fields = ["name", "parent", "description", "colour", "memo"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "memo": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.evaluation = evaluation
        codes = evaluation.codes.all()
        if self.instance.pk:
            codes = codes.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = codes
        self.fields["parent"].empty_label = _("(at the top of the codebook)")


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(label=_("Merge into"), queryset=Code.objects.none())

    def __init__(self, *args, code: Code, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = code.evaluation.codes.exclude(pk=code.pk)


class CodesField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple


class ExcerptForm(forms.Form):
    """A passage to code: the characters selected (filled in by the page's script), or
    else the lines typed; its codes, chosen or a new one named; a memo."""

    first_line = forms.IntegerField(label=_("From line"), min_value=1)
    last_line = forms.IntegerField(label=_("To line"), min_value=1)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    codes = CodesField(label=_("Codes"), queryset=Code.objects.none(), required=False)
    new_code = forms.CharField(
        label=_("Or a new code"),
        max_length=Code._meta.get_field("name").max_length,
        required=False,
        help_text=_("Added at the top of the codebook."),
    )
    memo = forms.CharField(
        label=_("Memo"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = evaluation.codes.order_by("name", "id")


class ExcerptEditForm(forms.Form):
    codes = CodesField(label=_("Codes"), queryset=Code.objects.none(), required=False)
    memo = forms.CharField(
        label=_("Memo"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, evaluation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["codes"].queryset = evaluation.codes.order_by("name", "id")


class PseudonymForm(forms.Form):
    real_name = forms.CharField(label=_("Real name"), max_length=200)
    pseudonym = forms.CharField(
        label=_("Pseudonym"),
        max_length=100,
        help_text=_("For example: Awa, or a trainee of the textile workshop."),
    )


class ExchangeImportForm(forms.Form):
    """A REFI-QDA file to read: a codebook (.qdc) or a project (.qdpx), whose text
    sources become documents of the method chosen."""

    file = forms.FileField(
        label=_("REFI-QDA file"),
        help_text=_(
            "A codebook (.qdc) or a project (.qdpx) from NVivo, ATLAS.ti, MAXQDA, "
            "QualCoder or Taguette."
        ),
    )
    method = forms.ChoiceField(
        label=_("Method of its documents"),
        choices=[(m.value, m.label) for m in QUALITATIVE_METHODS],
        initial="interview",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = PurePath(upload.name).name
        if PurePath(name).suffix.lower() not in (".qdc", ".qdpx"):
            raise forms.ValidationError(
                _("“%(name)s” is neither a codebook (.qdc) nor a project (.qdpx)."),
                params={"name": name},
            )
        if upload.size > settings.VISES_IMPORT_MAX_BYTES * 10:
            raise forms.ValidationError(
                _("“%(name)s” is %(size)s: it may be at most %(limit)s."),
                params={
                    "name": name,
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.VISES_IMPORT_MAX_BYTES * 10),
                },
            )
        return upload
