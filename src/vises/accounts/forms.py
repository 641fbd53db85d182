from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.utils.translation import gettext_lazy as _

from vises import safe_input

from .models import Enterprise, EnterpriseRole, Network, NetworkRole, User


class EnterpriseForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")

    class Meta:
        model = Enterprise
        fields = [
            "name",
            "legal_form",
            "group",
            "country",
            "region",
            "municipality",
            "postcode",
            "nace_code",
            "size_band",
            "founding_year",
            "website",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The name goes into e-mail subjects and spreadsheet cells: one line only.
        self.fields["name"].validators.append(safe_input.refuse_control_characters)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address"))
    role = forms.ChoiceField(label=_("Role"))
    language = forms.ChoiceField(
        label=_("Language of the invitation email"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, roles, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = roles


def network_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=NetworkRole.choices, **kwargs)


def enterprise_invitation_form(*args, **kwargs):
    return InvitationForm(*args, roles=EnterpriseRole.choices, **kwargs)


class AcceptInvitationForm(forms.Form):
    """Creates the account of someone accepting their first invitation."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Preferred language"), choices=settings.LANGUAGES
    )

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ."))
        elif password1:
            candidate = User(email=self.email, full_name=cleaned.get("full_name", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "preferred_language"]


class NetworkSettingsForm(forms.ModelForm):
    class Meta:
        model = Network
        fields = ["require_two_factor"]


class JoinNetworkForm(forms.Form):
    network = forms.ModelChoiceField(label=_("Network"), queryset=Network.objects.all())


class AssignCoachForm(forms.Form):
    enterprise = forms.ModelChoiceField(label=_("Enterprise"), queryset=Enterprise.objects.none())
    coach = forms.ModelChoiceField(label=_("Coach"), queryset=User.objects.none())

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enterprise"].queryset = network.enterprises.admitted()
        self.fields["coach"].queryset = User.objects.filter(
            network_memberships__network=network, network_memberships__role=NetworkRole.COACH
        )
