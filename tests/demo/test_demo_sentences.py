"""The demo's change sentences read true, in French, Dutch and English: every question
compared between a survey's first and last wave says the figures of its answers, the
direction they took and a claim of chance that SciPy's test of those figures confirms,
recomputed here from the stored responses apart from the product's analysis."""

import numpy as np
from django.core.management import call_command
from django.utils import translation

from tests.analysis.reference import reference_p
from vises.analysis import load, results, sentences
from vises.surveys.models import Survey

WORDS = {
    "en": {
        ("share", 1): "This share is higher",
        ("share", -1): "This share is lower",
        ("share", 0): "This share is the same",
        ("mean", 1): "The average is higher",
        ("mean", -1): "The average is lower",
        ("mean", 0): "The average is the same",
        "claims": "the difference is unlikely to be chance",
        "doubts": "the difference could be chance",
        "paired": "respondents who answered both times",
        "nothing": "nothing changed",
    },
    "fr": {
        ("share", 1): "Cette part est plus élevée",
        ("share", -1): "Cette part est plus basse",
        ("share", 0): "Cette part est la même",
        ("mean", 1): "La moyenne est plus élevée",
        ("mean", -1): "La moyenne est plus basse",
        ("mean", 0): "La moyenne est la même",
        "claims": "l’écart a peu de chances d’être dû au hasard",
        "doubts": "l’écart pourrait être dû au hasard",
        "paired": "personnes qui ont répondu les deux fois",
        "nothing": "a changé.",
    },
    "nl": {
        ("share", 1): "Dit aandeel is hoger",
        ("share", -1): "Dit aandeel is lager",
        ("share", 0): "Dit aandeel is beide keren hetzelfde",
        ("mean", 1): "Het gemiddelde is hoger",
        ("mean", -1): "Het gemiddelde is lager",
        ("mean", 0): "Het gemiddelde is beide keren hetzelfde",
        "claims": "het verschil is waarschijnlijk geen toeval",
        "doubts": "het verschil kan toeval zijn",
        "paired": "personen die beide keren hebben geantwoord",
        "nothing": "er is niets veranderd",
    },
}
KINDS = {
    "scale": "scale",
    "rating_0_10": "rating",
    "number": "number",
    "single_choice": "choice",
    "multiple_choice": "topics",
}


def _answers(survey, question, wave_labels):
    """Each wave's answers to the question, the same people's first and in the same order
    when the survey links its waves, and how many such people there are."""
    first, last = (survey.waves.get(label=label) for label in wave_labels)
    allowed = {str(option["value"]) for option in question.options or []}
    if question.kind == "rating_0_10":
        allowed = {str(n) for n in range(11)}

    def usable(value):
        if value is None or value == [] or value == "":
            return False
        if question.kind in ("scale", "rating_0_10"):
            return str(int(value)) in allowed if float(value).is_integer() else False
        if question.kind == "single_choice":
            return str(value) in allowed or (question.allow_other and value == "_other")
        if question.kind == "multiple_choice":
            return any(str(v) in allowed or v == "_other" for v in value)
        return True

    waves = []
    for wave in (first, last):
        rows = wave.responses.order_by("pk").values_list("respondent_key", "answers")
        waves.append([(key, answers.get(question.code)) for key, answers in rows])
    waves = [[(key, value) for key, value in wave if usable(value)] for wave in waves]
    if survey.link_waves:
        before = {key: value for key, value in waves[0] if key}
        linked = [key for key, _value in waves[1] if key and key in before]
        after = {key: value for key, value in waves[1] if key}
        entry = [before[key] for key in linked] + [v for k, v in waves[0] if k not in linked]
        exit_ = [after[key] for key in linked] + [v for k, v in waves[1] if k not in linked]
        return entry, exit_, len(linked)
    return [value for _k, value in waves[0]], [value for _k, value in waves[1]], None


def test_every_demo_change_sentence_reads_true_in_french_dutch_and_english(db, capsys):
    call_command("demo", no_files=True)
    capsys.readouterr()
    checked = claimed = 0
    for survey in Survey.objects.all():
        waves = list(survey.waves.order_by("opens_on", "pk").values_list("label", flat=True))
        if len(waves) < 2:
            continue
        data = load.survey_dataset(survey)
        compared = (data.wave_labels[0], data.wave_labels[-1])
        for question in survey.questions.all():
            item = data.items[question.code]
            if not results.comparable(item):
                continue
            change = results.change(data, question.code, *compared)
            entry, exit_, linked = _answers(survey, question, compared)
            top = tuple(float(value) for value in item.top_values)
            p_value, shift = reference_p(
                KINDS[item.kind], entry, exit_, linked, top, order=item.values
            )
            measure = "mean" if change.measure == "mean" else "share"
            for language, words in WORDS.items():
                with translation.override(language):
                    sentence = sentences.change_sentence(change, item)
                where = f"{survey} {question.code} ({language}): {sentence}"
                if p_value is None:
                    assert words["claims"] not in sentence and words["doubts"] not in sentence
                    continue
                direction = int(np.sign(shift))
                if words["nothing"] in sentence:  # only when the answers are the same
                    same = entry[:linked] == exit_[:linked] if linked and linked >= 10 else None
                    assert same or len({repr(v) for v in entry + exit_}) == 1, where
                    continue
                assert words[(measure, direction)] in sentence, where
                claims = p_value < 0.05 and direction != 0
                assert (words["claims"] in sentence) == claims, where
                assert (words["paired"] in sentence) == (linked is not None and linked >= 10)
            checked += p_value is not None
            claimed += p_value is not None and p_value < 0.05
    # The demo has enough changes, some sure and some not, for this to mean something.
    assert checked >= 20 and 0 < claimed < checked
