"""The editors' form in the browser: Decap CMS served from the site's own ``/quan-tri/`` folder.

``settings`` is the ``extra.portal.cms`` block of mkdocs.yml, ``decap_config`` turns the
contract models into Decap's ``config.yml``, ``admin_site`` writes ``/quan-tri/`` (page,
configuration, the Decap bundle copied from ``node_modules``) after MkDocs.
"""
