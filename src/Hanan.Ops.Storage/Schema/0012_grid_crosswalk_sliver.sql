-- 0012: crosswalk rows dropped as slivers (Hanan.Ops.Domain.Geography.Consolidation.CrosswalkSliverRule).
--
-- Where a departmental grid only grazes a unified grid (under 100 m² or 1 % of the departmental grid by default), the
-- consolidation drops the row from grid_crosswalk, so the departmental grid's name does not point there, and keeps it
-- here, reported with its overlap and its share of the departmental grid. Replaced with the crosswalk by each
-- consolidation.

CREATE TABLE IF NOT EXISTS grid_crosswalk_sliver
(
    department      text             NOT NULL,
    department_code text             NOT NULL,
    unified_code    text             NOT NULL REFERENCES grid_unified (code) ON DELETE CASCADE,
    overlap_m2      double precision NOT NULL CHECK (overlap_m2 > 0),
    fraction        double precision NOT NULL CHECK (fraction > 0 AND fraction <= 1.000001),
    PRIMARY KEY (department, department_code, unified_code),
    FOREIGN KEY (department, department_code) REFERENCES grid_department_grid (department, code) ON DELETE CASCADE
);

CREATE INDEX IF NOT EXISTS grid_crosswalk_sliver_unified_idx ON grid_crosswalk_sliver (unified_code);

COMMENT ON TABLE grid_crosswalk_sliver IS 'Crosswalk rows dropped as slivers by the last consolidation: reported, never served as a link.';
