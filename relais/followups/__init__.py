"""Follow-up of people who agreed to it: their answers to check-in calls.

The scheduler (which places the calls) reads the answers recorded here to decide what comes
next: nothing, a later call, or a case for the person's referent.
"""
