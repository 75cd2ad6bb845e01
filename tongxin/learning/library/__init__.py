"""The study library and study records (issue #15 items 1, 2 and the reading half of 5)."""
