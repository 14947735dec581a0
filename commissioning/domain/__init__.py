"""The domain's own words, with no framework: timescales, money, statuses, RAG, the plan.

Everything above (the reading pipeline, core, the apps) speaks through these; nothing here
imports Django or an app (the import contracts in pyproject.toml check it).
"""
