"""Nothing is registered: the trail is read through the audit views, which check the reader's
organisation and record the reading, and never edited. The Django admin does neither."""
