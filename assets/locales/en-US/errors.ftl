# Errors: files, plans, marks, the config file.
