from django.urls import path

from . import programme_views, reminder_views

urlpatterns = [
    path(
        "networks/<int:network_id>/progress/",
        programme_views.network_progress,
        name="network_progress",
    ),
    path(
        "networks/<int:network_id>/progress.xlsx",
        programme_views.network_progress_xlsx,
        name="network_progress_xlsx",
    ),
    path(
        "networks/<int:network_id>/programmes/",
        programme_views.programme_list,
        name="programme_list",
    ),
    path(
        "networks/<int:network_id>/programmes/new/",
        programme_views.programme_create,
        name="programme_create",
    ),
    path(
        "networks/<int:network_id>/programmes/<int:programme_id>/",
        programme_views.programme_detail,
        name="programme_detail",
    ),
    path(
        "networks/<int:network_id>/programmes/<int:programme_id>/edit/",
        programme_views.programme_edit,
        name="programme_edit",
    ),
    path(
        "reminders/unsubscribe/<str:token>/",
        reminder_views.unsubscribe,
        name="reminder_unsubscribe",
    ),
]
