-- 0021: the grid-worker roster (网格员花名册; Hanan.Ops.Storage.Roster.PostgresGridWorkerRoster).
--
-- One row per worker; grids is the array of unified grid codes they serve. The phone is never stored in clear:
-- phone_sealed is AES-256-GCM ciphertext under the ID encryption key (purpose "mobile-phone"), phone_masked the
-- display form. grid_roster holds the roster's version in its single row: every change moves it on by one in the
-- same transaction, and a change decided on an older version is refused (optimistic concurrency over the whole
-- roster, so that no two changes together leave a grid without a worker).

CREATE TABLE IF NOT EXISTS grid_worker
(
    id           text        PRIMARY KEY,
    name         text        NOT NULL,
    phone_sealed bytea       NOT NULL,
    phone_masked text        NOT NULL,
    grids        text[]      NOT NULL,
    active       boolean     NOT NULL,
    updated_at   timestamptz NOT NULL
);

COMMENT ON TABLE grid_worker IS 'Grid workers (网格员) and the grids they serve; the phone sealed and masked, never in clear.';
CREATE INDEX IF NOT EXISTS grid_worker_grids ON grid_worker USING gin (grids);

CREATE TABLE IF NOT EXISTS grid_roster
(
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    version   bigint  NOT NULL
);

INSERT INTO grid_roster (singleton, version) VALUES (true, 0) ON CONFLICT DO NOTHING;
