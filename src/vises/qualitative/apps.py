from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualitativeConfig(AppConfig):
    name = "vises.qualitative"
    verbose_name = _("Qualitative material")
