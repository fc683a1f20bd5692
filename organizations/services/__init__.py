"""Every write of the organizations app (STYLE.md §3), by sub-domain."""
