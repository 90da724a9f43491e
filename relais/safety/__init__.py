"""The safety net: danger words found before the NLU, answered at once with emergency numbers.

Pure Python, no Rasa: every channel calls `detect_danger` on each incoming message, and the bot
calls it again as a rule. The phrasings are data in `patterns.py`, tested in
tests/safety/test_detect.py.
"""

from relais.language.normalize import normalize
from relais.safety.detect import DangerMatch, detect_danger
from relais.safety.patterns import DangerKind
from relais.safety.replies import emergency_reply

__all__ = ["DangerKind", "DangerMatch", "detect_danger", "emergency_reply", "normalize"]
