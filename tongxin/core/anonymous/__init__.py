"""What every anonymous channel shares (worker voice's suggestion box, integrity's
misconduct reports): receipt codes shown once and stored as a hash (`receipts`), rate
limits that keep no address (`ratelimit`), ids that do not sit in a table's sequence
(`ids`), times cut to the hour (`times`), the no-cache, no-referrer page decorator and
the anonymous unit chooser (`pages`)."""
