"""Compute stage: the catalogue's changes (data and git history) → plain, immutable records."""
