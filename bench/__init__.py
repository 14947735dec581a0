"""Benchmarks: ``make bench``. Figures go to docs/benchmarks.md by hand, with the machine."""
