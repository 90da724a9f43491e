"""Evaluates the current Rasa model on an NLU evaluation set and prints the figures that matter.

Runs in the app environment and never imports Rasa: it calls the bot environment's
`rasa test nlu` in a temporary directory, reads the JSON files it writes, and prints intent
accuracy, macro F1 over the intents present in the evaluation set, the recall of `emergency`
for the NLU alone and for "NLU or safety net" (relais.safety.detect_danger), and the confusion
pairs (gold -> predicted).

    .venv/bin/python scripts/eval_nlu.py --eval-set ../shared/eval/nlu_dev.yml

Exit status: 0 when the evaluation ran (and met the optional --min-* thresholds), 1 when a
threshold was missed, 2 when the evaluation set or the model is missing or Rasa failed.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.safety import detect_danger  # noqa: E402

EMERGENCY = "emergency"


@dataclass(frozen=True, slots=True)
class Prediction:
    text: str
    gold: str
    predicted: str
    confidence: float


@dataclass(frozen=True, slots=True)
class Report:
    total: int
    accuracy: float
    macro_f1: float
    per_intent: dict[str, tuple[float, float, float, int]]  # precision, recall, f1, support
    emergency_total: int
    emergency_recall_nlu: float
    emergency_recall_safety: float
    emergency_recall_with_safety: float
    safety_triggers_on_other_intents: int
    confusions: list[tuple[str, str, int]]


def current_model() -> Path:
    out = subprocess.run(  # noqa: S603
        [str(ROOT / "scripts" / "model-path")], check=True, capture_output=True, text=True
    )
    return ROOT / out.stdout.strip()


def run_rasa(rasa: Path, model: Path, eval_set: Path, out_dir: Path) -> None:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false")
    command = [
        str(rasa), "test", "nlu",
        "--model", str(model),
        "--nlu", str(eval_set),
        "--out", str(out_dir),
        "--successes",
        "--no-plot",
        "--quiet",
    ]  # fmt: skip
    done = subprocess.run(  # noqa: S603
        command, cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"rasa test nlu failed with status {done.returncode}")


def load_predictions(out_dir: Path) -> list[Prediction]:
    predictions: list[Prediction] = []
    for name in ("intent_successes.json", "intent_errors.json"):
        path = out_dir / name
        if not path.exists():  # Rasa leaves the file out when the list would be empty
            continue
        items: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
        for item in items:
            guess = item.get("intent_prediction") or {}
            predictions.append(
                Prediction(
                    text=str(item["text"]),
                    gold=str(item["intent"]),
                    predicted=str(guess.get("name") or "None"),
                    confidence=float(guess.get("confidence") or 0.0),
                )
            )
    return predictions


def evaluate(predictions: list[Prediction]) -> Report:
    total = len(predictions)
    gold_intents = sorted({p.gold for p in predictions})
    per_intent: dict[str, tuple[float, float, float, int]] = {}
    for intent in gold_intents:
        tp = sum(1 for p in predictions if p.gold == intent and p.predicted == intent)
        fp = sum(1 for p in predictions if p.gold != intent and p.predicted == intent)
        fn = sum(1 for p in predictions if p.gold == intent and p.predicted != intent)
        precision = tp / (tp + fp) if tp + fp else 0.0
        recall = tp / (tp + fn) if tp + fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_intent[intent] = (precision, recall, f1, tp + fn)
    correct = sum(1 for p in predictions if p.gold == p.predicted)
    emergencies = [p for p in predictions if p.gold == EMERGENCY]
    caught_nlu = sum(1 for p in emergencies if p.predicted == EMERGENCY)
    caught_safety = sum(1 for p in emergencies if detect_danger(p.text) is not None)
    caught_any = sum(
        1 for p in emergencies if p.predicted == EMERGENCY or detect_danger(p.text) is not None
    )
    safety_on_others = sum(
        1 for p in predictions if p.gold != EMERGENCY and detect_danger(p.text) is not None
    )
    pairs = Counter((p.gold, p.predicted) for p in predictions if p.gold != p.predicted)
    confusions = sorted(
        ((gold, pred, n) for (gold, pred), n in pairs.items()), key=lambda c: (-c[2], c[0], c[1])
    )
    return Report(
        total=total,
        accuracy=correct / total if total else 0.0,
        macro_f1=sum(v[2] for v in per_intent.values()) / len(per_intent) if per_intent else 0.0,
        per_intent=per_intent,
        emergency_total=len(emergencies),
        emergency_recall_nlu=caught_nlu / len(emergencies) if emergencies else 1.0,
        emergency_recall_safety=caught_safety / len(emergencies) if emergencies else 1.0,
        emergency_recall_with_safety=caught_any / len(emergencies) if emergencies else 1.0,
        safety_triggers_on_other_intents=safety_on_others,
        confusions=confusions,
    )


def print_report(report: Report, eval_set: Path, model: Path) -> None:
    print(f"evaluation set: {eval_set} ({report.total} messages)")
    print(f"model:          {model.name}")
    print()
    print(f"{'intent':<18} {'prec':>6} {'recall':>6} {'f1':>6} {'n':>4}")
    for intent, (precision, recall, f1, support) in report.per_intent.items():
        print(f"{intent:<18} {precision:6.3f} {recall:6.3f} {f1:6.3f} {support:4d}")
    print()
    print(f"intent accuracy:                     {report.accuracy:.3f}")
    print(f"macro F1 (intents of the eval set):  {report.macro_f1:.3f}")
    print(
        f"emergency recall, NLU alone:         {report.emergency_recall_nlu:.3f}"
        f" (of {report.emergency_total})"
    )
    print(f"emergency recall, safety net alone:  {report.emergency_recall_safety:.3f}")
    print(f"emergency recall, NLU or safety net: {report.emergency_recall_with_safety:.3f}")
    print(
        f"safety net triggers on non-emergency messages: {report.safety_triggers_on_other_intents}"
    )
    print()
    if report.confusions:
        print("confusion pairs (gold -> predicted: count):")
        for gold, predicted, n in report.confusions:
            print(f"  {gold} -> {predicted}: {n}")
    else:
        print("confusion pairs: none")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--eval-set",
        type=Path,
        default=Path(os.environ.get("EVAL_SET", ROOT.parent / "shared" / "eval" / "nlu_dev.yml")),
    )
    parser.add_argument("--model", type=Path, default=None, help="default: scripts/model-path")
    parser.add_argument("--rasa", type=Path, default=ROOT / ".venv-bot" / "bin" / "rasa")
    parser.add_argument("--min-accuracy", type=float, default=None)
    parser.add_argument("--min-macro-f1", type=float, default=None)
    parser.add_argument("--min-emergency-recall", type=float, default=None)
    args = parser.parse_args(argv)

    eval_set: Path = args.eval_set.resolve()
    if not eval_set.is_file():
        print(f"evaluation set not found: {eval_set}", file=sys.stderr)
        return 2
    model: Path = (args.model or current_model()).resolve()
    if not model.is_file():
        print(f"model not found: {model} (run `make model`)", file=sys.stderr)
        return 2

    with tempfile.TemporaryDirectory(prefix="relais-eval-") as tmp:
        run_rasa(args.rasa, model, eval_set, Path(tmp))
        predictions = load_predictions(Path(tmp))
    if not predictions:
        print("rasa test nlu returned no predictions", file=sys.stderr)
        return 2
    report = evaluate(predictions)
    print_report(report, eval_set, model)

    failed = [
        name
        for name, value, minimum in (
            ("accuracy", report.accuracy, args.min_accuracy),
            ("macro F1", report.macro_f1, args.min_macro_f1),
            ("emergency recall with the safety net", report.emergency_recall_with_safety,
             args.min_emergency_recall),
        )
        if minimum is not None and value < minimum
    ]  # fmt: skip
    for name in failed:
        print(f"below target: {name}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
