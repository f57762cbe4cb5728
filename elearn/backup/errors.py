"""Why a backup or a restore stopped: the message the operator reads and the exit code."""

from __future__ import annotations

# Exit codes of `elearn backup` and `elearn restore` (deploy/BACKUP.md lists them).
FAILED = 1  # anything else: a file that cannot be written, a tool that failed
DESTINATION = 3  # DEST exists, or its parent folder does not
TOOL_MISSING = 4  # pg_dump or pg_restore is not installed
UNREACHABLE = 5  # the database cannot be reached
DAMAGED = 6  # the backup is incomplete, altered or does not fit this instance
NOT_EMPTY = 7  # restore refused: the instance already holds data


class BackupError(Exception):
    """A backup or restore refused or failed, with a message in Bahasa Indonesia."""

    def __init__(self, message: str, code: int = FAILED):
        super().__init__(message)
        self.message = message
        self.code = code
