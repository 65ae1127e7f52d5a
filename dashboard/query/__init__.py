"""The query file format and what reads it: headers, parameters, the registry of files, the selection."""
