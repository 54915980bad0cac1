"""Admin of country economy data (IMF WEO import). Filled in by the economy-data work."""
