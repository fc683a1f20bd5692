"""Every write of the registry: models, sites, reviews, ratings and the lifecycle."""
