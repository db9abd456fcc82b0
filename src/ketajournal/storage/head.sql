-- A new ketajournal journal at schema 0004_sync: what the migrations make of an empty file.
-- Written by `python -m ketajournal.storage.head`; do not edit (a test compares the two).

CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
CREATE TABLE contact (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	name VARCHAR NOT NULL, 
	role VARCHAR NOT NULL, 
	phone VARCHAR, 
	note TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_contact_role ON contact (role);
CREATE TABLE mood_checkin (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	at VARCHAR(26) NOT NULL, 
	mood INTEGER NOT NULL, 
	anxiety INTEGER, 
	sleep_hours FLOAT, 
	energy INTEGER, 
	note TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_mood_checkin_at ON mood_checkin (at);
CREATE TABLE "plan" (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	medication VARCHAR NOT NULL, 
	form VARCHAR NOT NULL, 
	concentration_mg_per_ml FLOAT, 
	prescriber VARCHAR, 
	bp_required BOOLEAN NOT NULL, 
	first_session_supervised BOOLEAN NOT NULL, 
	notes TEXT, bp_limit_systolic INTEGER, bp_limit_diastolic INTEGER, 
	PRIMARY KEY (id)
);
CREATE TABLE question (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	text TEXT NOT NULL, 
	done_at VARCHAR(26), 
	answer TEXT, share_level VARCHAR DEFAULT 'clinician' NOT NULL, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_question_done_at ON question (done_at);
CREATE TABLE scale_result (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	at VARCHAR(26) NOT NULL, 
	scale VARCHAR NOT NULL, 
	score INTEGER NOT NULL, 
	answers TEXT, 
	band VARCHAR, 
	item9_positive BOOLEAN NOT NULL, 
	rated_by VARCHAR NOT NULL, 
	note TEXT, 
	PRIMARY KEY (id)
);
CREATE INDEX ix_scale_result_scale_at ON scale_result (scale, at);
CREATE TABLE setting (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	"key" VARCHAR NOT NULL, 
	value TEXT NOT NULL, 
	PRIMARY KEY (id), 
	UNIQUE ("key")
);
CREATE TABLE dose_step (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	plan_id VARCHAR(36) NOT NULL, 
	effective_at VARCHAR(26) NOT NULL, 
	dose_mg FLOAT NOT NULL, 
	reason TEXT NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE
);
CREATE INDEX ix_dose_step_effective_at ON dose_step (effective_at);
CREATE INDEX ix_dose_step_plan_id ON dose_step (plan_id);
CREATE TABLE schedule_phase (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	plan_id VARCHAR(36) NOT NULL, 
	phase VARCHAR NOT NULL, 
	interval_days INTEGER NOT NULL, 
	starts_at VARCHAR(26) NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(plan_id) REFERENCES "plan" (id) ON DELETE CASCADE
);
CREATE INDEX ix_schedule_phase_plan_id ON schedule_phase (plan_id);
CREATE INDEX ix_schedule_phase_starts_at ON schedule_phase (starts_at);
CREATE TABLE session (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	status VARCHAR NOT NULL, 
	planned_at VARCHAR(26), 
	timing_checks TEXT NOT NULL, 
	last_meal_at VARCHAR(26), 
	medications_today TEXT NOT NULL, 
	setting_checklist TEXT NOT NULL, 
	support_contact_id VARCHAR(36), 
	support_name VARCHAR, 
	intention TEXT, 
	mood_before INTEGER, 
	anxiety_before INTEGER, 
	bp_before_systolic INTEGER, 
	bp_before_diastolic INTEGER, 
	prescribed_dose_mg FLOAT, 
	taken_dose_mg FLOAT, 
	skipped_steps TEXT NOT NULL, 
	recorded_after BOOLEAN NOT NULL, 
	sip_started_at VARCHAR(26), 
	experience_started_at VARCHAR(26), 
	rest_started_at VARCHAR(26), 
	ended_at VARCHAR(26), 
	PRIMARY KEY (id), 
	FOREIGN KEY(support_contact_id) REFERENCES contact (id) ON DELETE SET NULL
);
CREATE INDEX ix_session_sip_started_at ON session (sip_started_at);
CREATE INDEX ix_session_status ON session (status);
CREATE INDEX ix_session_support_contact_id ON session (support_contact_id);
CREATE TABLE journal_entry (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	written_at VARCHAR(26) NOT NULL, 
	body TEXT NOT NULL, 
	title TEXT, 
	tags TEXT NOT NULL, 
	share_level VARCHAR NOT NULL, 
	session_id VARCHAR(36), 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE SET NULL
);
CREATE INDEX ix_journal_entry_session_id ON journal_entry (session_id);
CREATE INDEX ix_journal_entry_share_level ON journal_entry (share_level);
CREATE INDEX ix_journal_entry_written_at ON journal_entry (written_at);
CREATE TABLE reflection (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	session_id VARCHAR(36) NOT NULL, 
	kind VARCHAR NOT NULL, 
	status VARCHAR NOT NULL, 
	due_at VARCHAR(26) NOT NULL, 
	answered_at VARCHAR(26), 
	snoozed_until VARCHAR(26), 
	share_level VARCHAR NOT NULL, 
	intensity INTEGER, 
	dissociation INTEGER, 
	mood_after INTEGER, 
	anxiety_after INTEGER, 
	side_effects TEXT NOT NULL, 
	fragments TEXT, 
	intention_touched VARCHAR, 
	insights TEXT, 
	emotions TEXT, 
	images_memories TEXT, 
	what_was_hard TEXT, 
	integration_step TEXT, 
	insight_in_life TEXT, 
	integration_step_happened BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE CASCADE
);
CREATE INDEX ix_reflection_session_id ON reflection (session_id);
CREATE INDEX ix_reflection_status_due ON reflection (status, due_at);
CREATE TABLE session_event (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	session_id VARCHAR(36) NOT NULL, 
	at VARCHAR(26) NOT NULL, 
	kind VARCHAR NOT NULL, 
	text TEXT, 
	sensation VARCHAR, 
	severity VARCHAR, 
	phase VARCHAR, 
	systolic INTEGER, 
	diastolic INTEGER, 
	PRIMARY KEY (id), 
	FOREIGN KEY(session_id) REFERENCES session (id) ON DELETE CASCADE
);
CREATE INDEX ix_session_event_session_at ON session_event (session_id, at);
CREATE TABLE progress_marker (
	id VARCHAR(36) NOT NULL, 
	created_at VARCHAR(26) NOT NULL, 
	updated_at VARCHAR(26) NOT NULL, 
	at VARCHAR(26) NOT NULL, 
	marker VARCHAR NOT NULL, 
	value INTEGER NOT NULL, 
	note TEXT, 
	reflection_id VARCHAR(36), 
	PRIMARY KEY (id), 
	FOREIGN KEY(reflection_id) REFERENCES reflection (id) ON DELETE SET NULL
);
CREATE INDEX ix_progress_marker_at ON progress_marker (at);
CREATE INDEX ix_progress_marker_reflection_id ON progress_marker (reflection_id);
CREATE VIRTUAL TABLE search_index USING fts5(kind UNINDEXED, ref_id UNINDEXED, title, body, tokenize = 'unicode61 remove_diacritics 2');
CREATE TRIGGER journal_entry_search_ai AFTER INSERT ON journal_entry BEGIN INSERT INTO search_index (kind, ref_id, title, body) SELECT 'journal', new.id, new.title, new.body WHERE 1; END;
CREATE TRIGGER journal_entry_search_ad AFTER DELETE ON journal_entry BEGIN DELETE FROM search_index WHERE kind = 'journal' AND ref_id = old.id; END;
CREATE TRIGGER journal_entry_search_au AFTER UPDATE OF title, body ON journal_entry BEGIN DELETE FROM search_index WHERE kind = 'journal' AND ref_id = old.id; INSERT INTO search_index (kind, ref_id, title, body) SELECT 'journal', new.id, new.title, new.body WHERE 1; END;
CREATE TRIGGER reflection_search_ai AFTER INSERT ON reflection BEGIN INSERT INTO search_index (kind, ref_id, title, body) SELECT 'reflection', new.id, NULL, coalesce(new.fragments, '') || char(10) || coalesce(new.insights, '') || char(10) || coalesce(new.emotions, '') || char(10) || coalesce(new.images_memories, '') || char(10) || coalesce(new.what_was_hard, '') || char(10) || coalesce(new.integration_step, '') || char(10) || coalesce(new.insight_in_life, '') WHERE trim(coalesce(new.fragments, '') || char(10) || coalesce(new.insights, '') || char(10) || coalesce(new.emotions, '') || char(10) || coalesce(new.images_memories, '') || char(10) || coalesce(new.what_was_hard, '') || char(10) || coalesce(new.integration_step, '') || char(10) || coalesce(new.insight_in_life, ''), char(10)) != ''; END;
CREATE TRIGGER reflection_search_ad AFTER DELETE ON reflection BEGIN DELETE FROM search_index WHERE kind = 'reflection' AND ref_id = old.id; END;
CREATE TRIGGER reflection_search_au AFTER UPDATE OF fragments, insights, emotions, images_memories, what_was_hard, integration_step, insight_in_life ON reflection BEGIN DELETE FROM search_index WHERE kind = 'reflection' AND ref_id = old.id; INSERT INTO search_index (kind, ref_id, title, body) SELECT 'reflection', new.id, NULL, coalesce(new.fragments, '') || char(10) || coalesce(new.insights, '') || char(10) || coalesce(new.emotions, '') || char(10) || coalesce(new.images_memories, '') || char(10) || coalesce(new.what_was_hard, '') || char(10) || coalesce(new.integration_step, '') || char(10) || coalesce(new.insight_in_life, '') WHERE trim(coalesce(new.fragments, '') || char(10) || coalesce(new.insights, '') || char(10) || coalesce(new.emotions, '') || char(10) || coalesce(new.images_memories, '') || char(10) || coalesce(new.what_was_hard, '') || char(10) || coalesce(new.integration_step, '') || char(10) || coalesce(new.insight_in_life, ''), char(10)) != ''; END;
CREATE TRIGGER session_search_ai AFTER INSERT ON session BEGIN INSERT INTO search_index (kind, ref_id, title, body) SELECT 'intention', new.id, NULL, new.intention WHERE new.intention IS NOT NULL; END;
CREATE TRIGGER session_search_ad AFTER DELETE ON session BEGIN DELETE FROM search_index WHERE kind = 'intention' AND ref_id = old.id; END;
CREATE TRIGGER session_search_au AFTER UPDATE OF intention ON session BEGIN DELETE FROM search_index WHERE kind = 'intention' AND ref_id = old.id; INSERT INTO search_index (kind, ref_id, title, body) SELECT 'intention', new.id, NULL, new.intention WHERE new.intention IS NOT NULL; END;
CREATE TRIGGER session_event_search_ai AFTER INSERT ON session_event BEGIN INSERT INTO search_index (kind, ref_id, title, body) SELECT 'note', new.id, NULL, new.text WHERE new.kind = 'note' AND new.text IS NOT NULL; END;
CREATE TRIGGER session_event_search_ad AFTER DELETE ON session_event BEGIN DELETE FROM search_index WHERE kind = 'note' AND ref_id = old.id; END;
CREATE TRIGGER session_event_search_au AFTER UPDATE OF text, kind ON session_event BEGIN DELETE FROM search_index WHERE kind = 'note' AND ref_id = old.id; INSERT INTO search_index (kind, ref_id, title, body) SELECT 'note', new.id, NULL, new.text WHERE new.kind = 'note' AND new.text IS NOT NULL; END;
CREATE TABLE sync_version ( kind VARCHAR NOT NULL, ident VARCHAR NOT NULL, hlc INTEGER NOT NULL, device VARCHAR NOT NULL, vv TEXT NOT NULL, deleted BOOLEAN NOT NULL, seq INTEGER NOT NULL, PRIMARY KEY (kind, ident));
CREATE INDEX ix_sync_version_seq ON sync_version (seq);
CREATE TABLE sync_state (key VARCHAR NOT NULL PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO "alembic_version" VALUES ('0004_sync');
INSERT INTO "sync_state" VALUES ('hlc', '0');
INSERT INTO "sync_state" VALUES ('seq', '1');
INSERT INTO "sync_state" VALUES ('device', '00000000-0000-0000-0000-000000000000');
INSERT INTO "search_index"("search_index", rank) VALUES ('secure-delete', 1);
PRAGMA application_id = 1263161934;
