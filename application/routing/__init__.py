"""Smart order routing: venue scores and the allocations they lead to."""
