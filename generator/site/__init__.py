"""Stages 5–7: stage the rendered files, run the engine, post-build, publish atomically.

Entry points, in the order ``portal build`` calls them: :func:`.staging.stage` (writes only what
changed into ``.portal-cache/``), :func:`.mkdocs_build.run_mkdocs` (the engine, MkDocs or
ProperDocs: see :mod:`generator.engines`; on several cores: :mod:`.parallel_build`), then the post-build steps on the built folder —
:func:`.content_sanitiser.sanitise_editor_pages`, :func:`.post_build.write_search_index`,
:func:`.post_build.finish_site` (robots.txt, sitemap dates, whitespace, link check) — all inside
:func:`.publish.atomic_output`, which swaps the new site in only when every step succeeded.
"""
