from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from vises.access import rules

from . import browse, diff, document, store
from .forms import ForkForm, ImportForm, RecordForm

ADD_TITLES = {
    "lexicon": _lazy("Add a glossary term"),
    "dimensions": _lazy("Add a dimension"),
    "themes": _lazy("Add a theme"),
    "evaluative_questions": _lazy("Add an evaluative question"),
    "indicators": _lazy("Add an indicator"),
    "bank_items": _lazy("Add a survey question"),
}


def _may_edit(user, version) -> bool:
    return version.status == version.Status.DRAFT and (
        rules.networks_administered(user).filter(pk=version.framework.network_id).exists()
    )


@login_required
def framework_list(request: HttpRequest) -> HttpResponse:
    versions = (
        rules.framework_versions_for(request.user)
        .defer("document")
        .order_by("framework__code", "-version")
    )
    return render(request, "frameworks/framework_list.html", {"versions": versions})


@login_required
def framework_detail(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    return render(
        request,
        "frameworks/framework_detail.html",
        {
            "version": version,
            "dimensions": browse.schema_with_counts(version.document),
            "may_fork": version.status == version.Status.PUBLISHED
            and rules.networks_administered(request.user).exists(),
            "may_edit": _may_edit(request.user, version),
        },
    )


@login_required
def framework_theme(request: HttpRequest, version_id: int, theme_code: str) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    contents = browse.theme_contents(version.document, theme_code)
    if contents is None:
        raise Http404
    return render(
        request,
        "frameworks/framework_theme.html",
        {"version": version, "may_edit": _may_edit(request.user, version), **contents},
    )


@login_required
def framework_glossary(request: HttpRequest, version_id: int) -> HttpResponse:
    version = rules.get_framework_version(request.user, version_id)
    terms = browse.glossary(version.document, get_language())
    return render(
        request,
        "frameworks/framework_glossary.html",
        {"version": version, "terms": terms, "may_edit": _may_edit(request.user, version)},
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


def _draft_section(request, version_id: int, section: str):
    draft = rules.get_framework_version_to_edit(request.user, version_id)
    if section not in store.EDITABLE_SECTIONS:
        raise Http404
    return draft


def _show_problems(form, error: document.FrameworkError) -> None:
    for problem in error.problems:
        form.add_error(None, f"{problem.path}: {problem.message}")


@login_required
def framework_record_add(request: HttpRequest, version_id: int, section: str) -> HttpResponse:
    """Add a term, a dimension, a theme, a question, an indicator or a bank item."""
    draft = _draft_section(request, version_id, section)
    form = RecordForm(request.POST or None, section=section, data=draft.document)
    if form.is_valid():
        try:
            store.add_record(
                draft, section, form.values(), parent=form.cleaned_data.get("dimension")
            )
        except document.FrameworkError as error:
            _show_problems(form, error)
        else:
            messages.success(request, _("Added to the draft."))
            return redirect("framework_changes", draft.pk)
    return render(
        request,
        "frameworks/framework_record_form.html",
        {"version": draft, "form": form, "section": section, "title": ADD_TITLES[section]},
    )


@login_required
def framework_record_edit(
    request: HttpRequest, version_id: int, section: str, code: str
) -> HttpResponse:
    """Change a record's texts and references, or remove it."""
    draft = _draft_section(request, version_id, section)
    record = store.find_record(draft.document, section, code)
    if record is None:
        raise Http404
    form = RecordForm(request.POST or None, section=section, data=draft.document, record=record)
    try:
        if request.method == "POST" and "remove" in request.POST:
            store.remove_record(draft, section, code)
            messages.success(request, _("“%(code)s” was removed from the draft.") % {"code": code})
            return redirect("framework_changes", draft.pk)
        if form.is_valid():
            store.update_record(draft, section, code, form.values())
            messages.success(request, _("Your changes were saved."))
            return redirect("framework_changes", draft.pk)
    except document.FrameworkError as error:
        _show_problems(form, error)
    return render(
        request,
        "frameworks/framework_record_form.html",
        {"version": draft, "form": form, "section": section, "record": record},
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
