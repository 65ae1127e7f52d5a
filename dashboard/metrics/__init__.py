"""Numbers computed from query results: pace against targets, pillar scores, survey intervals, warm-up."""
