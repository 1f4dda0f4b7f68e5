"""The free-text check itself: BSN by the 11-proef, the other personal data, the de-identified version,
and what is deterministic about it on the project's Dutch test set (core/deid_testset.py)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from ervaringswerk.core.deid_testset import BSN, EMAIL, PHONE, SENTENCES
from ervaringswerk.core.freetext import deidentify, find_personal_data, free_text_validate, is_bsn
from ervaringswerk.core.management.commands.deid_measure import measure
from ervaringswerk.deployment.models import DeploymentRequest

FINDING = "Steun voor Anna de Vries (BSN 111222333)"


def test_the_issue_sentence_is_refused_with_the_bsn_and_the_name():
    spans = find_personal_data(FINDING)
    assert [(s.kind, s.text) for s in spans] == [("name", "Anna de Vries"), ("bsn", "111222333")]
    assert deidentify(FINDING) == "Steun voor [naam] (BSN [bsn])"
    with pytest.raises(ValidationError) as refused:
        free_text_validate(DeploymentRequest, title=FINDING)
    [error] = refused.value.error_dict["title"]
    assert error.code == "bsn"
    assert "Een BSN hoort hier nooit" in next(iter(error))
    assert error.params["deidentified"] == "Steun voor [naam] (BSN [bsn])"
    assert {"start": 30, "end": 39, "kind": "bsn", "text": "111222333"} in error.params["spans"]


@pytest.mark.parametrize("number", ["111222333", "123456782", "628194821", "167-868-433", "252 760 189"])
def test_numbers_that_pass_the_11_proef_are_a_bsn(number):
    assert is_bsn(number.replace("-", "").replace(" ", ""))
    assert [s.kind for s in find_personal_data(f"Nummer {number} graag weghalen")] == ["bsn"]


@pytest.mark.parametrize("number", ["123456789", "532650201", "000000000", "12345678", "1234567890"])
def test_numbers_that_fail_the_11_proef_are_not(number):
    assert not is_bsn(number)
    assert not [s for s in find_personal_data(f"Kenmerk {number} bij de gemeente.") if s.kind == "bsn"]


def test_clean_text_passes_and_returns_nothing():
    free_text_validate(
        DeploymentRequest, title="Consult over schulden", context="Twee uur per week, HLM-4821."
    )
    assert find_personal_data("") == [] and find_personal_data("   ") == []


def test_a_birth_date_needs_its_context_or_its_age_a_meeting_date_passes():
    today = datetime.date(2026, 6, 1)
    assert [s.kind for s in find_personal_data("geboren 03-04-2020, peuter", today=today)] == ["birth_date"]
    assert [s.kind for s in find_personal_data("Sinds 12-03-1961 in de wijk", today=today)] == ["birth_date"]
    assert find_personal_data("Evaluatie op 15-06-2026 met het team", today=today) == []


def test_too_long_is_refused_with_the_model_limit_before_anything_else():
    limit = DeploymentRequest._meta.get_field("context").max_length
    free_text_validate(DeploymentRequest, context="a" * limit)
    with pytest.raises(ValidationError) as refused:
        free_text_validate(DeploymentRequest, context="a" * (limit + 1))
    [error] = refused.value.error_dict["context"]
    assert error.code == "max_length" and error.params == {"length": limit + 1, "limit": limit}


# --------------------------------------------------------------- the test set: what is deterministic


def test_the_test_set_is_large_and_mixed():
    with_data = [s for s, labels in SENTENCES if labels]
    assert len(SENTENCES) >= 100
    assert 0.35 * len(SENTENCES) <= len(with_data) <= 0.65 * len(SENTENCES)
    for sentence, labels in SENTENCES:
        for _kind, part in labels:
            assert part in sentence


def _kinds_found(sentence):
    return {span.kind for span in find_personal_data(sentence)}


def test_every_bsn_in_the_test_set_is_caught_and_no_other_number_is_called_one():
    for sentence, labels in SENTENCES:
        has_bsn = any(kind == BSN for kind, _part in labels)
        assert (BSN in _kinds_found(sentence)) == has_bsn, sentence


def test_every_phone_number_and_e_mail_address_in_the_test_set_is_caught():
    for sentence, labels in SENTENCES:
        for kind, part in labels:
            if kind in (PHONE, EMAIL):
                start = sentence.index(part)
                assert any(
                    s.start < start + len(part) and start < s.end for s in find_personal_data(sentence)
                ), (sentence, part)


def test_the_de_identified_version_of_every_sentence_passes_the_check():
    for sentence, _labels in SENTENCES:
        assert find_personal_data(deidentify(sentence)) == [], sentence


def test_the_measurement_counts_what_it_says():
    # Figures themselves are in docs/privacy.md (manage.py deid_measure); asserted here is only that the
    # measurement adds up, so that a change of the test set or the check cannot silently break it.
    result = measure()
    assert result["sentences"] == len(SENTENCES)
    assert result["with_personal_data"] == sum(1 for _s, labels in SENTENCES if labels)
    assert sum(total for _hit, total in result["recall_by_kind"].values()) == sum(
        len(labels) for _s, labels in SENTENCES
    )
    assert 0 <= result["span_precision"] <= 1 and 0 <= result["span_recall"] <= 1
    assert result["recall_by_kind"][BSN][0] == result["recall_by_kind"][BSN][1]


@pytest.mark.parametrize(
    "text",
    [
        "Afspraak op 06-06-2026 14:00 in het buurthuis.",
        "Op 12-03-2026 3 uur gewerkt met de groep.",
        "Uren 2026: 120 en 345 en 678.",
        "Factuur 2026-000123 is betaald.",
    ],
)
def test_dates_times_and_counts_are_not_taken_for_a_phone_number_or_a_bsn(text):
    assert find_personal_data(text, today=datetime.date(2026, 6, 1)) == []


# --- a capitalised common word at the start of a sentence is not a name ------------------------------


def _names(text: str) -> list[str]:
    return [s.text for s in find_personal_data(text) if s.kind == "name"]


@pytest.mark.parametrize(
    "text",
    [
        "Oud (browsertest)",  # the description of the hours review browser test that deduce refused
        "Oud dringend verzoek, graag snel oppakken.",
        "Mooi dat het gesprek goed ging.",
        "Afspraak verzet. Hoop op een betere week.",
    ],
)
def test_a_common_dutch_word_alone_at_the_start_of_a_sentence_is_not_a_name(text):
    assert _names(text) == []
    assert find_personal_data(text) == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Gesprek met Oud gepland.", "Oud"),  # not at the start of a sentence: may be a surname
        ("Mevrouw Oud belde vanochtend.", "Mevrouw Oud"),  # followed or preceded by another name part
        ("Roos komt morgen langs.", "Roos"),  # a first name, even if it is also a word
        ("Anna belde gisteren.", "Anna"),
        ("Jan Bos komt dinsdag.", "Jan Bos"),
    ],
)
def test_names_next_to_or_like_common_words_are_still_found(text, name):
    assert name in " ".join(_names(text)), _names(text)
