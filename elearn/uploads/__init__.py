"""Spreadsheets uploaded for import (employees, SKM results): reading CSV/XLSX within fixed
limits, and keeping a checked table for its owner until they confirm the preview."""
