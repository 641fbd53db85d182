from django.urls import path

from . import round_views, views

# Under evaluations/<evaluation_id>/questions/<question_id>/
urlpatterns = [
    path("findings/", views.evaluation_question_findings, name="evaluation_question_findings"),
    path("quotes/", views.evaluation_quote_add, name="evaluation_quote_add"),
    path("quotes/passage/", views.evaluation_quote_passage, name="evaluation_quote_passage"),
    path(
        "quotes/<int:quote_id>/remove/",
        views.evaluation_quote_remove,
        name="evaluation_quote_remove",
    ),
    path(
        "interpretation/",
        round_views.evaluation_interpretation,
        name="evaluation_interpretation",
    ),
    path("rounds/new/", round_views.evaluation_round_add, name="evaluation_round_add"),
    path(
        "rounds/<int:round_id>/",
        round_views.evaluation_round_detail,
        name="evaluation_round_detail",
    ),
    path(
        "rounds/<int:round_id>/open/",
        round_views.evaluation_round_open,
        name="evaluation_round_open",
    ),
]

# Under evaluations/<evaluation_id>/surveys/<survey_id>/
survey_patterns = [
    path("results/", views.survey_results, name="survey_results"),
    path("results/quotes/", views.survey_quotes_add, name="survey_quotes_add"),
]

# The link participants answer through: no account.
guest_patterns = [path("<str:token>/", round_views.round_answer, name="round_answer")]
