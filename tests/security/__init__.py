"""Security: what a commit can make the generator read, write, delete or run (issue 9)."""
