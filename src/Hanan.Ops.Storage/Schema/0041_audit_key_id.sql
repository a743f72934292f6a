-- 0041: the audit log's keyed links (Hanan.Ops.Domain.Audit.AuditChain, Hanan.Ops.Storage.Audit.PostgresAuditStore).
--
-- Each record written from this version on is linked with HMAC-SHA256 under an audit key that only the hosts (and
-- the verifier) hold, never the database. The row names the key by its id; records of earlier versions keep a NULL
-- key id and their plain SHA-256 link. The append-only trigger of 0040 stays as it is.

ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS key_id text;
