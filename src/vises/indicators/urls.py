"""Indicator values, within an evaluation: included under evaluations/."""

from django.urls import path

from . import views

urlpatterns = [
    path(
        "<int:evaluation_id>/indicators/",
        views.evaluation_indicators,
        name="evaluation_indicators",
    ),
    path(
        "<int:evaluation_id>/indicators/import/",
        views.evaluation_indicator_import,
        name="evaluation_indicator_import",
    ),
    path(
        "<int:evaluation_id>/indicators/import/<int:import_id>/",
        views.evaluation_indicator_import_preview,
        name="evaluation_indicator_import_preview",
    ),
    path(
        "<int:evaluation_id>/indicators/import/<int:import_id>/undo/",
        views.evaluation_indicator_import_undo,
        name="evaluation_indicator_import_undo",
    ),
    path(
        "<int:evaluation_id>/indicators/<int:indicator_id>/values/new/",
        views.evaluation_indicator_value_add,
        name="evaluation_indicator_value_add",
    ),
    path(
        "<int:evaluation_id>/indicators/<int:indicator_id>/values/<int:value_id>/",
        views.evaluation_indicator_value_edit,
        name="evaluation_indicator_value_edit",
    ),
    path(
        "<int:evaluation_id>/indicators/<int:indicator_id>/values/<int:value_id>/remove/",
        views.evaluation_indicator_value_remove,
        name="evaluation_indicator_value_remove",
    ),
    path(
        "<int:evaluation_id>/indicators/<int:indicator_id>/inputs/",
        views.evaluation_indicator_inputs_add,
        name="evaluation_indicator_inputs_add",
    ),
    path(
        "<int:evaluation_id>/indicators/values/<int:value_id>/evidence/",
        views.evaluation_indicator_evidence,
        name="evaluation_indicator_evidence",
    ),
]
