"""A new portal root, copied by `portal new`."""
