"""VISES: evaluate and communicate the social impact of SSE enterprises."""
