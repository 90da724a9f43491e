"""Dashboard figures: aggregated counts only, never a case or a person."""
