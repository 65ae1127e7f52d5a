"""Which columns hold codes and which vocabulary names them; shared by display (codes) and loading (dictionary)."""

# Result columns whose values are codes; a column of another name is left as it is.
# Who may do what, each role including the ones before it (the roles file and page files name them).
ROLES = ("viewer", "analyst", "admin")

CODE_COLUMNS = ("category", "status", "channel", "stage", "step", "kind", "level", "build_mode", "service",
                "area", "measure", "group", "work_status", "key_project_status", "coverage", "counted_in", "data_kind")
# Several columns share one vocabulary.
VOCABULARY = {"work_status": "status", "key_project_status": "status", "top_concern": "category",
              "counted_in": "unit"}
