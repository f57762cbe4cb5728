"""Self-service account recovery (issue 17): "forgot password" links, confirming a new
e-mail address, and the mail both send. The stored tokens are auth.recovery's."""
