"""The rule on invisible characters, applied to content pages' front matter as to the catalogue.

Load (:mod:`generator.load.content_meta`) reads the front matter as plain text, removes Unicode Cf
characters and records where they were; the warning is this stage's
(:func:`.invisible_characters.invisible_problem`, the same message as for a procedure's field).
"""

from __future__ import annotations

from ..errors import Problem
from ..load.content_pages import ContentFile
from ..load.yaml_nodes import Position
from ..paths import PortalPaths
from .invisible_characters import invisible_problem


def front_matter_problems(paths: PortalPaths, content: list[ContentFile]) -> list[Problem]:
    """An ``invisible-character`` warning for each front-matter text that had some, page by page."""
    return [invisible_problem(paths.relative(file.source), Position(line, 0), (key,), list(found))
            for file in content if file.meta is not None
            for line, key, found in file.meta.invisible]
