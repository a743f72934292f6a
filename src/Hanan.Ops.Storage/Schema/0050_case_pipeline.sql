-- 0050: the crash-safe case pipeline (Hanan.Ops.Storage.Appeals.PostgresCaseStore).
--
-- Every change of a case is one transaction over these tables, case_summary (0005) and audit_log (0040), so the
-- case, its list row, its deadlines, its activity and the audit record of the action never diverge. Many cases'
-- changes share one transaction (group commit); each case row is guarded by its version.
--
--   case_record    the case itself: its state (serialized by the Orleans serializer, as the grain holds it) and a
--                  version that grows by one with every commit (optimistic concurrency between activations).
--   case_deadline  the durable deadline index: one row per pending deadline kind of a case (escalation:Warning,
--                  claim:{bureau}, act:{bureau}, rating), replaced with every commit. Scheduler grains, one per
--                  partition, read the rows that fall due and ask each case to evaluate; the case's record of
--                  applied steps makes each step apply exactly once.
--   case_activity  the activity log (outbox): one row per timeline entry. Memory streams push it with low latency;
--                  consumers that missed pushes catch up from here. A position is drawn inside its transaction, so
--                  a lower position can become visible a moment after a higher one: readers move their cursor only
--                  over rows written (written_at, the clock at the insert, the last statement before COMMIT) longer
--                  ago than the store's transactions may take.
--   case_activity_cursor  how far each consumer (live relay, grid feed) has read each partition of the log.

CREATE TABLE IF NOT EXISTS case_record
(
    id        uuid        PRIMARY KEY,
    version   bigint      NOT NULL CHECK (version > 0),
    state     bytea       NOT NULL,
    stored_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS case_deadline
(
    case_id   uuid        NOT NULL,
    kind      text        NOT NULL,
    due_at    timestamptz NOT NULL,
    partition smallint    NOT NULL,
    PRIMARY KEY (case_id, kind)
);

-- The schedulers' question: what falls due next in my partition.
CREATE INDEX IF NOT EXISTS case_deadline_due ON case_deadline (partition, due_at);

CREATE TABLE IF NOT EXISTS case_activity
(
    position   bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id    uuid        NOT NULL,
    version    bigint      NOT NULL,
    partition  smallint    NOT NULL,
    action     text        NOT NULL,
    at         timestamptz NOT NULL,
    payload    jsonb       NOT NULL,
    written_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS case_activity_partition ON case_activity (partition, position);
CREATE INDEX IF NOT EXISTS case_activity_case ON case_activity (case_id, position);

CREATE TABLE IF NOT EXISTS case_activity_cursor
(
    consumer  text     NOT NULL,
    partition smallint NOT NULL,
    position  bigint   NOT NULL,
    PRIMARY KEY (consumer, partition)
);

-- Upgrade from the per-case Orleans state and reminders: cases stored before this script live in the grain state
-- table (state name 'case'). Each case moves its state into case_record the first time it is activated. Register a
-- deadline due now for every case that is not finished, so the schedulers activate each of them at once: the case
-- moves its state and replaces this row with its real deadlines in one commit.
INSERT INTO case_deadline (case_id, kind, due_at, partition)
SELECT s.id, 'upgrade', now(), 0
  FROM case_summary s
 WHERE s.status NOT IN ('Closed', 'Merged')
ON CONFLICT DO NOTHING;
