"""``plan.dumps`` writes the same text as ``json.dumps(..., indent=2, ensure_ascii=False)``."""

import json

import pytest

from commissioning.domain.plan import OwnerKind, dumps

VALUES = [
    {},
    [],
    "text",
    7,
    None,
    {"empty": [], "nested": {}, "kind": OwnerKind.TEAM},
    [1, True, False, None, 'é – “quoted” "\\\n\t'],
    {"a": [{"b": [1, [2, []], {"c": None}]}]},
    {"float": 1.5},
    {1: "not a string key"},
]


@pytest.mark.parametrize("value", VALUES)
def test_dumps_writes_what_json_dumps_writes(value):
    assert dumps(value) == json.dumps(value, indent=2, ensure_ascii=False)
