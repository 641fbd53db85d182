from django.urls import path

from . import results_views

urlpatterns = [
    path("<int:network_id>/results/", results_views.network_results, name="network_results"),
    path(
        "<int:network_id>/results.csv",
        results_views.network_results_csv,
        name="network_results_csv",
    ),
    path(
        "<int:network_id>/results.xlsx",
        results_views.network_results_xlsx,
        name="network_results_xlsx",
    ),
]
