"""Leader leases: one active scheduler at a time, another one taking over when it dies."""
