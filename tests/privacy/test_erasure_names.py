"""An erased person's name was hidden by lists (the researchers' scrubber, an evaluation's
pseudonymisation list): erasing them must not make it appear again where it was hidden,
and their real name is stored in none of those places any more."""

import datetime

from django.urls import reverse

from tests.conftest import make_evaluation
from tests.networks.test_accompaniment_research import accompanied
from vises.evaluations import accompaniment
from vises.evaluations.models import (
    AccompanimentSession,
    Change,
    EvaluativeQuestion,
    StepFeedback,
)
from vises.interpretation.models import Quote
from vises.privacy import erasure
from vises.qualitative import forgetting, pseudonyms
from vises.qualitative.models import Document, Excerpt, Pseudonym

# --- The researchers' scrubber ----------------------------------------------------------


def test_an_erased_coachs_name_stays_hidden_from_researchers_and_leaves_the_texts(client, world):
    evaluation = accompanied(world)
    coach = world.user("coach")  # Camille Dupont, the enterprise's coach
    code = accompaniment.coach_pseudonym(coach.pk)
    StepFeedback.objects.filter(evaluation=evaluation, step=0).update(
        helped="Camille Dupont nous a aidés ; merci à Camille et à Karim Benali."
    )
    elsewhere = AccompanimentSession.objects.get(evaluation__enterprise=world.other_enterprise)
    elsewhere.topics = "Conseil de Camille Dupont repris ; Camille Durand présente."
    elsewhere.save()
    client.force_login(world.user("researcher"))
    url = reverse("network_accompaniment", args=[world.network.pk])
    before = client.get(url).context["feedback"][0].helped
    assert before == f"{code} nous a aidés ; merci à {code} et à […]."

    erasure.erase_account(coach)

    after = client.get(url)
    assert after.context["feedback"][0].helped == before
    assert "Camille" not in after.text and "Dupont" not in after.text
    # Stored: the name went for what researchers read, in this enterprise...
    helped = StepFeedback.objects.get(evaluation=evaluation, step=0).helped
    assert helped == f"{code} nous a aidés ; merci à {code} et à Karim Benali."
    # ... and, in an enterprise they did not follow, their full name alone: another
    # Camille is not theirs to erase.
    elsewhere.refresh_from_db()
    assert elsewhere.topics == "Conseil de […] repris ; Camille Durand présente."


def test_an_erased_members_name_leaves_their_enterprises_texts(world):
    evaluation = accompanied(world)
    member = world.user("enterprise_member")  # Karim Benali
    AccompanimentSession.objects.create(
        evaluation=evaluation,
        date=datetime.date(2026, 4, 1),
        duration_minutes=30,
        step=2,
        topics="Questionnaire relu par KARIM et Benali",
    )
    assert accompaniment.hide_person(member) == 1
    topics = AccompanimentSession.objects.get(step=2).topics
    assert topics == "Questionnaire relu par […] et […]"


def test_an_account_without_a_name_changes_no_text(world):
    accompanied(world)
    nameless = world.user("researcher")
    nameless.full_name = ""
    assert accompaniment.hide_person(nameless) == 0


# --- The pseudonymisation list -----------------------------------------------------------

TEXT = "Entretien du 3 mars.\nKarim Benali : je suis venu par hasard. karim benali rit."


def test_a_place_moves_with_the_text_and_widens_inside_the_name():
    text, place = forgetting.replace_keeping_places(TEXT, "Karim Benali", "K.")
    assert text == "Entretien du 3 mars.\nK. : je suis venu par hasard. K. rit."
    start = TEXT.index(": je")
    assert text[place(start, False) : place(TEXT.index(" rit"), True)] == (
        ": je suis venu par hasard. K."
    )
    assert place(0, False) == 0 and place(len(TEXT), True) == len(text)
    # A place inside the name takes the whole pseudonym.
    inside = TEXT.index("Benali")
    assert place(inside, False) == text.index("K.") and place(inside, True) == text.index(" :")


def interviewed(world, enterprise, real_name="Karim Benali"):
    """An interview of an evaluation naming the person, a passage and a quote from it,
    listed for pseudonymisation, with its history."""
    evaluation = make_evaluation(enterprise)
    question = EvaluativeQuestion.objects.create(evaluation=evaluation, text="Q", is_main=True)
    document = Document.objects.create(
        evaluation=evaluation,
        method="interview",
        title=f"Entretien avec {real_name}",
        text=TEXT.replace("Karim Benali", real_name),
        memo=f"{real_name} a relu la transcription.",
    )
    start = document.text.index(real_name + " :")
    excerpt = Excerpt.objects.create(
        document=document, start=start, end=document.text.index(" par hasard")
    )
    Quote.objects.create(question=question, excerpt=excerpt, text=excerpt.text, language="fr")
    pseudonyms.add(evaluation, None, real_name=real_name, pseudonym="K.")
    Change.record(evaluation.pk, "material", None, {"title": document.title}, None)
    return evaluation


def test_an_erased_members_real_name_gives_way_to_their_pseudonym_and_leaves_the_list(world):
    member = world.user("enterprise_member")
    member.full_name = "Karim Benali"
    member.save()
    ours = interviewed(world, world.enterprise)
    theirs = interviewed(world, world.other_enterprise)  # someone else of that name
    shown_before = [
        q.text
        for q in pseudonyms.pseudonymised(Quote.objects.filter(question__evaluation=ours), ours)
    ]

    erasure.erase_account(member)

    assert not Pseudonym.objects.filter(evaluation=ours).exists()
    document = Document.objects.get(evaluation=ours)
    assert document.title == "Entretien avec K." and document.memo == "K. a relu la transcription."
    assert "Karim" not in document.text.lower() and "benali" not in document.text.lower()
    excerpt = Excerpt.objects.get(document=document)
    assert excerpt.text == "K. : je suis venu"
    quotes = list(Quote.objects.filter(question__evaluation=ours))
    assert [q.text for q in quotes] == shown_before == ["K. : je suis venu"]
    assert [q.text for q in pseudonyms.pseudonymised(quotes, ours)] == shown_before
    history = Change.objects.filter(evaluation=ours)
    assert not any("Karim" in str((c.before, c.after)) for c in history)
    removal = history.filter(part="pseudonyms").order_by("pk").last()
    assert (removal.before, removal.after) == ({"pseudonym": "K."}, None)
    # An evaluation of an enterprise they had nothing to do with keeps its list.
    assert Pseudonym.objects.filter(evaluation=theirs, real_name="Karim Benali").exists()
    assert "Karim Benali" in Document.objects.get(evaluation=theirs).text


def test_the_erasure_page_says_a_code_or_pseudonym_takes_the_names_place(client, world):
    client.force_login(world.user("coach"))
    page = client.get(reverse("erase_account"), HTTP_ACCEPT_LANGUAGE="fr")
    assert "un code ou un pseudonyme cachait votre nom, il remplace votre nom" in page.text
