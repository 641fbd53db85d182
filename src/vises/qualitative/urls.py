"""The qualitative material, within an evaluation: included under
evaluations/<evaluation_id>/material/."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.qualitative_material, name="qualitative_material"),
    path("new/", views.qualitative_document_add, name="qualitative_document_add"),
    path("guides/<str:method>/", views.qualitative_method_guide, name="qualitative_method_guide"),
    path(
        "surveys/<int:survey_id>/open-answers/",
        views.qualitative_open_answers_add,
        name="qualitative_open_answers_add",
    ),
    path("<int:document_id>/", views.qualitative_document, name="qualitative_document"),
    path(
        "<int:document_id>/edit/",
        views.qualitative_document_edit,
        name="qualitative_document_edit",
    ),
    path(
        "<int:document_id>/remove/",
        views.qualitative_document_remove,
        name="qualitative_document_remove",
    ),
    path(
        "<int:document_id>/file/",
        views.qualitative_document_source,
        name="qualitative_document_source",
    ),
    path(
        "<int:document_id>/recording/",
        views.qualitative_document_recording,
        name="qualitative_document_recording",
    ),
    path(
        "<int:document_id>/passages/new/",
        views.qualitative_excerpt_add,
        name="qualitative_excerpt_add",
    ),
    path(
        "passages/<int:excerpt_id>/",
        views.qualitative_excerpt_edit,
        name="qualitative_excerpt_edit",
    ),
    path(
        "passages/<int:excerpt_id>/remove/",
        views.qualitative_excerpt_remove,
        name="qualitative_excerpt_remove",
    ),
    path("codes/", views.qualitative_codebook, name="qualitative_codebook"),
    path("codes/seed/", views.qualitative_codebook_seed, name="qualitative_codebook_seed"),
    path("codes/<int:code_id>/", views.qualitative_code, name="qualitative_code"),
    path("codes/<int:code_id>/edit/", views.qualitative_code_edit, name="qualitative_code_edit"),
    path("codes/<int:code_id>/merge/", views.qualitative_code_merge, name="qualitative_code_merge"),
    path(
        "codes/<int:code_id>/remove/",
        views.qualitative_code_remove,
        name="qualitative_code_remove",
    ),
    path("counts/", views.qualitative_overview, name="qualitative_overview"),
    path("search/", views.qualitative_search, name="qualitative_search"),
    path("exchange/", views.qualitative_exchange, name="qualitative_exchange"),
    path(
        "exchange/project.qdpx",
        views.qualitative_export_project,
        name="qualitative_export_project",
    ),
    path(
        "exchange/codebook.qdc",
        views.qualitative_export_codebook,
        name="qualitative_export_codebook",
    ),
    path("pseudonyms/", views.qualitative_pseudonyms, name="qualitative_pseudonyms"),
    path(
        "pseudonyms/<int:pseudonym_id>/remove/",
        views.qualitative_pseudonym_remove,
        name="qualitative_pseudonym_remove",
    ),
]
