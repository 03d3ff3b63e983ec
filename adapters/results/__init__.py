"""Run results as files: the parquet tables of CONTRACTS §2 and where they are stored."""
