-- 0060: delivery of cases to bureaus' own systems (Hanan.Ops.Storage.Delivery.PostgresCaseDeliveryStore).
--
-- One row per case and bureau whose own system receives the case (by Open311 or a signed webhook). The row is the
-- delivery's state, as FixMyStreet keeps it on the report: when it was sent, how many attempts, the last error, when
-- the next attempt is due, and the id the remote system gave the case. A host leases a due row by moving
-- next_attempt_at forward before it sends, so two hosts do not send the same row at once; the remote de-duplicates
-- by the delivery's idempotency key if a host dies between sending and recording.

CREATE TABLE IF NOT EXISTS case_delivery
(
    case_id         uuid        NOT NULL,
    bureau_id       text        NOT NULL,
    case_number     text        NOT NULL,
    mode            text        NOT NULL CHECK (mode IN ('open311', 'webhook')),
    created_at      timestamptz NOT NULL,
    sent_at         timestamptz,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    last_attempt_at timestamptz,
    next_attempt_at timestamptz,
    remote_id       text,
    PRIMARY KEY (case_id, bureau_id)
);

CREATE INDEX IF NOT EXISTS case_delivery_due ON case_delivery (next_attempt_at) WHERE sent_at IS NULL;
CREATE INDEX IF NOT EXISTS case_delivery_failing ON case_delivery (bureau_id, next_attempt_at) WHERE sent_at IS NULL AND attempts > 0;
CREATE UNIQUE INDEX IF NOT EXISTS case_delivery_remote ON case_delivery (bureau_id, remote_id) WHERE remote_id IS NOT NULL;

COMMENT ON TABLE case_delivery IS 'Cases delivered to bureaus'' own systems: sent at, attempts, last error, next retry (back-off), remote id.';
