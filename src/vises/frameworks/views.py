from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules
from vises.multilingual import pick

from . import browse, diff, document, store
from .forms import ForkForm, ImportForm, IndicatorForm, TermForm


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = rules.framework_versions_for(request.user).order_by("framework__code", "-version")
    return render(request, "frameworks/framework_list.html", {"versions": versions})


@login_required
def framework_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    may_edit = version.status == version.Status.DRAFT and (
        rules.networks_administered(request.user).filter(pk=version.framework.network_id).exists()
    )
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "version": version,
            "dimensions": browse.schema_with_counts(version.document),
            "may_fork": version.status == version.Status.PUBLISHED
            and rules.networks_administered(request.user).exists(),
            "may_edit": may_edit,
        },
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


@login_required
def framework_changes(request: HttpRequest, version_id: int) -> HttpResponse:
    """What this version changes from the version it came from."""
    version = rules.get_framework_version(request.user, version_id)
    base = version.based_on
    sections = diff.compare(base.document, version.document) if base else []
    return render(
        request,
        "frameworks/framework_changes.html",
        {"version": version, "base": base, "sections": sections},
    )


@login_required
def framework_export(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    response = HttpResponse(store.dump(version), content_type="application/yaml; charset=utf-8")
    filename = f"{version.framework.code}-v{version.version}.yaml"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def framework_fork(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    networks = rules.networks_administered(request.user)
    if not networks.exists():
        raise PermissionDenied
    form = ForkForm(request.POST or None, networks=networks)
    if form.is_valid():
        draft = store.fork(version, form.cleaned_data["network"])
        messages.success(
            request,
            _("Draft version %(number)s is ready: adapt it, then publish it.")
            % {"number": draft.version},
        )
        return redirect("framework_detail", draft.pk)
    return render(request, "frameworks/framework_fork.html", {"version": version, "form": form})


def _edit_page(request, version_id, form_class, section, template, form_options=None):
    """Add one record to a draft through `form_class`; the draft's checks decide."""
    draft = rules.get_framework_version_to_edit(request.user, version_id)
    form = form_class(request.POST or None, **(form_options(draft) if form_options else {}))
    if form.is_valid():
        try:
            store.add_record(draft, section, form.record())
        except document.FrameworkError as error:
            for problem in error.problems:
                form.add_error(None, problem.message)
        else:
            messages.success(request, _("Added to the draft."))
            return redirect("framework_changes", draft.pk)
    return render(request, template, {"version": draft, "form": form})


@login_required
def framework_add_indicator(request: HttpRequest, version_id: int) -> HttpResponse:
    def options(draft):
        theme_choices = [
            (code, pick(theme["name"]).text)
            for code, theme in browse.themes(draft.document).items()
        ]
        return {"themes": theme_choices}

    return _edit_page(
        request,
        version_id,
        IndicatorForm,
        "indicators",
        "frameworks/framework_add_indicator.html",
        form_options=options,
    )


@login_required
def framework_add_term(request: HttpRequest, version_id: int) -> HttpResponse:
    return _edit_page(
        request, version_id, TermForm, "lexicon", "frameworks/framework_add_term.html"
    )


@login_required
def framework_import(request: HttpRequest, version_id: int) -> HttpResponse:
    """Replace a draft's content with an edited YAML file; nothing changes if it is wrong."""
    draft = rules.get_framework_version_to_edit(request.user, version_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    problems = []
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            text = upload.read().decode("utf-8")
            store.replace_content(draft, text, upload.name)
        except UnicodeDecodeError:
            form.add_error("file", _("The file is not UTF-8 text."))
        except document.FrameworkError as error:
            problems = error.problems
        else:
            messages.success(request, _("The draft now holds the imported file."))
            return redirect("framework_changes", draft.pk)
    return render(
        request,
        "frameworks/framework_import.html",
        {"version": draft, "form": form, "problems": problems},
    )


@login_required
@require_POST
def framework_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    draft = rules.get_framework_version_to_edit(request.user, version_id)
    try:
        version = store.publish(draft)
    except document.FrameworkError as error:
        for problem in error.problems:
            messages.error(request, str(problem))
        return redirect("framework_changes", draft.pk)
    messages.success(
        request,
        _("Version %(number)s is published. Evaluations can now use it.")
        % {"number": version.version},
    )
    return redirect("framework_detail", version.pk)
