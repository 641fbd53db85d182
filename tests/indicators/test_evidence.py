from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vises.accounts.models import User
from vises.evaluations.models import Change
from vises.indicators import values
from vises.indicators.models import IndicatorValue

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def pdf(name="registre du personnel.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def stored_files(media_root):
    return sorted(p for p in media_root.rglob("*") if p.is_file()) if media_root.exists() else []


def add(client, evaluation, indicator, **data):
    return client.post(
        reverse("evaluation_indicator_value_add", args=[evaluation.pk, indicator.pk]),
        {"period": "2026", "number": "31", **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def evidence_url(evaluation, value):
    return reverse("evaluation_indicator_evidence", args=[evaluation.pk, value.pk])


def test_evidence_is_stored_per_evaluation_under_a_random_name(
    client, world, evaluation, counted, media_root
):
    client.force_login(world.user("enterprise_member"))
    add(client, evaluation, counted, evidence=pdf())
    value = IndicatorValue.objects.get()
    [stored] = stored_files(media_root)
    assert stored.parent == media_root / "evidence" / f"evaluation-{evaluation.pk}"
    assert stored.suffix == ".pdf" and "registre" not in stored.name
    assert stored.read_bytes() == PDF
    assert value.evidence_name == "registre du personnel.pdf"
    assert Change.objects.get().after["evidence"] == "registre du personnel.pdf"


def test_readers_download_evidence_under_its_name_and_others_do_not(
    client, world, evaluation, counted
):
    client.force_login(world.user("enterprise_member"))
    add(client, evaluation, counted, evidence=pdf())
    value = IndicatorValue.objects.get()
    page = client.get(reverse("evaluation_indicators", args=[evaluation.pk])).text
    assert evidence_url(evaluation, value) in page and "/media/" not in page

    for role in ["coach", "enterprise_admin"]:
        client.force_login(world.user(role))
        response = client.get(evidence_url(evaluation, value))
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert 'filename="registre du personnel.pdf"' in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF

    for role in ["outsider", "network_admin", "researcher"]:
        client.force_login(world.user(role))
        assert client.get(evidence_url(evaluation, value)).status_code == 404
    # Another enterprise's admin, even through an evaluation of their own.
    from tests.conftest import make_evaluation

    theirs = make_evaluation(world.other_enterprise)
    client.force_login(world.other_enterprise.memberships.get(role="enterprise_admin").user)
    assert client.get(evidence_url(evaluation, value)).status_code == 404
    assert client.get(evidence_url(theirs, value)).status_code == 404
    client.logout()
    assert client.get(evidence_url(evaluation, value)).status_code == 302


def test_wrong_type_or_oversized_evidence_is_refused_and_nothing_is_stored(
    client, world, evaluation, counted, media_root
):
    client.force_login(world.user("enterprise_member"))
    response = add(
        client, evaluation, counted, evidence=SimpleUploadedFile("tool.exe", b"MZ\x90\x00")
    )
    assert response.context["form"].errors["evidence"] == [
        "The evidence file “tool.exe” is not of an accepted type: give a PDF, an image, an "
        "office document or a CSV file."
    ]
    big = pdf("scan.pdf", PDF + b"0" * (10 * 1024 * 1024))
    response = add(client, evaluation, counted, evidence=big)
    assert response.context["form"].errors["evidence"] == [
        "The evidence file “scan.pdf” is 10.0\xa0MB: it may be at most 10.0\xa0MB."
    ]
    assert not IndicatorValue.objects.exists() and not Change.objects.exists()
    assert stored_files(media_root) == []

    # Spreadsheets, images and CSV are welcome.
    for name in ["effectifs.xlsx", "photo.JPG", "export.csv", "compte-rendu.odt"]:
        response = add(client, evaluation, counted, evidence=SimpleUploadedFile(name, b"x"))
        assert response.status_code == 302, name


def test_a_value_that_cannot_be_stored_leaves_no_file(evaluation, counted, media_root):
    # The file is written first; storing the value then fails (here: its author is not
    # a stored user). The file must not stay behind.
    with pytest.raises(ValueError):
        values.save_value(
            counted,
            User(email="ghost@example.org"),
            kind=values.NUMBER,
            period="2026",
            number=Decimal("31"),
            evidence=pdf(),
        )
    assert stored_files(media_root) == []
    assert not IndicatorValue.objects.exists() and not Change.objects.exists()


def test_replaced_and_removed_evidence_leaves_the_storage(
    client, world, evaluation, counted, media_root, django_capture_on_commit_callbacks
):
    client.force_login(world.user("enterprise_member"))
    with django_capture_on_commit_callbacks(execute=True):
        add(client, evaluation, counted, evidence=pdf("first.pdf"))
    [first] = stored_files(media_root)
    # A new value for the same period without a file keeps the evidence...
    with django_capture_on_commit_callbacks(execute=True):
        add(client, evaluation, counted, number="32")
    assert stored_files(media_root) == [first]
    assert IndicatorValue.objects.get().evidence_name == "first.pdf"
    # ...a new file replaces it.
    with django_capture_on_commit_callbacks(execute=True):
        add(client, evaluation, counted, number="33", evidence=pdf("second.pdf"))
    [second] = stored_files(media_root)
    assert second != first and IndicatorValue.objects.get().evidence_name == "second.pdf"

    value = IndicatorValue.objects.get()
    edit = reverse("evaluation_indicator_value_edit", args=[evaluation.pk, counted.pk, value.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit, {"period": "2026", "number": "33", "drop_evidence": "on"})
    value.refresh_from_db()
    assert not value.evidence and value.evidence_name == ""
    assert stored_files(media_root) == []

    with django_capture_on_commit_callbacks(execute=True):
        add(client, evaluation, counted, evidence=pdf("third.pdf"))
    assert len(stored_files(media_root)) == 1
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("evaluation_indicator_value_remove", args=[evaluation.pk, counted.pk, value.pk])
        )
    assert stored_files(media_root) == []
    # The history still says which file backed each value.
    evidence = [c.before and c.before.get("evidence") for c in Change.objects.order_by("id")]
    assert "first.pdf" in evidence and "third.pdf" in evidence
