"""Scores the answer readers and the safety net on sets of natural phrasings (eval/).

For each kind of question: the share of answers read as a careful listener would (the reader of
relais.flows.readers, on the words alone: no NLU intent, the worst case). For the safety net:
recall on the danger phrasings (and the kind found), false alarms on the calm ones.

    .venv/bin/python scripts/eval_answers.py --answers eval/answers_dev.yml \
        --danger eval/danger_dev.yml

Exit status: 0 when the evaluation ran (and met the optional thresholds), 1 when a threshold
was missed, 2 when a file is missing.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from relais.flows.commune import read_commune  # noqa: E402
from relais.flows.readers import QUESTIONS, Message  # noqa: E402
from relais.safety import detect_danger  # noqa: E402
from relais.territory.models import Territory  # noqa: E402

# A kind of the set that is not a question name: the question whose reader answers it.
READ_AS = {"ucla": "ucla_companionship"}
CREUSE = Territory(code="creuse", name="Creuse", departements=["23"], timezone="Europe/Paris")


@dataclass
class Score:
    kind: str
    total: int = 0
    right: int = 0

    @property
    def share(self) -> float:
        return self.right / self.total if self.total else 0.0


def read(kind: str, text: str) -> Any:
    message = Message(text)
    if kind == "commune":
        reading = read_commune(CREUSE, message, [])
        return reading.extra.get("commune_insee") if reading.understood else None
    return QUESTIONS[READ_AS.get(kind, kind)].read(message).value


def matches(expected: Any, got: Any) -> bool:
    if expected == "story":
        return isinstance(got, str) and len(got) > 0
    if isinstance(expected, list):
        return isinstance(got, list) and sorted(expected) == sorted(got)
    return bool(got == expected)


def score_answers(path: Path, verbose: bool) -> list[Score]:
    scores = []
    for kind, items in yaml.safe_load(path.read_text()).items():
        score = Score(kind)
        for expected, text in items:
            got = read(kind, text)
            score.total += 1
            if matches(expected, got):
                score.right += 1
            elif verbose:
                print(f"  {kind}: {text!r} read {got!r}, expected {expected!r}")
        scores.append(score)
    return scores


@dataclass
class DangerScore:
    dangers: int = 0
    caught: int = 0
    right_kind: int = 0
    calm: int = 0
    false_alarms: int = 0


def score_danger(path: Path, verbose: bool) -> DangerScore:
    data = yaml.safe_load(path.read_text())
    score = DangerScore()
    for kind, text in data["danger"]:
        score.dangers += 1
        found = detect_danger(text)
        if found is None:
            if verbose:
                print(f"  missed ({kind}): {text!r}")
            continue
        score.caught += 1
        score.right_kind += found.kind.value == kind
    for text in data["calm"]:
        score.calm += 1
        found = detect_danger(text)
        if found is not None:
            score.false_alarms += 1
            if verbose:
                print(f"  false alarm ({found.phrase}): {text!r}")
    return score


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--answers", type=Path, help="natural answers, by kind of question")
    parser.add_argument("--danger", type=Path, help="danger and calm phrasings")
    parser.add_argument("--min-share", type=float, default=0.0, help="per kind of question")
    parser.add_argument("--min-recall", type=float, default=0.0)
    parser.add_argument("--max-false-alarms", type=int, default=None)
    parser.add_argument("--verbose", action="store_true", help="print each miss")
    args = parser.parse_args()
    missing = [p for p in (args.answers, args.danger) if p is not None and not p.is_file()]
    if missing:
        print(f"not found: {', '.join(map(str, missing))}", file=sys.stderr)
        return 2
    failed = False
    if args.answers:
        scores = score_answers(args.answers, args.verbose)
        print(f"answers: {args.answers}")
        print(f"{'question':26} {'read':>5} {'of':>4} {'share':>6}")
        for score in scores:
            print(f"{score.kind:26} {score.right:5} {score.total:4} {score.share:6.3f}")
            failed |= score.share < args.min_share
        right = sum(s.right for s in scores)
        total = sum(s.total for s in scores)
        print(f"{'all':26} {right:5} {total:4} {right / total:6.3f}")
    if args.danger:
        danger = score_danger(args.danger, args.verbose)
        recall = danger.caught / danger.dangers
        print(f"\ndanger: {args.danger}")
        print(f"recall:        {recall:.3f} ({danger.caught} of {danger.dangers})")
        print(f"right kind:    {danger.right_kind} of {danger.caught}")
        print(f"false alarms:  {danger.false_alarms} of {danger.calm} calm messages")
        failed |= recall < args.min_recall
        if args.max_false_alarms is not None:
            failed |= danger.false_alarms > args.max_false_alarms
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
