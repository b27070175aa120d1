"""Extractors of phases, quotas, deadlines, rules, meetings, attachments and units."""
