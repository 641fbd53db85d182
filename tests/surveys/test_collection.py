"""The team's side of collection: codes, slips, emails, following responses, exports."""

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from tests.conftest import make_evaluation
from vises.evaluations.models import Change
from vises.surveys import distribution
from vises.surveys.models import CODE_ALPHABET, Invitation, Response, Survey


@pytest.fixture
def survey(world):
    evaluation = make_evaluation(world.enterprise)
    survey = Survey.objects.create(
        evaluation=evaluation,
        title={"fr": "Votre parcours", "nl": "Uw traject"},
        languages=["fr", "nl"],
    )
    section = survey.sections.create(title={"fr": "Vous"})
    survey.questions.create(
        section=section,
        position=0,
        code="supports",
        kind="multiple_choice",
        text={"fr": "Quelles aides avez-vous reçues ?", "nl": "Welke hulp kreeg u?"},
        options=[
            {"value": "coach", "label": {"fr": "Un accompagnement", "nl": "Begeleiding"}},
            {"value": "training", "label": {"fr": "Une formation", "nl": "Een opleiding"}},
        ],
        allow_other=True,
    )
    survey.questions.create(
        section=section,
        position=1,
        code="confident",
        kind="scale",
        scale="agree5",
        text={"fr": "J'ai confiance en moi.", "nl": "Ik heb vertrouwen in mezelf."},
        options=[{"value": n, "label": {"fr": f"{n}", "nl": f"{n}"}} for n in range(1, 6)],
    )
    survey.questions.create(
        section=section,
        position=2,
        code="comment",
        kind="short_text",
        text={"fr": "Un mot ?", "nl": "Nog iets?"},
    )
    today = timezone.localdate()
    survey.waves.create(label="Entrée", opens_on=today - timedelta(days=30), closes_on=today)
    return survey


def respond(survey, wave=None, key=None, **answers):
    wave = wave or survey.waves.first()
    return Response.objects.create(
        wave=wave,
        answers=answers,
        language="fr",
        submission_key=key or f"k{Response.objects.count()}",
    )


def test_codes_are_made_single_use_and_unambiguous(world, survey):
    wave = survey.waves.get()
    made = distribution.generate(wave, 40)
    codes = [invitation.code for invitation in made]
    assert len(set(codes)) == 40
    assert all(re.fullmatch(f"[{CODE_ALPHABET}]{{8}}", code) for code in codes)
    # Without linked waves, nothing can tie a code to another wave's.
    assert {invitation.respondent_key for invitation in made} == {""}
    with pytest.raises(distribution.DistributionError):
        distribution.generate(wave, distribution.MAX_CODES + 1)


def test_linked_waves_carry_each_respondents_key_to_the_next_wave(world, survey):
    survey.link_waves = True
    survey.save()
    entry = survey.waves.get()
    exit_wave = survey.waves.create(
        label="Sortie", opens_on=date(2027, 1, 1), closes_on=date(2027, 2, 1)
    )
    first = distribution.generate(entry, 3)
    second = distribution.generate(exit_wave, 0, follow=entry)
    assert sorted(i.respondent_key for i in first) == sorted(i.respondent_key for i in second)
    assert all(len(i.respondent_key) == 32 for i in first)
    assert not {i.code for i in first} & {i.code for i in second}


def test_team_makes_codes_and_prints_slips_with_qr_codes(client, world, survey):
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_member"))
    url = reverse("survey_invitations", args=[survey.evaluation.pk, survey.pk, wave.pk])
    response = client.post(url, {"count": 3})
    slips_url = reverse("survey_slips", args=[survey.evaluation.pk, survey.pk, wave.pk])
    assert response.url == slips_url
    sheet = client.get(slips_url).text
    codes = list(wave.invitations.values_list("code", flat=True))
    for code in codes:
        assert f"/s/c/{code}/" in sheet and code in sheet
    assert sheet.count("<svg") >= 3
    # A used code is not printed again.
    wave.invitations.filter(code=codes[0]).update(used_at=timezone.now())
    assert codes[0] not in client.get(slips_url).text


def test_wrong_code_counts_are_refused_by_field(client, world, survey):
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_invitations", args=[survey.evaluation.pk, survey.pk, wave.pk])
    response = client.post(url, {"count": 0}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response.context["codes_form"].errors["count"]
    assert not Invitation.objects.exists()


def test_codes_sent_by_email_keep_the_address_only_on_the_code(client, world, survey):
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_invitations", args=[survey.evaluation.pk, survey.pk, wave.pk])
    client.post(url, {"addresses": "ana@example.org\n\n bert@example.org ", "language": "nl"})
    assert len(mail.outbox) == 2
    invitations = list(wave.invitations.all())
    assert all(i.emailed_at for i in invitations)
    message = mail.outbox[0]
    assert message.to == ["ana@example.org"]
    assert "Atelier Vert" in message.subject and "Uw traject" in message.body
    assert f"/s/c/{invitations[0].code}/" in message.body
    # Each address stays on its code, to remind a respondent who has not answered (the
    # code forgets it once used, see test_responding), and on nothing else.
    assert {i.email: i.language for i in invitations} == {
        "ana@example.org": "nl",
        "bert@example.org": "nl",
    }
    for invitation in Invitation.objects.values():
        assert "example.org" not in str({**invitation, "email": ""})


def test_a_mail_server_down_leaves_the_codes_unsent_and_says_why(client, world, survey, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 2
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_invitations", args=[survey.evaluation.pk, survey.pk, wave.pk])
    client.post(url, {"addresses": "ana@example.org", "language": "fr"})
    [invitation] = Invitation.objects.all()
    assert invitation.emailed_at is None
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en").text
    assert "E-mails that could not be sent" in page
    assert "1, the last because: ConnectionRefusedError" in page
    assert "Traceback" not in page


def test_wrong_addresses_are_named(client, world, survey):
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_invitations", args=[survey.evaluation.pk, survey.pk, wave.pk])
    response = client.post(
        url,
        {"addresses": "ana@example.org\nbert-at-home", "language": "fr"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.context["email_form"].errors["addresses"] == [
        "These are not email addresses: bert-at-home"
    ]
    assert not mail.outbox and not Invitation.objects.exists()


def test_counts_by_wave_and_day_for_the_team_answers_for_admins_only(client, world, survey):
    wave = survey.waves.get()
    for invitation in distribution.generate(wave, 4)[:2]:
        invitation.used_at = timezone.now()
        invitation.save()
    respond(survey, confident=4)
    respond(survey, confident=2, comment="Très bien")
    Response.objects.filter(answers__comment="Très bien").update(source="paper")
    url = reverse("survey_responses", args=[survey.evaluation.pk, survey.pk])

    client.force_login(world.user("coach"))
    page = client.get(url)
    counts = page.context["waves"][0]
    assert (counts.responses, counts.online, counts.paper) == (2, 1, 1)
    assert counts.response_rate == 50
    assert sum(n for _day, n in page.context["days"]) == 2
    assert "Très bien" not in page.text and not page.context["table"]

    client.force_login(world.user("enterprise_member"))
    assert "Très bien" not in client.get(url).text
    client.force_login(world.user("enterprise_admin"))
    assert "Très bien" in client.get(url).text


def test_removing_a_response_needs_a_reason_and_keeps_it_in_the_history(client, world, survey):
    response = respond(survey, confident=5, comment="Test de l'équipe")
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_response_remove", args=[survey.evaluation.pk, survey.pk, response.pk])
    client.post(url, {"reason": ""})
    assert Response.objects.filter(pk=response.pk).exists()
    client.post(url, {"reason": "Un essai avant l'ouverture"})
    assert not Response.objects.exists()
    change = Change.objects.get(part="responses")
    assert change.before["comment"] == "Test de l'équipe"
    assert change.after == {"reason": "Un essai avant l'ouverture"}
    assert change.user == world.user("enterprise_admin")


def test_csv_opens_in_excel_and_cannot_run_formulas(client, world, survey):
    respond(survey, supports=["training", "_other"], **{"supports.other": "=1+1"}, confident=4)
    respond(survey, confident=1, comment="Merci")
    client.force_login(world.user("enterprise_admin"))
    body = client.get(reverse("survey_responses_csv", args=[survey.evaluation.pk, survey.pk]))
    raw = body.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(raw.removeprefix("\ufeff"))))
    first, second = rows
    assert (first["supports.coach"], first["supports.training"], first["supports._other"]) == (
        "0",
        "1",
        "1",
    )
    assert first["supports.other"] == "'=1+1"
    assert (second["supports.coach"], second["confident"], second["comment"]) == ("", "1", "Merci")
    assert first["wave"] == "Entrée" and first["source"] == "online"


def test_xlsx_holds_responses_and_a_codebook_in_the_readers_language(client, world, survey):
    respond(survey, supports=["coach"], confident=3)
    client.force_login(world.user("enterprise_admin"))
    download = client.get(
        reverse("survey_responses_xlsx", args=[survey.evaluation.pk, survey.pk]),
        HTTP_ACCEPT_LANGUAGE="nl",
    )
    book = load_workbook(io.BytesIO(download.content), read_only=True)
    responses_sheet, codebook_sheet = book.worksheets
    header, first = list(responses_sheet.values)
    assert header[5:8] == ("supports.coach", "supports.training", "supports._other")
    assert first[5:9] == (1, 0, 0, None)  # an empty cell: "other" was not chosen
    codebook = {line[0]: line for line in codebook_sheet.values if line[0]}
    assert codebook["supports.coach"][1] == "Welke hulp kreeg u?"
    assert codebook["supports.coach"][3:] == ("1 / 0", "Begeleiding")
    assert codebook["confident"][1] == "Ik heb vertrouwen in mezelf."


def test_another_enterprises_survey_is_not_found(client, world, survey):
    other = make_evaluation(world.sibling)
    client.force_login(world.user("enterprise_admin"))
    url = reverse("survey_responses", args=[other.pk, survey.pk])
    assert client.get(url).status_code == 404


def test_a_wave_with_answers_stays_but_its_evaluation_can_go(world, survey):
    from vises.surveys import builder

    respond(survey, confident=3)
    wave = survey.waves.get()
    with pytest.raises(builder.Refused):
        builder.remove_wave(wave, world.user("enterprise_admin"))
    survey.evaluation.delete()
    assert not Response.objects.exists() and not Survey.objects.exists()


def test_respondent_errors_speak_the_chosen_language_not_the_browsers(client, world):
    from tests.surveys.respondent_helpers import make_survey, page_url, start

    survey = make_survey(world.enterprise)
    start(client, survey, "nl")
    page = client.post(page_url(survey, 1), {"@shown": ["working"]}, HTTP_ACCEPT_LANGUAGE="fr")
    assert '<html lang="nl">' in page.text
    with translation.override("nl"):
        expected = gettext("Please answer this question.")
    with translation.override("fr"):
        french = gettext("Please answer this question.")
    assert expected != french and expected in page.text and french not in page.text


def test_large_ids_in_forms_are_not_written_with_thousand_separators(client, world, survey):
    from vises.surveys.models import Section

    later = Section.objects.create(pk=12345, survey=survey, position=5, title={"fr": "Suite"})
    wave = survey.waves.get()
    client.force_login(world.user("enterprise_admin"))
    page = client.get(
        reverse("survey_detail", args=[survey.evaluation.pk, survey.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert f'value="{later.pk}"' in page.text and "12,345" not in page.text
    entry = client.get(
        reverse("survey_paper_entry", args=[survey.evaluation.pk, survey.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert f'value="{wave.pk}"' in entry.text


@pytest.mark.parametrize(
    "role, reads_answers, status",
    [
        ("enterprise_admin", True, 200),
        ("enterprise_member", False, 200),
        ("coach", False, 200),
        ("network_admin", False, 404),
        ("researcher", False, 404),
    ],
)
def test_removed_response_answers_show_in_the_history_only_to_who_reads_responses(
    client, world, survey, role, reads_answers, status
):
    response = respond(survey, confident=5, comment="Mon chef Paul me harcèle")
    client.force_login(world.user("enterprise_admin"))
    client.post(
        reverse("survey_response_remove", args=[survey.evaluation.pk, survey.pk, response.pk]),
        {"reason": "Réponse en double"},
    )
    client.force_login(world.user(role))
    page = client.get(reverse("evaluation_history", args=[survey.evaluation.pk]))
    assert page.status_code == status
    if status == 200:
        assert ("Mon chef Paul me harcèle" in page.text) is reads_answers
        assert ("Réponse en double" in page.text) is reads_answers
        if not reads_answers:
            with translation.override("fr"):
                note = gettext("Only the enterprise's admins read what a respondent answered.")
            assert note in page.text
