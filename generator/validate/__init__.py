"""Stage 2, validate: the rules of the data contract over what load read; returns problems, never raises.

Entry points: :func:`.catalogue.validate_catalogue` (raw catalogue → :class:`generator.models.Catalogue`
and problems, through the pydantic models of :mod:`generator.contract`),
:func:`.statistics_rules.validate_statistics` (monthly tables → checked rows: codes, periods, the
identities of section 3), :func:`.ui_strings.check_ui_strings` (the locale and its strings file). Each
problem carries its file, line, column, field, stable code (:mod:`generator.problem_codes`) and hint.
"""
