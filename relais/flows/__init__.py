"""The assistant's conversations, as plain functions over the answers gathered so far.

Which question comes next, how an answer is read, what is said back, and what is recorded at
the end. The Rasa actions (actions/) only carry these between Rasa and the database.
"""
