"""Rasa custom actions (rasa_sdk action server): thin adapters over relais services.

Run with `python -m rasa_sdk --actions actions`. No SQL and no business rules here.
"""

from relais.language.nlp import warm_up

# The readers parse answers with spaCy: loaded when the action server starts, not on the
# first answer of the first person.
warm_up()
