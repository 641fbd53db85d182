"""Every URL of the product, plus two baselines to compare it with. Used by `make bench` only.

The baselines live here, never in vises.urls, so that they do not exist in the product:

* the constant page, the cheapest Django page, to compare pages read by signed-in people;
* the bare POST view, the cheapest Django request that stores something, to compare survey
  submissions with.
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from bench.seed import BARE_POST_TABLE


def constant(request: HttpRequest) -> HttpResponse:
    """The cheapest Django page: a constant body, no template and no query of its own."""
    return HttpResponse(b"constant\n", content_type="text/plain")


@csrf_exempt
@require_POST
def bare_post(request: HttpRequest) -> HttpResponse:
    """The cheapest Django request that stores: one INSERT of what was posted, in its own
    transaction (autocommit), no session, no CSRF check, no template."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {BARE_POST_TABLE} (body) VALUES (%s)", [request.POST.get("body", "")[:64]]
        )
    return HttpResponse(b"stored\n", content_type="text/plain")


urlpatterns = [
    path("bench/constant/", constant, name="bench_constant"),
    path("bench/post/", bare_post, name="bench_post"),
    path("", include("vises.urls")),
]
