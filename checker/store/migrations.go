package store

// migrations returns the schema migrations in order; migration i brings the
// database from version i to i+1. Append new entries, never edit old ones.
func migrations() []string {
	return []string{schemaV1, schemaV2}
}

// schemaV1 is the initial schema. Times are unix milliseconds UTC; an
// ongoing incident has a NULL end_ms.
const schemaV1 = `
CREATE TABLE incidents (
	id       INTEGER PRIMARY KEY,
	service  TEXT    NOT NULL,
	start_ms INTEGER NOT NULL,
	end_ms   INTEGER,
	peak     TEXT    NOT NULL,
	scope    TEXT    NOT NULL,
	CHECK (end_ms IS NULL OR end_ms >= start_ms)
);
CREATE INDEX incidents_start ON incidents(start_ms);
CREATE INDEX incidents_service_start ON incidents(service, start_ms);
CREATE INDEX incidents_ongoing ON incidents(start_ms) WHERE end_ms IS NULL;
CREATE INDEX incidents_end ON incidents(end_ms);

CREATE TABLE incident_components (
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	component   TEXT    NOT NULL,
	PRIMARY KEY (incident_id, component)
) WITHOUT ROWID;

CREATE TABLE evidence (
	id          INTEGER PRIMARY KEY,
	incident_id INTEGER NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,
	at_ms       INTEGER NOT NULL,
	source      TEXT    NOT NULL,
	component   TEXT    NOT NULL DEFAULT '',
	layer       TEXT    NOT NULL DEFAULT '',
	class       TEXT    NOT NULL DEFAULT '',
	message     TEXT    NOT NULL DEFAULT '',
	latency_ms  INTEGER NOT NULL DEFAULT 0,
	title       TEXT    NOT NULL DEFAULT '',
	url         TEXT    NOT NULL DEFAULT '',
	lang        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX evidence_incident ON evidence(incident_id, at_ms);

CREATE TABLE samples (
	service    TEXT    NOT NULL,
	component  TEXT    NOT NULL,
	at_ms      INTEGER NOT NULL,
	status     TEXT    NOT NULL,
	latency_ms INTEGER NOT NULL
);
CREATE INDEX samples_service_component_at ON samples(service, component, at_ms);
CREATE INDEX samples_at ON samples(at_ms);

CREATE TABLE daily_status (
	service  TEXT    NOT NULL,
	day_ms   INTEGER NOT NULL,
	up       INTEGER NOT NULL DEFAULT 0,
	degraded INTEGER NOT NULL DEFAULT 0,
	partial  INTEGER NOT NULL DEFAULT 0,
	down     INTEGER NOT NULL DEFAULT 0,
	unknown  INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (service, day_ms)
) WITHOUT ROWID;
`

// schemaV2 keeps the verdicts on the user's own connection (online,
// offline, captive, dns_broken, degraded) as periods: one row from each
// change to the next, the latest with a NULL end_ms while it lasts.
const schemaV2 = `
CREATE TABLE network_periods (
	id       INTEGER PRIMARY KEY,
	network  TEXT    NOT NULL,
	reason   TEXT    NOT NULL DEFAULT '',
	start_ms INTEGER NOT NULL,
	end_ms   INTEGER,
	CHECK (end_ms IS NULL OR end_ms >= start_ms)
);
CREATE INDEX network_periods_start ON network_periods(start_ms);
`
