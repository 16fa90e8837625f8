"""Figures published from the monthly statistics: spans, aggregation, rankings (pure pandas)."""
