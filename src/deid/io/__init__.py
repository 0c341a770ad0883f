"""Reading notes, writing results, the audit trail, and the batch run that ties them together."""
