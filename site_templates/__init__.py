"""Templates and theme shipped with the generator (installed as ``generator.site_templates``).

pages/    Jinja2 templates of the generated Markdown pages
theme/    MkDocs Material overrides (``custom_dir``): main.html, 404.html, CSS
strings/  the site's UI text, one YAML file per language

A portal overrides any of these by putting a file at the same path in its own
``site_templates/`` folder.
"""
