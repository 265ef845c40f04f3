"""Neo4j Bloom perspective and Browser style, generated from :mod:`graph.schema`."""
