"""Pages of the feasibility app: public (calls, library), members, reviewers, consultants, Secretariat."""
