-- 0040: the audit log (留痕), Hanan.Ops.Storage.Audit.PostgresAuditStore.
--
-- Append-only and hash-chained: each row carries the hash of the row before it (see Hanan.Ops.Domain.Audit.AuditChain).
-- Writers serialise on the advisory lock (230108, 40), so the chain is linear across every host of a cluster.
--
-- A trigger refuses every UPDATE and TRUNCATE, whichever role runs it. It refuses DELETE too, except the retention
-- purge: a row older than 180 days (the legal minimum of six months, whatever the application is configured to
-- keep) that lies before a checkpoint record naming where the retained log starts. A superuser can still switch the
-- trigger off; the hash chain is what makes that visible (GET /api/audit/verify, `hanan audit verify`).

CREATE TABLE IF NOT EXISTS audit_log
(
    sequence      bigint       PRIMARY KEY,
    at            timestamptz  NOT NULL,
    actor         text         NOT NULL,
    role          text         NOT NULL,
    action        text         NOT NULL,
    target        text,
    source        text,
    outcome       text         NOT NULL,
    detail        text,
    previous_hash text         NOT NULL,
    hash          text         NOT NULL
);

CREATE INDEX IF NOT EXISTS audit_log_at ON audit_log (at);

CREATE OR REPLACE FUNCTION audit_log_guard() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        IF OLD.at < now() - interval '180 days'
           AND EXISTS (SELECT 1
                         FROM audit_log c
                        WHERE c.action = 'audit.checkpoint'
                          AND c.sequence > OLD.sequence
                          AND c.target ~ '^from:[0-9]+;links:'
                          AND split_part(substr(c.target, 6), ';', 1)::bigint > OLD.sequence) THEN
            RETURN OLD;
        END IF;
    END IF;
    RAISE EXCEPTION 'audit_log is append-only: % refused', TG_OP
        USING ERRCODE = 'insufficient_privilege',
              HINT = 'Only the retention purge may delete records older than 180 days that precede a checkpoint.';
END;
$$;

DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
CREATE TRIGGER audit_log_append_only
    BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_guard();

DROP TRIGGER IF EXISTS audit_log_no_truncate ON audit_log;
CREATE TRIGGER audit_log_no_truncate
    BEFORE TRUNCATE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_guard();
