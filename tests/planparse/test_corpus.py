"""The invented corpus (tests/planparse/corpus/, one or more documents per failure
class, expectations written by hand) and the seeds: ≥ 0.95 on every category."""

import json

import jsonschema
import pytest

from fazhi.planparse import parse_bytes
from fazhi.planparse.model import SCHEMA

from .accuracy import corpus_docs, seed_docs, totals
from .common import CORPUS, corpus_names, pr

SCHEMA_FILE = CORPUS.parents[2] / "fazhi" / "planparse" / "schema.json"


def test_corpus_has_a_document_for_every_class():
    assert len(corpus_names()) >= 11
    for name in corpus_names():
        assert (CORPUS / f"{name}.json").is_file(), name


@pytest.mark.parametrize("docs", [seed_docs, corpus_docs], ids=["seeds", "corpus"])
def test_every_category_at_least_095(docs):
    _rows, total = totals(docs())
    for column, (m, e, f) in total.items():
        precision, recall = pr(m, e, f)
        assert precision >= 0.95 and recall >= 0.95, (column, m, e, f)


@pytest.mark.parametrize("name", corpus_names())
def test_corpus_output_follows_the_schema(name):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    data = parse_bytes((CORPUS / f"{name}.txt").read_bytes(), filename=f"{name}.txt").to_dict()
    assert data["schema"] == SCHEMA
    jsonschema.validate(data, schema)
