"""One module per command of the ``portal`` command line: new, validate, build, serve."""
