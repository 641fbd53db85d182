from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry


class AuditFilterForm(forms.Form):
    """Which entries of the audit log to show: of one kind, between two dates (both
    included), and for the platform's admins, of one network."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All"))] + AuditEntry.Kind.choices
    )
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, networks=None, **kwargs):
        super().__init__(*args, **kwargs)
        if networks is not None:
            self.fields["network"] = forms.ModelChoiceField(
                label=_("Network"), required=False, queryset=networks, empty_label=_("All")
            )

    def clean(self):
        cleaned = super().clean()
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until and since > until:
            self.add_error("until", _("This date comes before the first one."))
        return cleaned

    def apply(self, entries):
        """The entries the filters keep; all of them while the filters are wrong."""
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["kind"]:
            entries = entries.filter(kind=data["kind"])
        if data["since"]:
            entries = entries.filter(at__date__gte=data["since"])
        if data["until"]:
            entries = entries.filter(at__date__lte=data["until"])
        if data.get("network"):
            entries = entries.filter(network=data["network"])
        return entries
