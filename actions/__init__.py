"""Rasa custom actions (rasa_sdk action server): thin adapters over relais services.

Run with `python -m rasa_sdk --actions actions`. No SQL and no business rules here.
"""
