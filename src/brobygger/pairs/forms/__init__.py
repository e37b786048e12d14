"""The pairs app's forms: the pair space, the coordinator's pages, shadowing days."""
