"""Dossier records (data contract, sections 5–7): read, check, count working days, aggregate.

One implementation for one machine and for a Dask cluster (issue 12): every step is a pure function of one
partition, and partial results combine by sums (see :mod:`.aggregate`).
"""
