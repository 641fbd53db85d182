from decimal import Decimal
from pathlib import PurePath

from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from vises.table_files import Unreadable, check_size

from .models import IndicatorValue
from .values import NUMBER, TEXT

MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# PDF, images, office documents (Microsoft and OpenDocument) and CSV.
EVIDENCE_EXTENSIONS = {
    ".pdf",
    ".png",
    ".jpg",
    ".jpeg",
    ".gif",
    ".webp",
    ".tif",
    ".tiff",
    ".heic",
    ".doc",
    ".docx",
    ".odt",
    ".rtf",
    ".xls",
    ".xlsx",
    ".ods",
    ".ppt",
    ".pptx",
    ".odp",
    ".csv",
}


class IndicatorValueForm(forms.Form):
    """A value of one indicator for one period: a number (typed as people write it in
    their language) or, for a qualitative indicator, a text."""

    period = forms.CharField(
        label=_("Period"),
        max_length=60,
        help_text=_("For example: 2026, or 2026-S1."),
        error_messages={"required": _("Give the period of this value, for example 2026.")},
    )
    number = forms.DecimalField(label=_("Value"), max_digits=14, decimal_places=4, localize=True)
    text = forms.CharField(
        label=_("Value"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={"required": _("Describe the value for this period.")},
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=200,
        required=False,
        help_text=_("Where the value comes from: payroll register, attendance sheets..."),
    )
    comment = forms.CharField(
        label=_("Comment"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )
    evidence = forms.FileField(
        label=_("Evidence file"),
        required=False,
        widget=forms.FileInput,
        help_text=_("Optional. A PDF, an image, an office document or a CSV file, at most 10 MB."),
    )
    drop_evidence = forms.BooleanField(label=_("Remove the evidence file"), required=False)

    def __init__(self, *args, kind: str, unit: str = "", instance: IndicatorValue | None, **kw):
        self.kind, self.instance = kind, instance
        if instance is not None and "initial" not in kw:
            kw["initial"] = {
                "period": instance.period,
                "number": instance.number.normalize() if instance.number is not None else None,
                "text": instance.text,
                "source": instance.source,
                "comment": instance.comment,
            }
        super().__init__(*args, **kw)
        del self.fields["text" if kind == NUMBER else "number"]
        if kind == NUMBER:
            example = number_format(Decimal("12.5"), decimal_pos=1, use_l10n=True)
            number = self.fields["number"]
            number.error_messages["required"] = _("Give the value for this period.")
            number.error_messages["invalid"] = _(
                "The value must be a number, for example %(example)s."
            ) % {"example": example}
            if unit:
                number.help_text = format_html(_("In {unit}."), unit=unit)
        if not (instance and instance.evidence):
            del self.fields["drop_evidence"]
        else:
            self.fields["evidence"].help_text = format_html(
                _("Kept: {name}. Give another file to replace it."), name=instance.evidence_name
            )

    def clean_period(self) -> str:
        period = self.cleaned_data["period"]
        instance = self.instance
        if (
            instance is not None
            and period != instance.period
            and instance.indicator.values.filter(period=period).exists()
        ):
            raise forms.ValidationError(
                _("There is already a value for %(period)s: change that one instead."),
                params={"period": period},
            )
        return period

    def clean_evidence(self):
        evidence = self.cleaned_data.get("evidence")
        if not evidence:
            return None
        name = PurePath(evidence.name).name
        if PurePath(name).suffix.lower() not in EVIDENCE_EXTENSIONS:
            raise forms.ValidationError(
                _(
                    "The evidence file “%(name)s” is not of an accepted type: give a PDF, an "
                    "image, an office document or a CSV file."
                ),
                params={"name": name},
            )
        if evidence.size > MAX_EVIDENCE_BYTES:
            raise forms.ValidationError(
                _("The evidence file “%(name)s” is %(size)s: it may be at most %(limit)s."),
                params={
                    "name": name,
                    "size": filesizeformat(evidence.size),
                    "limit": filesizeformat(MAX_EVIDENCE_BYTES),
                },
            )
        return evidence

    def values(self) -> dict:
        """The cleaned data as `values.save_value` and `change_value` take them."""
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "period": data["period"],
            "number": data.get("number") if self.kind == NUMBER else None,
            "text": data.get("text", "") if self.kind == TEXT else "",
            "source": data["source"],
            "comment": data["comment"],
            "evidence": data.get("evidence"),
        }


class ValuesFileForm(forms.Form):
    file = forms.FileField(
        label=_("File of indicator values"),
        help_text=_(
            "CSV or Excel (.xlsx): one row per value, with the indicator (its code or its "
            "name), the period, the value, and if you wish its source and a comment."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_size(upload.size)
        except Unreadable as error:
            raise forms.ValidationError(str(error)) from None
        return upload
