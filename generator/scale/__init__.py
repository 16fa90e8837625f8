"""National scale: the dossier aggregation of :mod:`generator.dossiers` run on a Dask cluster (``portal aggregate``)."""
