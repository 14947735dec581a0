"""Total pot pages (filled in below)."""
