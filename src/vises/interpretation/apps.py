from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InterpretationConfig(AppConfig):
    name = "vises.interpretation"
    verbose_name = _("Interpretation")
