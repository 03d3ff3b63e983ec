"""Ray: sweep runs as Ray tasks, on a local Ray started in-process or an existing cluster."""
