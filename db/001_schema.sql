-- ofsted-tui schema, version 1.
-- Applied inside one transaction by the migration runner, which then sets
-- PRAGMA user_version to this file's number.

-- Facts about the database itself, e.g. ('sample_data', 'demo seed 1'),
-- ('findings_generation', '7'): bumped whenever findings or actions
-- change, so that derived search files know when they are stale.
CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

-- Every file whose records are in the database.  Re-importing a file with
-- the same SHA-256 changes nothing.
CREATE TABLE source_file (
    id     INTEGER PRIMARY KEY,
    name   TEXT NOT NULL,
    sha256 TEXT NOT NULL UNIQUE,
    kind   TEXT NOT NULL
);

CREATE TABLE authority (
    id       INTEGER PRIMARY KEY,
    ons_code TEXT UNIQUE,
    urn      INTEGER UNIQUE,
    name     TEXT NOT NULL,
    region   TEXT,
    status   TEXT NOT NULL DEFAULT 'current'
             CHECK (status IN ('current', 'no longer exists'))
);
CREATE INDEX authority_by_region ON authority(region, name);

-- Name spellings met in the wild, by normalised key (see la_name.c):
-- "Bristol, City of", "Bristol" and "City of Bristol" share one key.
CREATE TABLE authority_alias (
    name_key     TEXT PRIMARY KEY,
    authority_id INTEGER NOT NULL REFERENCES authority(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX authority_alias_by_authority ON authority_alias(authority_id);

CREATE TABLE inspection (
    id             INTEGER PRIMARY KEY,
    authority_id   INTEGER NOT NULL REFERENCES authority(id),
    framework      TEXT NOT NULL CHECK (framework IN (
                       'jar', 'apa', 'slac', 'lac2013', 'sif', 'sif_reinspection',
                       'lscb_review', 'ilacs_standard', 'ilacs_short',
                       'focused_visit', 'monitoring_visit', 'jtai', 'other')),
    start_date     TEXT NOT NULL CHECK (start_date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
    end_date       TEXT,
    published      TEXT,
    lead_inspector TEXT,
    web_link       TEXT,
    source_id      INTEGER REFERENCES source_file(id),
    UNIQUE (authority_id, framework, start_date)
);
CREATE INDEX inspection_by_authority ON inspection(authority_id, start_date);
CREATE INDEX inspection_by_start ON inspection(start_date);

CREATE TABLE judgement (
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    area          TEXT NOT NULL,
    area_label    TEXT,
    grade         INTEGER CHECK (grade IS NULL OR grade BETWEEN 1 AND 4),
    grade_label   TEXT,
    source_id     INTEGER REFERENCES source_file(id),
    PRIMARY KEY (inspection_id, area)
) WITHOUT ROWID;
CREATE INDEX judgement_by_area ON judgement(area, grade);

CREATE TABLE action (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    ordinal       INTEGER NOT NULL,
    text          TEXT NOT NULL,
    source_id     INTEGER REFERENCES source_file(id),
    UNIQUE (inspection_id, ordinal)
);

CREATE TABLE finding (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER NOT NULL REFERENCES inspection(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,  -- order in the report
    section       TEXT NOT NULL,
    section_label TEXT,
    paragraph     INTEGER,
    page          INTEGER,
    text          TEXT NOT NULL,
    source_id     INTEGER REFERENCES source_file(id),
    UNIQUE (inspection_id, seq)
);
-- Search filters pick findings by section without reading their text.
CREATE INDEX finding_by_section ON finding(section, inspection_id);

-- Analysts' own notes on inspections or findings.
CREATE TABLE note (
    id            INTEGER PRIMARY KEY,
    inspection_id INTEGER REFERENCES inspection(id) ON DELETE CASCADE,
    finding_id    INTEGER REFERENCES finding(id) ON DELETE CASCADE,
    created       TEXT NOT NULL,
    text          TEXT NOT NULL
);

-- A random identity, so files derived from this database (the search
-- index beside it) can tell it from another database at the same path.
INSERT INTO meta(key, value) VALUES ('database_id', lower(hex(randomblob(16))));
