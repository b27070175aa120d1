"""Fazhi (法治卫健): a health commission's administrative campaigns, from the plan to the annual report."""

__version__ = "0.1.0"
