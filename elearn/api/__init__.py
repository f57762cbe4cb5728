"""The versioned REST API at /api/v1: personal access tokens, problem details, cursors."""
