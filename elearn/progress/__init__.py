"""A learner's way through a course: enrolment, modules read, sections passed, completion.

`queries` reads it; `services` records it and turns a completed course into its JP and
certificate, in the transaction of the read mark or attempt that completed it.
"""
