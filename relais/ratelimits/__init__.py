"""Rate limits shared by every API worker: hits counted in the database, by a hashed key."""
