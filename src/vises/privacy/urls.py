"""A person's own data, under accounts/data/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.my_data, name="my_data"),
    path("download.json", views.my_data_json, name="my_data_json"),
    path("erase/", views.erase_account, name="erase_account"),
]
