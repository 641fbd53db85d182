from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language

from vises.access import rules

from . import browse


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = rules.framework_versions_for(request.user).order_by("framework__code", "-version")
    return render(request, "frameworks/framework_list.html", {"versions": versions})


@login_required
def framework_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    return render(
        request,
        "frameworks/framework_detail.html",
        {"version": version, "dimensions": browse.schema_with_counts(version.document)},
    )


@login_required
def framework_theme(request: HttpRequest, version_id: int, theme_code: str) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    contents = browse.theme_contents(version.document, theme_code)
    if contents is None:
        raise Http404
    return render(request, "frameworks/framework_theme.html", {"version": version, **contents})


@login_required
def framework_glossary(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    terms = browse.glossary(version.document, get_language())
    return render(
        request, "frameworks/framework_glossary.html", {"version": version, "terms": terms}
    )


@login_required
def framework_search(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    query = request.GET.get("q", "").strip()[:200]
    hits = browse.search(version.document, query, get_language()) if query else []
    return render(
        request,
        "frameworks/framework_search.html",
        {"version": version, "query": query, "hits": hits},
    )
