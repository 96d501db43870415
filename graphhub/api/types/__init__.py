"""GraphQL types, one module per type (or per small family of one concept)."""
