"""Plain functions per aggregate; the only writers of documents."""
