"""The workplace task (tugas penerapan): learners send work, their unit head reviews it."""
