"""Follow-up evaluation (Kirkpatrick level 3): questionnaires to the learner and their unit
head N days after a completion, sent by the daily reminder run, answered at /evaluasi."""
