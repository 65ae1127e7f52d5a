"""Running SQL on a snapshot: the locked read-only connection, ad-hoc statements and their errors."""
