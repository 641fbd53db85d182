"""The qualitative material's pages: for the enterprise's team only (see access.rules)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import localize
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vises.access import rules

from . import codebook, coding, guides, material, pseudonyms, reading, refi_qda
from .forms import (
    CodeForm,
    DocumentForm,
    ExcerptEditForm,
    ExcerptForm,
    ExchangeImportForm,
    MergeForm,
    PseudonymForm,
)
from .models import QUALITATIVE_METHODS, Code, Document


def _material_url(evaluation) -> str:
    return reverse("qualitative_material", args=[evaluation.pk])


def _document_url(document, anchor: str = "") -> str:
    url = reverse("qualitative_document", args=[document.evaluation_id, document.pk])
    return f"{url}#{anchor}" if anchor else url


@login_required
def qualitative_material(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The plan's lines that gather words, and every document of the material."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    documents = evaluation.documents.select_related("plan_row").order_by("title", "id")
    row = request.GET.get("row", "")
    if row.isdigit():
        documents = documents.filter(plan_row=row)
    types = reading.stakeholder_types(evaluation)
    planned = material.planned(evaluation)
    titles = guides.titles(evaluation)
    for item in planned:
        item.guides = [(code, titles[code]) for code in item.row.methods if code in titles]
    documents = list(documents)
    for document in documents:
        document.type_name = types.get(document.stakeholder_type, document.stakeholder_type)
    return render(
        request,
        "qualitative/material.html",
        {
            "evaluation": evaluation,
            "planned": planned,
            "documents": documents,
            "row": int(row) if row.isdigit() else None,
            "surveys": evaluation.surveys.all(),
            "codes": evaluation.codes.exists(),
        },
    )


@login_required
def qualitative_method_guide(request: HttpRequest, evaluation_id: int, method: str):
    """The framework's guide for a qualitative method, on a plain page that prints, in the
    language asked for (by default the reader's)."""
    from vises.surveys.builder import language_names

    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    names = language_names()
    language = request.GET.get("language", "")
    if language not in names:
        language = request.LANGUAGE_CODE[:2] if request.LANGUAGE_CODE[:2] in names else "en"
    guide = guides.guide(evaluation, method, language)
    if guide is None:
        raise Http404
    with translation.override(language):
        return render(
            request,
            "qualitative/method_guide.html",
            {
                "evaluation": evaluation,
                "guide": guide,
                "language": language,
                "languages": list(names.items()),
            },
        )


@login_required
def qualitative_document_add(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Add a transcript or notes, from a file or pasted, with its recording if kept."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    initial = {}
    row = request.GET.get("row", "")
    planned = {item.row.pk: item for item in material.planned(evaluation)}
    if row.isdigit() and int(row) in planned:
        initial["plan_row"] = int(row)
        initial["method"] = next(
            code for code in planned[int(row)].row.methods if code in QUALITATIVE_METHODS
        )
    form = DocumentForm(
        request.POST or None, request.FILES or None, evaluation=evaluation, initial=initial
    )
    if form.is_valid():
        document = form.save(commit=False)
        document.text = form.cleaned_data["text"]
        material.add(
            document,
            request.user,
            source=form.cleaned_data.get("transcript"),
            recording=form.cleaned_data.get("recording"),
        )
        messages.success(
            request,
            _("“%(title)s” was added: select a passage to code it.") % {"title": document.title},
        )
        return redirect(_document_url(document))
    return render(
        request, "qualitative/document_form.html", {"evaluation": evaluation, "form": form}
    )


@login_required
def qualitative_document(request: HttpRequest, evaluation_id: int, document_id: int):
    """A document's text with its line numbers, the codes of its passages in the margin,
    and the form that codes a passage."""
    document = rules.get_document(request.user, evaluation_id, document_id)
    return _document_page(request, document, ExcerptForm(evaluation=document.evaluation))


def _document_page(request, document: Document, form) -> HttpResponse:
    evaluation = document.evaluation
    passages = reading.passages(evaluation, document=document)
    starting: dict[int, list] = {}
    covered: set[int] = set()
    for passage in passages:
        starting.setdefault(passage.first_line, []).append(passage)
        covered.update(range(passage.first_line, passage.last_line + 1))
    lines = [
        {
            "number": number,
            "offset": offset,
            "text": text,
            "coded": number in covered,
            "passages": starting.get(number, []),
        }
        for number, offset, text in material.lines(document.text)
    ]
    return render(
        request,
        "qualitative/document.html",
        {
            "evaluation": evaluation,
            "document": document,
            "lines": lines,
            "passages": passages,
            "form": form,
            "type_name": reading.stakeholder_types(evaluation).get(document.stakeholder_type, ""),
        },
    )


@login_required
def qualitative_document_edit(request: HttpRequest, evaluation_id: int, document_id: int):
    document = rules.get_document(request.user, evaluation_id, document_id)
    evaluation = document.evaluation
    before = material.snapshot(document)
    form = DocumentForm(
        request.POST or None, request.FILES or None, evaluation=evaluation, instance=document
    )
    if form.is_valid():
        material.change(
            form.save(commit=False),
            before,
            request.user,
            recording=form.cleaned_data.get("recording"),
            drop_recording=form.cleaned_data.get("drop_recording", False),
        )
        messages.success(request, _("Your changes were saved."))
        return redirect(_document_url(document))
    return render(
        request,
        "qualitative/document_form.html",
        {"evaluation": evaluation, "form": form, "document": document},
    )


@login_required
@require_POST
def qualitative_document_remove(request: HttpRequest, evaluation_id: int, document_id: int):
    document = rules.get_document(request.user, evaluation_id, document_id)
    material.remove(document, request.user)
    messages.success(
        request,
        _("“%(title)s” and its coded passages were removed; the history keeps a trace.")
        % {"title": document.title},
    )
    return redirect(_material_url(document.evaluation))


def _file_response(file, name: str) -> FileResponse:
    if not file:
        raise Http404
    try:
        opened = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(opened, as_attachment=True, filename=name or None)
    # Words of people who trusted the team: kept by no cache on the way.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def qualitative_document_source(request: HttpRequest, evaluation_id: int, document_id: int):
    """The file the document's text was read from, under its original name."""
    document = rules.get_document(request.user, evaluation_id, document_id)
    return _file_response(document.source, document.source_name)


@login_required
def qualitative_document_recording(request: HttpRequest, evaluation_id: int, document_id: int):
    """The document's recording, under its original name."""
    document = rules.get_document(request.user, evaluation_id, document_id)
    return _file_response(document.recording, document.recording_name)


@login_required
@require_POST
def qualitative_excerpt_add(request: HttpRequest, evaluation_id: int, document_id: int):
    """Code a passage: the characters selected, or else the lines given."""
    document = rules.get_document(request.user, evaluation_id, document_id)
    evaluation = document.evaluation
    form = ExcerptForm(request.POST, evaluation=evaluation)
    if not form.is_valid():
        return _document_page(request, document, form)
    data = form.cleaned_data
    try:
        if data["start"] is not None and data["end"] is not None:
            start, end = data["start"], data["end"]
        else:
            start, end = coding.from_lines(document, data["first_line"], data["last_line"])
        codes = list(data["codes"])
        new_name = data["new_code"].strip()
        with_new = None
        if new_name:
            with_new = evaluation.codes.filter(parent=None, name__iexact=new_name).first()
            if with_new is None:
                with_new = Code(evaluation=evaluation, name=new_name)
        excerpt = _code_with_new(document, request.user, start, end, codes, with_new, data["memo"])
    except (coding.Refused, codebook.Refused) as refusal:
        form.add_error(None, str(refusal))
        return _document_page(request, document, form)
    first, last = coding.line_range(excerpt)
    messages.success(
        request,
        _("The passage (%(lines)s) was coded: %(codes)s.")
        % {
            "lines": coding.lines_label(first, last),
            "codes": ", ".join(sorted(c.name for c in excerpt.codes.all())),
        },
    )
    return redirect(_document_url(document, f"line-{first}"))


def _code_with_new(document, user, start, end, codes, new_code, memo):
    """Code the passage, first adding the new code to the codebook; all or nothing."""
    with transaction.atomic():
        if new_code is not None and new_code.pk is None:
            codebook.save(new_code, user)
        if new_code is not None:
            codes.append(new_code)
        return coding.code(document, user, start=start, end=end, codes=codes, memo=memo)


@login_required
def qualitative_excerpt_edit(request: HttpRequest, evaluation_id: int, excerpt_id: int):
    """Change a passage's codes or memo."""
    excerpt = rules.get_excerpt(request.user, evaluation_id, excerpt_id)
    evaluation = excerpt.document.evaluation
    form = ExcerptEditForm(
        request.POST or None,
        evaluation=evaluation,
        initial={"codes": list(excerpt.codes.all()), "memo": excerpt.memo},
    )
    if form.is_valid():
        try:
            coding.change(
                excerpt,
                request.user,
                codes=form.cleaned_data["codes"],
                memo=form.cleaned_data["memo"],
            )
        except coding.Refused as refusal:
            form.add_error("codes", str(refusal))
        else:
            messages.success(request, _("Your changes were saved."))
            first, _last = coding.line_range(excerpt)
            return redirect(_document_url(excerpt.document, f"line-{first}"))
    first, last = coding.line_range(excerpt)
    return render(
        request,
        "qualitative/excerpt_form.html",
        {
            "evaluation": evaluation,
            "excerpt": excerpt,
            "lines": coding.lines_label(first, last),
            "form": form,
        },
    )


@login_required
@require_POST
def qualitative_excerpt_remove(request: HttpRequest, evaluation_id: int, excerpt_id: int):
    excerpt = rules.get_excerpt(request.user, evaluation_id, excerpt_id)
    first, last = coding.line_range(excerpt)
    coding.remove(excerpt, request.user)
    messages.success(
        request,
        _("The passage (%(lines)s) is no longer coded.")
        % {"lines": coding.lines_label(first, last)},
    )
    return redirect(_document_url(excerpt.document, f"line-{first}"))


@login_required
def qualitative_codebook(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The codebook as a tree, with a form to add a code."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    form = CodeForm(request.POST or None, evaluation=evaluation)
    if form.is_valid():
        try:
            code = codebook.save(form.save(commit=False), request.user)
        except codebook.Refused as refusal:
            form.add_error("name", str(refusal))
        else:
            messages.success(request, _("The code “%(name)s” was added.") % {"name": code.name})
            return redirect("qualitative_codebook", evaluation.pk)
    return render(
        request,
        "qualitative/codebook.html",
        {"evaluation": evaluation, "entries": codebook.tree(evaluation), "form": form},
    )


@login_required
@require_POST
def qualitative_codebook_seed(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Begin the codebook from the framework's themes and the evaluative questions."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    added = codebook.seed(evaluation, request.user)
    if added:
        messages.success(request, _("%(count)s codes were added.") % {"count": added})
    else:
        messages.info(request, _("The codebook already holds the themes and the questions."))
    return redirect("qualitative_codebook", evaluation.pk)


def _located(passages: list, document_url: str) -> None:
    """Give each passage its link to its first line in the document (a document's address
    is the material's followed by its number, see urls.py) and its lines in words: made
    here rather than by the template, since a code can hold hundreds of passages."""
    one, several = _("line %(first)s"), _("lines %(first)s–%(last)s")
    for passage in passages:
        first, last = passage.first_line, passage.last_line
        passage.href = f"{document_url}{passage.document.pk}/#line-{first}"
        passage.lines = (
            one % {"first": localize(first)}
            if first == last
            else several % {"first": localize(first), "last": localize(last)}
        )


@login_required
def qualitative_code(request: HttpRequest, evaluation_id: int, code_id: int) -> HttpResponse:
    """Every passage of a code, filtered by method, stakeholder type or document."""
    code = rules.get_code(request.user, evaluation_id, code_id)
    evaluation = code.evaluation
    methods = dict(reading.method_choices())
    types = reading.stakeholder_types(evaluation)
    method = request.GET.get("method", "")
    kind = request.GET.get("type", "")
    document_id = request.GET.get("document", "")
    document = (
        evaluation.documents.filter(pk=document_id).first() if document_id.isdigit() else None
    )
    waves = reading.coded_waves(evaluation, code)
    wave_id = request.GET.get("wave", "")
    wave = next((w for w in waves if str(w.pk) == wave_id), None)
    passages = reading.passages(
        evaluation,
        code,
        method=method if method in methods else "",
        stakeholder_type=kind if kind in types else "",
        wave=wave,
        document=document,
        with_codes=False,
    )
    document_url = _material_url(evaluation)
    _located(passages, document_url)
    return render(
        request,
        "qualitative/code.html",
        {
            "evaluation": evaluation,
            "code": code,
            "passages": passages,
            "methods": methods,
            "types": types,
            # Their titles only: a transcript's text is long, and DISTINCT would compare it.
            "documents": evaluation.documents.filter(excerpts__codes=code)
            .distinct()
            .only("pk", "title", "happened_on"),
            "waves": waves,
            "chosen": {"method": method, "type": kind, "wave": wave, "document": document},
            "merge_form": MergeForm(code=code),
        },
    )


@login_required
def qualitative_code_edit(request: HttpRequest, evaluation_id: int, code_id: int):
    """Rename, describe or move a code."""
    code = rules.get_code(request.user, evaluation_id, code_id)
    evaluation = code.evaluation
    before = codebook.snapshot(code)
    form = CodeForm(request.POST or None, evaluation=evaluation, instance=code)
    if form.is_valid():
        try:
            codebook.save(form.save(commit=False), request.user, before)
        except codebook.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Your changes were saved."))
            return redirect("qualitative_codebook", evaluation.pk)
    return render(
        request,
        "qualitative/code_form.html",
        {"evaluation": evaluation, "code": code, "form": form},
    )


@login_required
@require_POST
def qualitative_code_merge(request: HttpRequest, evaluation_id: int, code_id: int):
    code = rules.get_code(request.user, evaluation_id, code_id)
    form = MergeForm(request.POST, code=code)
    if not form.is_valid():
        messages.error(request, _("Choose the code to merge into."))
        return redirect("qualitative_code", code.evaluation_id, code.pk)
    into = form.cleaned_data["into"]
    try:
        moved = codebook.merge(code, into, request.user)
    except codebook.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("qualitative_code", code.evaluation_id, code.pk)
    messages.success(
        request,
        _("“%(name)s” was merged into “%(into)s” with its %(count)s passages.")
        % {"name": code.name, "into": into.name, "count": moved},
    )
    return redirect("qualitative_code", into.evaluation_id, into.pk)


@login_required
@require_POST
def qualitative_code_remove(request: HttpRequest, evaluation_id: int, code_id: int):
    code = rules.get_code(request.user, evaluation_id, code_id)
    try:
        codebook.remove(code, request.user)
    except codebook.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("qualitative_code", code.evaluation_id, code.pk)
    messages.success(request, _("The code “%(name)s” was removed.") % {"name": code.name})
    return redirect("qualitative_codebook", code.evaluation_id)


@login_required
def qualitative_overview(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Counts of passages and documents per code and stakeholder type, and the codes
    found together."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    return render(
        request,
        "qualitative/overview.html",
        {"evaluation": evaluation, **reading.overview(evaluation)},
    )


@login_required
def qualitative_search(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The lines of the material holding the words searched."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    words = request.GET.get("q", "")[:200]
    return render(
        request,
        "qualitative/search.html",
        {"evaluation": evaluation, "words": words, "found": reading.search(evaluation, words)},
    )


@login_required
def qualitative_pseudonyms(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The pseudonymisation list, a form to add to it, and the quotes that still name
    someone on it."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    form = PseudonymForm(request.POST or None)
    if form.is_valid():
        try:
            pseudonyms.add(evaluation, request.user, **form.cleaned_data)
        except pseudonyms.Refused as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(
                request,
                _("“%(pseudonym)s” now replaces the real name in quotes, reports and exports.")
                % {"pseudonym": form.cleaned_data["pseudonym"].strip()},
            )
            return redirect("qualitative_pseudonyms", evaluation.pk)
    return render(
        request,
        "qualitative/pseudonyms.html",
        {
            "evaluation": evaluation,
            "pairs": evaluation.pseudonyms.all(),
            "naming": pseudonyms.quotes_naming(evaluation),
            "form": form,
        },
    )


@login_required
@require_POST
def qualitative_pseudonym_remove(request: HttpRequest, evaluation_id: int, pseudonym_id: int):
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    pair = get_object_or_404(evaluation.pseudonyms, pk=pseudonym_id)
    pseudonyms.remove(pair, request.user)
    messages.success(
        request, _("“%(pseudonym)s” was taken off the list.") % {"pseudonym": pair.pseudonym}
    )
    return redirect("qualitative_pseudonyms", evaluation.pk)


@login_required
def qualitative_exchange(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """Export the coded material in the REFI-QDA standard, or import a codebook or a
    project made with another program."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    form = ExchangeImportForm(request.POST or None, request.FILES or None)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.name.lower().endswith(".qdc"):
                counts = refi_qda.read_codebook(
                    evaluation, request.user, upload.read(), upload.name
                )
            else:
                counts = refi_qda.read_project(
                    evaluation,
                    request.user,
                    upload.read(),
                    upload.name,
                    method=form.cleaned_data["method"],
                )
        except refi_qda.Refused as refusal:
            form.add_error("file", str(refusal))
        else:
            messages.success(
                request,
                _(
                    "Read: %(codes)s new codes, %(documents)s documents, %(passages)s coded "
                    "passages."
                )
                % {
                    "codes": counts.codes,
                    "documents": counts.documents,
                    "passages": counts.passages,
                },
            )
            return redirect("qualitative_material", evaluation.pk)
    return render(
        request,
        "qualitative/exchange.html",
        {"evaluation": evaluation, "form": form, "has_codes": evaluation.codes.exists()},
    )


def _download(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def qualitative_export_project(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The coded material as a REFI-QDA project (.qdpx)."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    data = refi_qda.project_file(evaluation)
    return _download(data, f"evaluation-{evaluation.pk}.qdpx", "application/zip")


@login_required
def qualitative_export_codebook(request: HttpRequest, evaluation_id: int) -> HttpResponse:
    """The codebook as a REFI-QDA codebook (.qdc)."""
    evaluation = rules.get_evaluation_material(request.user, evaluation_id)
    try:
        data = refi_qda.codebook_file(evaluation)
    except refi_qda.Refused as refusal:
        messages.error(request, str(refusal))
        return redirect("qualitative_exchange", evaluation.pk)
    return _download(data, f"evaluation-{evaluation.pk}-codebook.qdc", "application/xml")


@login_required
@require_POST
def qualitative_open_answers_add(request: HttpRequest, evaluation_id: int, survey_id: int):
    """Bring the open answers of a survey into the material, each a small document."""
    survey = rules.get_survey(request.user, evaluation_id, survey_id)
    rules.get_evaluation_material(request.user, evaluation_id)
    added = material.bring_open_answers(survey, request.user)
    messages.success(
        request,
        _("%(count)s open answers were brought in to be coded.") % {"count": added},
    )
    return redirect(reverse("qualitative_material", args=[evaluation_id]) + "#documents")
