"""Adding interview material to an evaluation: a file read back, pasted text, a kept
recording, bad files refused in the reader's language, and the coach kept out."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.qualitative.conftest import INTERVIEW, docx_bytes, scanned_pdf_bytes
from vises.qualitative.models import Document


def _add(client, evaluation, **fields):
    row = evaluation.plan_rows.get()
    data = {
        "method": "interview",
        "plan_row": row.pk,
        "title": "Entretien avec Awa",
        "happened_on": "2026-03-12",
        "stakeholder_type": "trainee",
        "pseudonym": "Awa",
        "interviewer": "Nadia",
        "consent": "Formulaire signé",
        "consent_on": "2026-03-12",
        **fields,
    }
    return client.post(reverse("qualitative_document_add", args=[evaluation.pk]), data)


def test_an_uploaded_docx_is_shown_with_line_numbers_and_its_file_kept(team, evaluation):
    upload = SimpleUploadedFile("Awa Diallo entretien.docx", docx_bytes(INTERVIEW))
    response = _add(team, evaluation, transcript=upload)
    document = Document.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "qualitative_document", args=[evaluation.pk, document.pk]
    )
    assert document.text.split("\n") == ["Entretien", *INTERVIEW]
    # The stored name reveals nothing of the person; the original name is kept to show.
    assert "Diallo" not in document.source.name
    assert document.source_name == "Awa Diallo entretien.docx"

    page = team.get(response["Location"])
    assert '<li id="line-5" data-offset=' in page.text
    assert "j&#x27;ai trouvé un emploi" in page.text


def test_the_kept_file_is_the_one_given(team, evaluation):
    data = docx_bytes(INTERVIEW)
    _add(team, evaluation, transcript=SimpleUploadedFile("awa.docx", data))
    document = Document.objects.get()
    download = team.get(reverse("qualitative_document_source", args=[evaluation.pk, document.pk]))
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == data
    assert 'filename="awa.docx"' in download["Content-Disposition"]


def test_pasted_text_and_a_recording_kept_for_the_team_only(team, client, world, evaluation):
    recording = SimpleUploadedFile("awa.mp3", b"ID3\x04" + b"\x00" * 64, "audio/mpeg")
    _add(team, evaluation, pasted="Première ligne\r\nSeconde ligne", recording=recording)
    document = Document.objects.get()
    assert document.text == "Première ligne\nSeconde ligne"
    assert not document.source
    url = reverse("qualitative_document_recording", args=[evaluation.pk, document.pk])
    served = team.get(url)
    assert served["Cache-Control"] == "private, no-store"
    assert b"".join(served.streaming_content).startswith(b"ID3")

    client.force_login(world.user("coach"))
    assert client.get(url).status_code == 403
    assert client.get(reverse("qualitative_material", args=[evaluation.pk])).status_code == 403


def test_a_scanned_pdf_is_refused_in_french_and_nothing_is_stored(team, world, evaluation):
    member = world.user("enterprise_member")
    member.preferred_language = "fr"
    member.save()
    response = _add(
        team, evaluation, transcript=SimpleUploadedFile("scan.pdf", scanned_pdf_bytes())
    )
    assert response.status_code == 200
    assert "« scan.pdf » ne contient que des images de pages" in response.text
    assert not Document.objects.exists()


def test_a_file_and_pasted_text_together_or_neither_are_refused(team, evaluation):
    both = _add(
        team,
        evaluation,
        transcript=SimpleUploadedFile("awa.txt", b"Bonjour"),
        pasted="Bonjour",
    )
    assert "Give a file or paste the text, not both." in both.text
    neither = _add(team, evaluation)
    assert "Give the transcript&#x27;s file, or paste its text." in neither.text
    assert not Document.objects.exists()


def test_a_recording_of_another_kind_is_refused(team, evaluation):
    response = _add(
        team, evaluation, pasted="Bonjour", recording=SimpleUploadedFile("awa.exe", b"MZ")
    )
    assert "is not an audio or video file" in response.text
    assert not Document.objects.exists()


def test_the_plan_row_gathering_interviews_is_a_sub_step_of_step_2(team, client, world, evaluation):
    journey = team.get(reverse("evaluation_detail", args=[evaluation.pk]))
    material = reverse("qualitative_material", args=[evaluation.pk])
    row = evaluation.plan_rows.get()
    assert f'href="{material}?row={row.pk}">Interviews for “Comment l' in journey.text
    assert "missing a transcript or notes" in journey.text

    # Its coach sees the sub-step, not a link to a page closed to them.
    coach = world.user("coach")
    coach.preferred_language = "en"
    coach.save()
    client.force_login(coach)
    followed = client.get(reverse("evaluation_detail", args=[evaluation.pk]))
    assert "Interviews for “Comment l" in followed.text
    assert material not in followed.text


def test_describing_a_document_keeps_its_text_and_the_history_hides_it_from_the_coach(
    team, client, world, evaluation
):
    _add(team, evaluation, pasted="Bonjour")
    document = Document.objects.get()
    response = team.post(
        reverse("qualitative_document_edit", args=[evaluation.pk, document.pk]),
        {"method": "life_story", "title": "Récit de vie d'Awa", "memo": "Très riche."},
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.method, document.title, document.text) == (
        "life_story",
        "Récit de vie d'Awa",
        "Bonjour",
    )
    history = team.get(reverse("evaluation_history", args=[evaluation.pk]))
    assert "Récit de vie d&#x27;Awa" in history.text
    client.force_login(world.user("coach"))
    assert (
        "Récit de vie" not in client.get(reverse("evaluation_history", args=[evaluation.pk])).text
    )


def test_removing_a_document_removes_its_files(
    team, evaluation, settings, django_capture_on_commit_callbacks
):
    _add(team, evaluation, transcript=SimpleUploadedFile("awa.docx", docx_bytes(INTERVIEW)))
    document = Document.objects.get()
    stored = settings.MEDIA_ROOT / document.source.name
    assert stored.exists()
    with django_capture_on_commit_callbacks(execute=True):
        team.post(reverse("qualitative_document_remove", args=[evaluation.pk, document.pk]))
    assert not Document.objects.exists()
    assert not stored.exists()


def test_open_answers_of_a_survey_become_small_documents_to_code(team, evaluation):
    import datetime

    from vises.surveys import builder
    from vises.surveys.models import Response

    survey = builder.create_survey(evaluation, None, title={"fr": "Stagiaires"}, languages=["fr"])
    builder.add_question(
        survey.sections.get(), None, code="why", kind="long_text", text={"fr": "Pourquoi ?"}
    )
    wave = survey.waves.create(
        label="Entrée", opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 12, 31)
    )
    for key, answer in [("a", "J'ai repris confiance."), ("b", ""), ("c", "Les collègues.")]:
        Response.objects.create(
            wave=wave, answers={"why": answer}, language="fr", submission_key=key
        )
    url = reverse("qualitative_open_answers_add", args=[evaluation.pk, survey.pk])
    page = team.post(url, follow=True)
    assert "2 open answers were brought in to be coded." in page.text
    documents = Document.objects.filter(method="survey").order_by("pk")
    assert [d.text for d in documents] == ["J'ai repris confiance.", "Les collègues."]
    assert documents[0].response.wave == wave
    # Twice brings nothing more.
    team.post(url)
    assert Document.objects.filter(method="survey").count() == 2
