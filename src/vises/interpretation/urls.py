from django.urls import path

from . import views

# Under evaluations/<evaluation_id>/questions/<question_id>/
urlpatterns = [
    path("findings/", views.evaluation_question_findings, name="evaluation_question_findings"),
    path("quotes/", views.evaluation_quote_add, name="evaluation_quote_add"),
    path(
        "quotes/<int:quote_id>/remove/",
        views.evaluation_quote_remove,
        name="evaluation_quote_remove",
    ),
]
