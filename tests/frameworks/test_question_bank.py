"""The default framework's question bank reads naturally with its scales, and says the same
thing in French, Dutch and English (docs/terms.md)."""

import re

import pytest

from vises.frameworks import document, store

LANGUAGES = ("fr", "nl", "en")
# What an answer below the middle of a scale says, in each language ("Slightly satisfied"
# answered "Peu satisfait" once: the two did not mean the same).
LOW_SIDE = {
    "fr": r"\b(pas|moins|jamais|rarement)\b|^peu\b",
    "nl": r"\b(niet|weinig|minder|nooit|zelden)\b",
    "en": r"\b(not|disagree|less|never|rarely)\b",
}
# The question a Never ... Always scale answers.
HOW_OFTEN = {"fr": r"^(.*, )?à quelle fréquence", "nl": r"\bhoe vaak\b", "en": r"\bhow often\b"}
# The question a "less ... more" scale answers.
LESS_OR_MORE = {"fr": r"\bmoins\b.*\bplus\b", "nl": r"\bminder\b", "en": r"\bless\b"}
OTHER_ADDRESS = {"fr": r"\b(tu|toi|ton|ta|tes)\b", "nl": r"\b(je|jij|jou|jouw|jullie)\b"}
# A grammatical negation in a statement answered "Pas du tout d'accord" makes a double
# negative; a reversed item says the negative thing without one ("J'ai l'impression de tout
# rater").
NEGATION = r"\bne\b|\bn'"


@pytest.fixture(scope="module")
def bank():
    data, _warnings = document.parse(store.DEFAULT_FILE.read_text(encoding="utf-8"))
    scales = {scale["code"]: scale for scale in data["answer_scales"]}
    return data["question_bank"], scales


def items_on(bank, scale: str) -> list[dict]:
    return [item for item in bank[0]["items"] if item.get("answer_scale") == scale]


def test_every_item_is_written_in_the_three_languages_and_names_a_scale_that_exists(bank):
    items, scales = bank[0]["items"], bank[1]
    assert len(items) >= 131
    for item in items:
        assert all((item["text"].get(lang) or "").strip() for lang in LANGUAGES), item["code"]
        if "answer_scale" in item:
            assert item["answer_scale"] in scales, item["code"]
        else:
            assert item["answer_type"] in {
                "yes_no",
                "integer",
                "number",
                "short_text",
                "long_text",
                "date",
                "rating_0_10",
            }, item["code"]


def test_every_scale_label_is_written_in_the_three_languages_and_means_the_same(bank):
    for code, scale in bank[1].items():
        options = scale["options"]
        middle = (len(options) + 1) / 2
        for position, option in enumerate(options, start=1):
            label = option["label"]
            assert all(label.get(lang) for lang in LANGUAGES), (code, option["value"])
            low = [bool(re.search(LOW_SIDE[lang], label[lang], re.I)) for lang in LANGUAGES]
            assert len(set(low)) == 1, (code, label)
            if position < middle:
                assert all(low), (code, label)


def test_satisfaction_labels_fit_women_and_men_alike_in_french(bank):
    for option in bank[1]["satisfaction4"]["options"]:
        assert not re.search(r"\bsatisfaite?\b", option["label"]["fr"]), option["label"]


def test_agreement_scale_keeps_akkoord_in_every_dutch_label(bank):
    assert all("akkoord" in o["label"]["nl"] for o in bank[1]["agree5"]["options"])


@pytest.mark.parametrize("language", LANGUAGES)
def test_items_on_a_frequency_scale_ask_how_often_in_each_language(bank, language):
    items = items_on(bank, "frequency5")
    assert {"good_spirits", "loneliness", "meetings_frequency"} <= {i["code"] for i in items}
    wrong = [
        item["text"][language]
        for item in items
        if not re.search(HOW_OFTEN[language], item["text"][language], re.I)
    ]
    assert wrong == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_items_on_a_change_scale_ask_less_or_more_in_each_language(bank, language):
    wrong = [
        item["text"][language]
        for item in items_on(bank, "change5")
        if not re.search(LESS_OR_MORE[language], item["text"][language], re.I)
    ]
    assert wrong == []


def test_statements_to_agree_with_carry_no_negation_in_french(bank):
    wrong = [
        item["text"]["fr"]
        for item in items_on(bank, "agree5")
        if re.search(NEGATION, item["text"]["fr"], re.I)
    ]
    assert wrong == []


def test_reversed_items_stay_reversed_and_still_say_the_negative_thing(bank):
    reversed_items = {
        entry["item"]
        for scale in bank[0]["scales"]
        for entry in scale["items"]
        if entry["reversed"]
    }
    assert reversed_items == {"self_worth_2", "self_worth_4", "self_worth_6", "belonging_3"}
    texts = {item["code"]: item["text"] for item in bank[0]["items"]}
    assert texts["self_worth_2"] == {
        "fr": "J'ai l'impression de tout rater.",
        "nl": "Ik heb het gevoel dat ik alles verkeerd doe.",
        "en": "I feel I get everything wrong.",
    }


@pytest.mark.parametrize("language", ["fr", "nl"])
def test_items_address_the_respondent_as_vous_and_u(bank, language):
    wrong = [
        item["text"][language]
        for item in bank[0]["items"]
        if re.search(OTHER_ADDRESS[language], item["text"][language], re.I)
    ]
    assert wrong == []


def test_items_for_service_users_speak_of_the_service_not_the_enterprise(bank):
    users = {"beneficiary", "family"}
    wrong = [
        (item["code"], item["text"]["fr"])
        for item in bank[0]["items"]
        if set(item["stakeholder_types"]) & users
        and re.search(r"entreprise|accompagn", item["text"]["fr"], re.I)
    ]
    assert wrong == []
