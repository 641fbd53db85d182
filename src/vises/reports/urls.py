from django.urls import path

from . import territorial_views, views

R = "<int:report_id>"
S = f"{R}/sections/<int:section_id>"

# Under evaluations/<evaluation_id>/reports/
urlpatterns = [
    path("", views.evaluation_reports, name="evaluation_reports"),
    path("new/", views.evaluation_report_create, name="evaluation_report_create"),
    path(f"{R}/", views.evaluation_report_detail, name="evaluation_report_detail"),
    path(f"{R}/render/", views.evaluation_report_render, name="evaluation_report_render"),
    path(f"{R}/files/", views.evaluation_report_renditions, name="evaluation_report_renditions"),
    path(
        f"{R}/files/<int:rendition_id>/",
        views.evaluation_report_download,
        name="evaluation_report_download",
    ),
    path(
        f"{R}/sections/new/",
        views.evaluation_report_section_add,
        name="evaluation_report_section_add",
    ),
    path(f"{S}/", views.evaluation_report_section, name="evaluation_report_section"),
    path(f"{S}/move/", views.evaluation_report_section_move, name="evaluation_report_section_move"),
    path(
        f"{S}/remove/",
        views.evaluation_report_section_remove,
        name="evaluation_report_section_remove",
    ),
    path(f"{R}/publication/", views.evaluation_report_publish, name="evaluation_report_publish"),
]

# Published reports, for anyone with the address.
public_patterns = [
    path(
        "territorial/<str:token>/",
        territorial_views.territorial_report_public,
        name="territorial_report_public",
    ),
    path("<str:token>/", views.report_public, name="report_public"),
    path(
        "<str:token>/infographic.png",
        views.report_public_infographic,
        name="report_public_infographic",
    ),
]

# Charts a page leaves to be fetched once it is sent (charts.later), for anyone holding
# their token.
chart_patterns = [
    path("<str:token>/", views.chart_drawing, name="chart_drawing"),
]

# Under networks/<network_id>/programmes/<programme_id>/reports/
territorial_patterns = [
    path("", territorial_views.territorial_reports, name="territorial_reports"),
    path("new/", territorial_views.territorial_report_create, name="territorial_report_create"),
    path(f"{R}/", territorial_views.territorial_report_detail, name="territorial_report_detail"),
    path(
        f"{R}/render/",
        territorial_views.territorial_report_render,
        name="territorial_report_render",
    ),
    path(
        f"{R}/files/",
        territorial_views.territorial_report_renditions,
        name="territorial_report_renditions",
    ),
    path(
        f"{R}/files/<int:rendition_id>/",
        territorial_views.territorial_report_download,
        name="territorial_report_download",
    ),
    path(
        f"{R}/publication/",
        territorial_views.territorial_report_publish,
        name="territorial_report_publish",
    ),
    path(f"{R}/edit/", territorial_views.territorial_report_edit, name="territorial_report_edit"),
    path(
        f"{R}/delete/",
        territorial_views.territorial_report_delete,
        name="territorial_report_delete",
    ),
]
