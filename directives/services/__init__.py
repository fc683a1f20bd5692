"""Every write of the directives app, by sub-domain (STYLE.md §3)."""
