from django import forms
from django.utils.translation import gettext_lazy as _

from . import devices


class CodeForm(forms.Form):
    """A code of the authenticator app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_(
            "The 6-digit code your authenticator app shows, or one of your recovery codes."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
    )


class ConfirmSecretForm(forms.Form):
    """The first code of a newly added authenticator app, proving it holds the secret."""

    code = forms.CharField(
        label=_("6-digit code shown by the app"),
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, secret: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.secret = secret

    def clean_code(self):
        code = self.cleaned_data["code"]
        if not devices.code_confirms_secret(self.secret, code):
            raise forms.ValidationError(
                _(
                    "This is not the code the app shows for VISES now. Check that you scanned "
                    "the code above (or typed the key without a mistake) and type the code "
                    "shown now."
                )
            )
        return code
