from django.urls import path

from . import views

urlpatterns = [
    path("audit-log/", views.audit_log, name="audit_log"),
    path(
        "networks/<int:network_id>/audit-log/",
        views.network_audit_log,
        name="network_audit_log",
    ),
]
