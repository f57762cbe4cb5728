"""The public front (issue 17): what a visitor who is not logged in may read.

The landing page (`/`), the catalog and the course overviews, the sitemap and robots.txt
open without login unless the site is private (`access.site_is_public`); module content,
quizzes, tasks and everything personal stay behind login. docs/public-front.md describes
it for the BKPSDM IT team.
"""
