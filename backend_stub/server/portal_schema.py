"""SQLite schema of the portal and network side of the stub (history, agency data, notices ...).

``MIGRATIONS`` is applied in order by ``backend_stub.server.db`` after its own migrations;
append new scripts, never edit old ones. Resident ids are the core's resident ids (TEXT).
"""

MIGRATIONS: list[str] = [
    """
    -- 符号 per (resident, agency). Only the network reads this table: an agency knows
    -- its own 符号 for a person and nothing else.
    CREATE TABLE IF NOT EXISTS network_secret (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        secret BLOB NOT NULL
    );

    CREATE TABLE IF NOT EXISTS link_codes (
        resident_id TEXT NOT NULL,
        agency_code TEXT NOT NULL,
        fugo TEXT NOT NULL,
        PRIMARY KEY (resident_id, agency_code),
        UNIQUE (agency_code, fugo)
    );

    -- What each agency holds, keyed by ITS OWN 符号 (never by My Number or resident id).
    CREATE TABLE IF NOT EXISTS agency_records (
        agency_code TEXT NOT NULL,
        fugo TEXT NOT NULL,
        information TEXT NOT NULL,
        category TEXT NOT NULL,
        items TEXT NOT NULL,           -- JSON [{"label","value"}]
        updated_at TEXT NOT NULL,
        PRIMARY KEY (agency_code, fugo, category)
    );

    -- 情報提供等記録: one row per query through the network.
    CREATE TABLE IF NOT EXISTS history (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        requested_at TEXT NOT NULL,    -- ISO 8601, +09:00, fixed width: sorts as text
        provided_at TEXT,
        requester_code TEXT NOT NULL,
        requester_name TEXT NOT NULL,
        provider_code TEXT NOT NULL,
        provider_name TEXT NOT NULL,
        function TEXT NOT NULL,
        information TEXT NOT NULL,
        law TEXT NOT NULL,
        beppyo2_item TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('provided', 'not_held', 'refused')),
        trigger_kind TEXT,
        trigger_ref TEXT,
        explanation TEXT NOT NULL,
        undisclosed INTEGER NOT NULL DEFAULT 0   -- 番号法23条2項 不開示: never shown
    );
    CREATE INDEX IF NOT EXISTS history_resident_time ON history (resident_id, requested_at, id);

    CREATE TABLE IF NOT EXISTS portal_seeded (
        resident_id TEXT PRIMARY KEY,
        seeded_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS notices (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL,
        sender TEXT NOT NULL,
        published_at TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        deadline TEXT,
        category TEXT NOT NULL,
        application_id TEXT,
        seq INTEGER NOT NULL            -- insertion order, for `since` polling
    );
    CREATE INDEX IF NOT EXISTS notices_resident_time ON notices (resident_id, published_at, id);

    CREATE TABLE IF NOT EXISTS notice_attachments (
        id TEXT PRIMARY KEY,
        notice_id TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        content BLOB NOT NULL
    );

    CREATE TABLE IF NOT EXISTS payments (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        notice_id TEXT NOT NULL,
        amount INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('unpaid', 'pending', 'paid', 'failed')),
        collecting_agency_no TEXT NOT NULL,
        customer_no TEXT NOT NULL,
        confirmation_no TEXT NOT NULL,
        receipt TEXT,                   -- JSON, only once paid
        card_last4 TEXT,                -- the only card data ever stored
        updated_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS delivery_links (
        resident_id TEXT PRIMARY KEY,
        service TEXT NOT NULL,
        account TEXT NOT NULL,
        categories TEXT NOT NULL,       -- JSON list; empty = all
        consented_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS delivery_forwarded (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        notice_id TEXT NOT NULL,
        service TEXT NOT NULL,
        forwarded_at TEXT NOT NULL
    );

    CREATE TABLE IF NOT EXISTS applications (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        form_id TEXT NOT NULL,
        municipality_code TEXT NOT NULL,
        data TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('submitted', 'processing', 'approved', 'rejected')),
        notice_id TEXT,
        submitted_at TEXT NOT NULL,
        UNIQUE (resident_id, idempotency_key)
    );
    CREATE INDEX IF NOT EXISTS applications_status ON applications (status);

    CREATE TABLE IF NOT EXISTS application_events (
        application_id TEXT NOT NULL,
        at TEXT NOT NULL,
        status TEXT NOT NULL,
        note TEXT NOT NULL
    );
    CREATE INDEX IF NOT EXISTS application_events_app ON application_events (application_id);

    CREATE TABLE IF NOT EXISTS application_attachments (
        id TEXT PRIMARY KEY,
        application_id TEXT NOT NULL,
        name TEXT NOT NULL,
        mime TEXT NOT NULL,
        content BLOB NOT NULL
    );
    """,
    # 2: history pages and counts filter on undisclosed too; keep them on the index alone.
    """
    DROP INDEX IF EXISTS history_resident_time;
    CREATE INDEX IF NOT EXISTS history_resident_visible_time
        ON history (resident_id, undisclosed, requested_at, id);
    """,
    # 3: the distinct agencies/information/outcomes of each resident's history, kept as records
    # are written, so /history/facets does not scan 100,000 rows.
    """
    CREATE TABLE IF NOT EXISTS history_facets (
        resident_id TEXT NOT NULL,
        kind TEXT NOT NULL,            -- agency | information | outcome
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (resident_id, kind, code)
    );
    INSERT OR IGNORE INTO history_facets (resident_id, kind, code, name)
        SELECT DISTINCT resident_id, 'agency', requester_code, requester_name FROM history;
    INSERT OR IGNORE INTO history_facets (resident_id, kind, code, name)
        SELECT DISTINCT resident_id, 'agency', provider_code, provider_name FROM history;
    INSERT OR IGNORE INTO history_facets (resident_id, kind, code, name)
        SELECT DISTINCT resident_id, 'information', information, information FROM history;
    INSERT OR IGNORE INTO history_facets (resident_id, kind, code, name)
        SELECT DISTINCT resident_id, 'outcome', outcome, outcome FROM history;
    """,
    # 4: filtering by what caused a record (trigger_kind, trigger_ref: one application's records)
    # walks an index range in time order instead of every record of the resident. The ref index
    # is partial: periodic records, the bulk of a history, have no ref.
    """
    CREATE INDEX IF NOT EXISTS history_resident_trigger_kind_time
        ON history (resident_id, undisclosed, trigger_kind, requested_at, id);
    CREATE INDEX IF NOT EXISTS history_resident_trigger_ref_time
        ON history (resident_id, undisclosed, trigger_ref, requested_at, id) WHERE trigger_ref IS NOT NULL;
    """,
    # 5: holdings over time (what an agency held from a date, e.g. each year's tax assessment, so a
    # past query finds what was held then), and facet counts over the records a resident may see:
    # undisclosed (番号法23条2項) and purged records count for nothing.
    """
    CREATE TABLE IF NOT EXISTS agency_records_dated (
        agency_code TEXT NOT NULL,
        fugo TEXT NOT NULL,
        information TEXT NOT NULL,
        category TEXT NOT NULL,
        items TEXT NOT NULL,
        valid_from TEXT NOT NULL,
        PRIMARY KEY (agency_code, fugo, category, valid_from)
    );
    ALTER TABLE history_facets ADD COLUMN n INTEGER NOT NULL DEFAULT 0;
    UPDATE history_facets SET n = (
        SELECT COUNT(*) FROM history h WHERE h.resident_id = history_facets.resident_id AND h.undisclosed = 0
        AND CASE history_facets.kind
            WHEN 'agency' THEN history_facets.code IN (h.requester_code, h.provider_code)
            WHEN 'information' THEN h.information = history_facets.code
            ELSE h.outcome = history_facets.code END);
    """,
    # 6: an application whose linkage could not confirm something waits for the resident's document
    # (status documents_requested). SQLite cannot change a CHECK in place: rebuild the table.
    """
    CREATE TABLE applications_v6 (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        form_id TEXT NOT NULL,
        municipality_code TEXT NOT NULL,
        data TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('submitted', 'processing', 'approved', 'rejected',
                                              'documents_requested')),
        notice_id TEXT,
        submitted_at TEXT NOT NULL,
        UNIQUE (resident_id, idempotency_key)
    );
    INSERT INTO applications_v6 SELECT id, resident_id, idempotency_key, payload_sha256, receipt_number,
        form_id, municipality_code, data, status, notice_id, submitted_at FROM applications;
    DROP TABLE applications;
    ALTER TABLE applications_v6 RENAME TO applications;
    CREATE INDEX IF NOT EXISTS applications_status ON applications (status);
    """,
    # 7: /history/monthly counts a resident's visible records per month and requesting agency
    # from this index alone (tens of ms over 100,000 records instead of a row lookup for each).
    """
    CREATE INDEX IF NOT EXISTS history_resident_visible_month_requester
        ON history (resident_id, undisclosed, substr(requested_at, 1, 7), requester_code);
    """,
    # 8: the slots a resident declared "handed in at the counter" (a JSON list), signed with the
    # application; its status names them and where to bring them.
    """
    ALTER TABLE applications ADD COLUMN at_counter TEXT NOT NULL DEFAULT '[]';
    """,
    # 9: the searched text of a history record in NFKC (backend_stub.network.history.search_text),
    # so a search matches "(" to a stored "（" as the catalog search does. Written with each
    # record; the rows of an older data dir are filled in when the server starts.
    """
    ALTER TABLE history ADD COLUMN search TEXT;
    """,
    # 10: an application made in person (the 児童扶養手当 現況届) ends online with the visit booked
    # (status visit_booked); the office decides after the visit. Rebuild for the CHECK.
    """
    CREATE TABLE applications_v10 (
        id TEXT PRIMARY KEY,
        resident_id TEXT NOT NULL,
        idempotency_key TEXT NOT NULL,
        payload_sha256 TEXT NOT NULL,
        receipt_number TEXT NOT NULL,
        form_id TEXT NOT NULL,
        municipality_code TEXT NOT NULL,
        data TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('submitted', 'processing', 'approved', 'rejected',
                                              'documents_requested', 'visit_booked')),
        notice_id TEXT,
        submitted_at TEXT NOT NULL,
        at_counter TEXT NOT NULL DEFAULT '[]',
        UNIQUE (resident_id, idempotency_key)
    );
    INSERT INTO applications_v10 SELECT id, resident_id, idempotency_key, payload_sha256, receipt_number,
        form_id, municipality_code, data, status, notice_id, submitted_at, at_counter FROM applications;
    DROP TABLE applications;
    ALTER TABLE applications_v10 RENAME TO applications;
    CREATE INDEX IF NOT EXISTS applications_status ON applications (status);
    """,
]
