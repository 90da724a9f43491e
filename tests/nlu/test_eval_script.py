"""scripts/eval_nlu.py: the figures computed from Rasa's JSON output (Rasa itself not needed)."""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "eval_nlu.py"


@pytest.fixture(scope="module")
def eval_nlu() -> ModuleType:
    spec = importlib.util.spec_from_file_location("eval_nlu", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["eval_nlu"] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


def _item(text: str, gold: str, predicted: str) -> dict[str, object]:
    return {
        "text": text,
        "intent": gold,
        "intent_prediction": {"name": predicted, "confidence": 0.9},
    }


def test_figures_from_rasa_json(eval_nlu: ModuleType, tmp_path: Path) -> None:
    successes = [
        _item("bonjour", "greet", "greet"),
        _item("merci", "thank", "thank"),
        _item("il est tombé", "emergency", "emergency"),
    ]
    errors = [
        # the NLU misses it, the safety net catches it
        _item("les volets sont fermés depuis une semaine", "emergency", "report_someone"),
        _item("merci au revoir", "thank", "goodbye"),
    ]
    (tmp_path / "intent_successes.json").write_text(json.dumps(successes), encoding="utf-8")
    (tmp_path / "intent_errors.json").write_text(json.dumps(errors), encoding="utf-8")

    report = eval_nlu.evaluate(eval_nlu.load_predictions(tmp_path))

    assert report.total == 5
    assert report.accuracy == pytest.approx(3 / 5)
    assert set(report.per_intent) == {"greet", "thank", "emergency"}  # goodbye is not gold
    assert report.per_intent["greet"][2] == pytest.approx(1.0)
    assert report.per_intent["thank"][2] == pytest.approx(2 / 3)  # p 1, r 1/2
    assert report.per_intent["emergency"][2] == pytest.approx(2 / 3)
    assert report.macro_f1 == pytest.approx((1 + 2 / 3 + 2 / 3) / 3)
    assert report.emergency_recall_nlu == pytest.approx(1 / 2)
    assert report.emergency_recall_with_safety == pytest.approx(1.0)
    assert report.confusions == [("emergency", "report_someone", 1), ("thank", "goodbye", 1)]


def test_missing_errors_file_means_no_errors(eval_nlu: ModuleType, tmp_path: Path) -> None:
    (tmp_path / "intent_successes.json").write_text(
        json.dumps([_item("oui", "affirm", "affirm")]), encoding="utf-8"
    )
    report = eval_nlu.evaluate(eval_nlu.load_predictions(tmp_path))
    assert report.accuracy == 1.0
    assert report.confusions == []


def test_missing_eval_set_exits_non_zero(eval_nlu: ModuleType, tmp_path: Path) -> None:
    assert eval_nlu.main(["--eval-set", str(tmp_path / "absent.yml")]) == 2
