"""Static-site transparency portal generator for public administrative procedures.

Pipeline: load → validate → compute statistics → render pages → MkDocs build → publish.
"""

__version__ = "0.1.0"
