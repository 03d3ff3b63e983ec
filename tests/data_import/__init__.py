"""Tests of the market-data importers and the sample-day generator."""
