"""Stage 4, render (pure): computed objects → the staged Markdown pages, navigation and theme texts.

Entry point: :func:`.site_files.render_site` (portal + :class:`generator.pipeline.Computed` →
:class:`.site_files.RenderedSite`). It plans every page (:mod:`.page_plan`, :mod:`.statistics_pages`,
:mod:`.dossier_pages`, :mod:`.changes_pages`, :mod:`.open_data`) and renders it with Jinja2
(:mod:`.environment`; numbers and dates by Babel in :mod:`.formatting`). Render reads no file
outside the templates, runs no git, reads no environment variable, and writes nothing: staging does.
"""
