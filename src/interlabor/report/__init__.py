"""Summaries, figures and the demo job built on the footprint functions."""

from .summary import origin_summary

__all__ = ["origin_summary"]
