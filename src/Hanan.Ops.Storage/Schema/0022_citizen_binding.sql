-- 0022: real-name bindings of citizen accounts to residents (实名绑定; Hanan.Ops.Storage.Residents.PostgresCitizenBindingStore).
--
-- One resident per account (the primary key) and one account per resident (the unique resident_id): two racing
-- binds cannot both win. No ID number or name is stored here, only the resident's surrogate id. Failed attempts are
-- kept per account so that the limit on them survives a restart.

CREATE TABLE IF NOT EXISTS citizen_binding
(
    account     text        PRIMARY KEY,
    resident_id uuid        NOT NULL UNIQUE,
    bound_at    timestamptz NOT NULL
);

COMMENT ON TABLE citizen_binding IS 'Citizen accounts bound to residents (实名绑定): one each way.';

CREATE TABLE IF NOT EXISTS citizen_binding_failure
(
    account text        NOT NULL,
    at      timestamptz NOT NULL
);

CREATE INDEX IF NOT EXISTS citizen_binding_failure_account ON citizen_binding_failure (account, at);
