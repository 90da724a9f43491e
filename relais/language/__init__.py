"""Reading French as people write and say it: normalisation (accents, SMS spellings), the
spaCy pipeline (lemmas, morphology, dependencies), clauses with their negation and tense, and
numbers said in words. Used by the answer readers and the safety net."""
