"""Precision and recall of the free-text check on the project's own Dutch test set (core/deid_testset.py).

    .venv/bin/python manage.py deid_measure [--show-misses]

Span level: a finding is right when it overlaps something the test set marks as personal data; a marked
item is caught when a finding overlaps it. Sentence level: a sentence is refused when anything is found.
"""

from collections import Counter

from django.core.management.base import BaseCommand

from ervaringswerk.core.deid_testset import SENTENCES
from ervaringswerk.core.freetext import find_personal_data


def _overlaps(a_start, a_end, b_start, b_end) -> bool:
    return a_start < b_end and b_start < a_end


def measure(sentences=SENTENCES) -> dict:
    found_total = found_right = 0
    marked = Counter()
    caught = Counter()
    sentence = Counter()
    misses, false = [], []
    for text, labels in sentences:
        expected = [(kind, text.index(part), text.index(part) + len(part)) for kind, part in labels]
        spans = find_personal_data(text)
        for span in spans:
            found_total += 1
            if any(_overlaps(span.start, span.end, s, e) for _k, s, e in expected):
                found_right += 1
            else:
                false.append((text, span))
        for kind, start, end in expected:
            marked[kind] += 1
            if any(_overlaps(span.start, span.end, start, end) for span in spans):
                caught[kind] += 1
            else:
                misses.append((text, kind, text[start:end]))
        sentence[(bool(labels), bool(spans))] += 1
    refused = sentence[(True, True)] + sentence[(False, True)]
    with_data = sentence[(True, True)] + sentence[(True, False)]
    return {
        "sentences": len(sentences),
        "with_personal_data": with_data,
        "span_precision": found_right / found_total if found_total else 1.0,
        "span_recall": sum(caught.values()) / sum(marked.values()),
        "recall_by_kind": {kind: (caught[kind], marked[kind]) for kind in sorted(marked)},
        "sentence_precision": sentence[(True, True)] / refused if refused else 1.0,
        "sentence_recall": sentence[(True, True)] / with_data,
        "clean_sentences_refused": sentence[(False, True)],
        "misses": misses,
        "false_findings": false,
    }


class Command(BaseCommand):
    help = "Meet precisie en recall van de controle op persoonsgegevens in vrije tekst."

    def add_arguments(self, parser):
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *args, show_misses=False, **options):
        result = measure()
        out = self.stdout.write
        out(f"sentences: {result['sentences']} ({result['with_personal_data']} with personal data)")
        out(f"span precision: {result['span_precision']:.3f}  span recall: {result['span_recall']:.3f}")
        out(
            f"sentence precision: {result['sentence_precision']:.3f}  "
            f"sentence recall: {result['sentence_recall']:.3f}  "
            f"clean sentences refused: {result['clean_sentences_refused']}"
        )
        for kind, (hit, total) in result["recall_by_kind"].items():
            out(f"  recall {kind}: {hit}/{total}")
        if show_misses:
            for text, kind, part in result["misses"]:
                out(f"MISSED {kind}: {part!r} in {text!r}")
            for text, span in result["false_findings"]:
                out(f"FALSE {span.kind}: {span.text!r} in {text!r}")
