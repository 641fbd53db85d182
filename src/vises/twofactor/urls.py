from django.urls import path

from . import views

urlpatterns = [
    path("", views.two_factor, name="two_factor"),
    path("set-up/", views.two_factor_setup, name="two_factor_setup"),
    path("code/", views.two_factor_verify, name="two_factor_verify"),
    path("turn-off/", views.two_factor_turn_off, name="two_factor_turn_off"),
    path("recovery-codes/", views.two_factor_recovery_codes, name="two_factor_recovery_codes"),
    path(
        "recovery-codes.txt",
        views.two_factor_recovery_codes_download,
        name="two_factor_recovery_codes_download",
    ),
    path("recovery-codes/kept/", views.two_factor_codes_kept, name="two_factor_codes_kept"),
]
