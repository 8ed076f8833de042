"""What residents see: the public pages, feeds, site map, preferences and error pages."""
