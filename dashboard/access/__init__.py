"""Who may do what: the roles file, township scopes bound to every query, and the audit log."""
