"""A seeded generator of full, realistic market-data days calibrated on real samples."""
