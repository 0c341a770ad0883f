"""The operators a policy names: what a finding becomes in the output."""
