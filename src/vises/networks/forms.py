from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from vises.accounts.models import Country, EnterpriseGroup, NetworkRole, Region, User
from vises.evaluations.models import JourneyStep

from .models import Programme


def _milestone_field(step: JourneyStep) -> str:
    return f"milestone_{int(step)}"


class ProgrammeForm(forms.ModelForm):
    """A programme with its enterprises, coaches and a date for each step (optional)."""

    class Meta:
        model = Programme
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "enterprises",
            "coaches",
            "stalled_after_days",
            "remind_days_before",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "enterprises": forms.CheckboxSelectMultiple,
            "coaches": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "enterprises": _("The enterprises admitted to the network that take part."),
            "stalled_after_days": _(
                "An enterprise with no activity for this many days is shown as stalled."
            ),
            "remind_days_before": _(
                "The teams get an e-mail this many days before a milestone, and another "
                "when it has passed with the step not done."
            ),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["enterprises"].queryset = network.enterprises.admitted().order_by("name")
        self.fields["coaches"].queryset = User.objects.filter(
            network_memberships__network=network, network_memberships__role=NetworkRole.COACH
        ).order_by("full_name", "email")
        dates = (
            {m.step: m.due_on for m in self.instance.milestones.all()} if self.instance.pk else {}
        )
        for step in JourneyStep:
            self.fields[_milestone_field(step)] = forms.DateField(
                label=_("%(step)s done by") % {"step": step.label},
                required=False,
                initial=dates.get(step),
                widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            )

    def clean_name(self):
        name = self.cleaned_data["name"]
        others = self.network.programmes.exclude(pk=self.instance.pk)
        if others.filter(name__iexact=name).exists():
            raise forms.ValidationError(_("The network already has a programme of this name."))
        return name

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The programme must end after it starts."))
            return cleaned
        previous = None
        for step in JourneyStep:
            name = _milestone_field(step)
            due_on = cleaned.get(name)
            if not due_on:
                continue
            if starts_on and ends_on and not starts_on <= due_on <= ends_on:
                self.add_error(
                    name,
                    _("This date falls outside the programme (%(start)s to %(end)s).")
                    % {"start": date_format(starts_on), "end": date_format(ends_on)},
                )
            elif previous and due_on < previous[1]:
                self.add_error(
                    name,
                    _("This date comes before the one of %(step)s.") % {"step": previous[0].label},
                )
            previous = (step, due_on)
        return cleaned

    def milestones(self) -> dict[int, object]:
        """The date given for each step, or None."""
        return {int(step): self.cleaned_data.get(_milestone_field(step)) for step in JourneyStep}

    def milestone_fields(self):
        return [self[_milestone_field(step)] for step in JourneyStep]

    def programme_fields(self):
        return [self[name] for name in self.Meta.fields]


def _all(label, choices):
    return [("", label), *choices]


class BoardFilterForm(forms.Form):
    """The progress board's filters, sent by GET so that a filtered board has an address."""

    STATUSES = [("late", _("Late")), ("stalled", _("Stalled"))]

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Every programme"),
    )
    group = forms.ChoiceField(
        label=_("Enterprise group"),
        choices=_all(_("Every group"), EnterpriseGroup.choices),
        required=False,
    )
    country = forms.ChoiceField(
        label=_("Country"), choices=_all(_("Every country"), Country.choices), required=False
    )
    region = forms.ChoiceField(
        label=_("Region"), choices=_all(_("Every region"), Region.choices), required=False
    )
    coach = forms.ModelChoiceField(
        label=_("Coach"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("Every coach"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=_all(_("Every status"), STATUSES), required=False
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = network.programmes.all()
        self.fields["coach"].queryset = User.objects.filter(
            network_memberships__network=network, network_memberships__role=NetworkRole.COACH
        ).order_by("full_name", "email")
