"""Stage 1, load: the editors' files → raw records with their positions; parse only, no rules.

Entry points (called by :func:`generator.portal.read_portal`): :func:`.catalogue_files.read_catalogue`
(``procedures/`` YAML → nodes with line and column), :func:`.statistics_files.read_statistics_files`
(CSV/xlsx tables, every column as text), :func:`.content_pages.read_content` (``content/`` pages and
assets), :func:`.git_history.read_history` (the catalogue's commits). Every file is reached through
:mod:`.safe_files` (no link out of the portal) and read as untrusted input: problems are returned as
records, never raised.
"""
