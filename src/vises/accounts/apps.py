from django.apps import AppConfig
from django.db.models.signals import pre_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "vises.accounts"
    verbose_name = _("Organisations and people")

    def ready(self):
        # Every model of the project, not only this app's: the first app loaded holds it.
        from vises.safe_input import clean_before_saving

        pre_save.connect(clean_before_saving, dispatch_uid="vises.clean_before_saving")
