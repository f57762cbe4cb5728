"""The systems around the platform (single sign-on, the API, xAPI, Open Badges): what
they share, their status line; each integration's code lives in its own package."""
