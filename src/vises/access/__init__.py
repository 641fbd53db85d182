"""Who may see and change what. Import the verbs from ``vises.access.rules``."""
