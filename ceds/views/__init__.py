"""Pages of the ceds app."""
