-- Ingest: the event log, the dedupe ledger, unattributed events, conflicts and rejections.

-- The event log: append-only, partitioned by event time (monthly), attributed events only.
-- Every key starts with customer_id so the table can be distributed by customer on Citus.
-- tx_id is the writing transaction's id: a stream consumer reads rows whose transaction is
-- older than every running one (pg_snapshot_xmin), so a slow commit can never be skipped.
CREATE TABLE "events" (
    "customer_id" UUID NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "seq" BIGSERIAL NOT NULL,
    "tx_id" BIGINT NOT NULL DEFAULT (pg_current_xact_id()::text::bigint),
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL,
    "api_key_id" UUID,
    CONSTRAINT "events_pkey" PRIMARY KEY ("customer_id", "time", "seq")
) PARTITION BY RANGE ("time");
CREATE INDEX "events_tx_id_seq_idx" ON "events"("tx_id", "seq");
CREATE INDEX "events_time_idx" ON "events"("time");

-- Creates the monthly partitions covering [from_time, to_time]; safe to call concurrently.
CREATE FUNCTION "ensure_event_partitions"(from_time TIMESTAMPTZ, to_time TIMESTAMPTZ) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
    month DATE := date_trunc('month', from_time AT TIME ZONE 'UTC')::date;
    name TEXT;
BEGIN
    WHILE month <= (to_time AT TIME ZONE 'UTC')::date LOOP
        name := format('events_p%s', to_char(month, 'YYYY_MM'));
        IF to_regclass(name) IS NULL THEN
            BEGIN
                EXECUTE format(
                    'CREATE TABLE %I PARTITION OF "events" FOR VALUES FROM (%L) TO (%L)',
                    name, (month::timestamp AT TIME ZONE 'UTC'), ((month + INTERVAL '1 month')::timestamp AT TIME ZONE 'UTC'));
            EXCEPTION WHEN duplicate_table THEN
                NULL; -- another session created it first
            END;
        END IF;
        month := (month + INTERVAL '1 month')::date;
    END LOOP;
END;
$$;

-- Exactly-once: one row per (source, id) ever accepted. Keyed by its own key so it can be
-- distributed on it; content_hash tells a redelivery (same content) from a conflict.
CREATE TABLE "event_dedupe" (
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "event_time" TIMESTAMPTZ(6) NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "event_dedupe_pkey" PRIMARY KEY ("source", "event_id")
);

-- Events whose subject no customer owns yet: kept, never dropped; moved into "events" when an
-- admin attributes the subject to a customer.
CREATE TABLE "unattributed_events" (
    "seq" BIGSERIAL NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "data" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL,
    "api_key_id" UUID,
    CONSTRAINT "unattributed_events_pkey" PRIMARY KEY ("seq")
);
CREATE INDEX "unattributed_events_subject_idx" ON "unattributed_events"("subject");

-- Redeliveries of a (source, id) with different content: the first write counted, these are for admins.
CREATE TABLE "event_conflicts" (
    "id" BIGSERIAL NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "content_hash" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "received_at" TIMESTAMPTZ(6) NOT NULL,
    "api_key_id" UUID,
    CONSTRAINT "event_conflicts_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "event_conflicts_received_at_idx" ON "event_conflicts"("received_at");

-- Rejected events as received (truncated), with their code, so admins can see what producers got wrong.
CREATE TABLE "event_rejections" (
    "id" BIGSERIAL NOT NULL,
    "code" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "event" JSONB,
    "received_at" TIMESTAMPTZ(6) NOT NULL,
    "api_key_id" UUID,
    CONSTRAINT "event_rejections_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "event_rejections_received_at_idx" ON "event_rejections"("received_at");

-- Per-minute outcome counts for the Ingest page (rates, totals by code).
CREATE TABLE "ingest_stats" (
    "minute" TIMESTAMPTZ(0) NOT NULL,
    "outcome" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    CONSTRAINT "ingest_stats_pkey" PRIMARY KEY ("minute", "outcome", "code")
);

-- Every event type seen, so admins can spot types no meter counts.
CREATE TABLE "event_types" (
    "type" TEXT NOT NULL,
    "events" BIGINT NOT NULL,
    "first_seen" TIMESTAMPTZ(6) NOT NULL,
    "last_seen" TIMESTAMPTZ(6) NOT NULL,
    CONSTRAINT "event_types_pkey" PRIMARY KEY ("type")
);
