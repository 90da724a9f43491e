"""The isolation assessment of a self-referral: the answers, the level, the proposed orientation.

Pure Python, no database: `level.assess(answers)` gives the level and the orientation that
docs/design.md defines (sociability networks after the Fondation de France, the 3-item UCLA
loneliness scale, rupture events, health and mobility).
"""
