-- 0006: what the supervision monitor needs in every list row, without opening each case.
--
--   resolve_warning_at  the 75% warning (预警) instant of the resolution deadline, as the case computed it; NULL in
--                       rows projected before this column existed, until the case's next change or re-announcement.
--   extension_pending   an extension request (延期申请) waits for the supervision bureau's decision.

ALTER TABLE case_summary ADD COLUMN IF NOT EXISTS resolve_warning_at timestamptz;
ALTER TABLE case_summary ADD COLUMN IF NOT EXISTS extension_pending boolean NOT NULL DEFAULT false;

-- Pending extension requests are few: a partial index in list order.
CREATE INDEX IF NOT EXISTS case_summary_extension_pending_filed
    ON case_summary (filed_at DESC, id DESC) WHERE extension_pending;
