"""PostgreSQL adapter: tables, migrations, repositories and unit of work of the live profile."""
