"""Tests of adapters against real or fake infrastructure."""
