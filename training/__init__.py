"""Training the stancesum model from files in the one dataset format (see configs/)."""
