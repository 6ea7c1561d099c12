"""Version 1 routes."""
