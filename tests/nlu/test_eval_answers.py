"""scripts/eval_answers.py on our development sets: the readers and the safety net keep what
they read right (a change that breaks a reading shows here), and the script's figures and exit
status are what `make eval` prints."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, str(ROOT / "scripts" / "eval_answers.py"), *args]
    return subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)


def test_the_development_sets_are_read_as_a_careful_listener_would() -> None:
    done = run(
        "--answers", "eval/answers_dev.yml",
        "--danger", "eval/danger_dev.yml",
        "--min-share", "0.95",
        "--min-recall", "1.0",
        "--max-false-alarms", "0",
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    assert "network_family" in done.stdout
    assert "recall:        1.000" in done.stdout


def test_a_missed_threshold_fails_and_a_missing_file_is_said(tmp_path: Path) -> None:
    hard = tmp_path / "hard.yml"
    hard.write_text('network_family:\n  - [true, "bleu"]\n')
    assert run("--answers", str(hard), "--min-share", "0.5").returncode == 1
    missing = run("--answers", str(tmp_path / "none.yml"))
    assert missing.returncode == 2
    assert "not found" in missing.stderr
