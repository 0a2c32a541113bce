"""The conversation engine: runs topics, keeps answers, undoes exactly. No UI here."""
