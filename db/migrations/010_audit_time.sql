-- The auditor filters the audit log by a range of days; this index finds the entries of a
-- range without walking the log from its newest entry. (A part of an actor's name has no
-- index: the search walks back by seq and stops at a page of matches.)
CREATE INDEX audit_log_at ON audit_log (at);
