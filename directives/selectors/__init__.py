"""Every read of the directives app beyond .get(), by sub-domain (STYLE.md §3)."""
