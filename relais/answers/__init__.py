"""Reading what people answer to the assistant's questions: yes or no, a relation, an age, a
frequency, a phone number... Pure functions on the text (and, for yes/no, the NLU intent).

Button payloads carry their value as the entity `choice`; these functions read free text, as
typed on a phone, said aloud or written without accents ("ouai", "jsp", "dans les 80").
"""
