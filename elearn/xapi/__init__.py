"""xAPI: statements of what learners do, queued with the event and sent to an LRS later."""
