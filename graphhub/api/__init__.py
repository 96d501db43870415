"""The HTTP service: GraphQL API, explorer, health."""
