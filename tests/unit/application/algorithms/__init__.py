"""Unit and property tests of the execution algorithms."""
