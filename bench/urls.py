"""Every URL of the product, plus a constant page to compare it with. Used by `make bench` only.

The constant page lives here, never in vises.urls, so that it does not exist in the product.
"""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def constant(request: HttpRequest) -> HttpResponse:
    """The cheapest Django page: a constant body, no template and no query of its own."""
    return HttpResponse(b"constant\n", content_type="text/plain")


urlpatterns = [
    path("bench/constant/", constant, name="bench_constant"),
    path("", include("vises.urls")),
]
