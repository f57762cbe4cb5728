"""`elearn backup` and `elearn restore`: the database, the instance's keys and a manifest."""
