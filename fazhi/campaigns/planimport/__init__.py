"""The plan importer in the app: an official plan (实施方案) → an editable draft → a campaign.

draft.py    the parsed plan (fazhi.plan/1) turned into the draft the page edits (pure)
diff.py     differences between a campaign's task tree and a revised plan (pure reads)
services.py the writes: one transaction for the campaign, one for applying a revision
"""
