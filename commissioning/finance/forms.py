"""Total pot forms."""
