"""The reporting kernel every HR-facing package shares: the viewer's scope, report
filters and tabular downloads."""
