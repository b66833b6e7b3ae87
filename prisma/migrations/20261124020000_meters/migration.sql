-- Meters and their streaming rollups.

CREATE TYPE "meter_aggregation" AS ENUM ('SUM', 'COUNT', 'UNIQUE_COUNT', 'AVG', 'MIN', 'MAX', 'LATEST');

CREATE TABLE "meters" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "event_type" TEXT NOT NULL,
    "aggregation" "meter_aggregation" NOT NULL,
    -- JSONPath as the admin wrote it, and the same path as a key array for `data #> path`.
    "value_property" TEXT,
    "value_path" TEXT[] NOT NULL DEFAULT '{}',
    -- name -> JSONPath, and name -> key array.
    "group_by" JSONB NOT NULL DEFAULT '{}',
    "group_paths" JSONB NOT NULL DEFAULT '{}',
    "unit" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "meters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "meters_slug_key" ON "meters"("slug");
CREATE INDEX "meters_event_type_idx" ON "meters"("event_type");

-- One row per customer, meter, subject, group values and minute. Minutes make every window
-- (MINUTE..MONTH, any time zone, including +05:45) a union of whole buckets; the columns
-- are chosen so each aggregation merges exactly (AVG from sum and count, LATEST by time, seq).
CREATE TABLE "meter_rollups" (
    "customer_id" UUID NOT NULL,
    "meter_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" NUMERIC NOT NULL,
    "min" NUMERIC,
    "max" NUMERIC,
    "latest_value" NUMERIC,
    "latest_time" TIMESTAMPTZ(6),
    "latest_seq" BIGINT,
    CONSTRAINT "meter_rollups_pkey" PRIMARY KEY ("customer_id", "meter_id", "subject", "group_key", "bucket")
);
CREATE INDEX "meter_rollups_meter_id_bucket_idx" ON "meter_rollups"("meter_id", "bucket");
ALTER TABLE "meter_rollups" ADD CONSTRAINT "meter_rollups_meter_id_fkey"
    FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- UNIQUE_COUNT cannot be summed across buckets, so the distinct values per bucket are kept.
CREATE TABLE "meter_unique_values" (
    "customer_id" UUID NOT NULL,
    "meter_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "meter_unique_values_pkey" PRIMARY KEY ("customer_id", "meter_id", "subject", "group_key", "bucket", "value")
);
CREATE INDEX "meter_unique_values_meter_id_bucket_idx" ON "meter_unique_values"("meter_id", "bucket");
ALTER TABLE "meter_unique_values" ADD CONSTRAINT "meter_unique_values_meter_id_fkey"
    FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Events a meter could not count because its value was missing or not a number.
CREATE TABLE "meter_value_errors" (
    "customer_id" UUID NOT NULL,
    "meter_id" UUID NOT NULL,
    "seq" BIGINT NOT NULL,
    "time" TIMESTAMPTZ(6) NOT NULL,
    "source" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "value" JSONB,
    CONSTRAINT "meter_value_errors_pkey" PRIMARY KEY ("customer_id", "meter_id", "seq")
);
CREATE INDEX "meter_value_errors_meter_id_time_idx" ON "meter_value_errors"("meter_id", "time");
ALTER TABLE "meter_value_errors" ADD CONSTRAINT "meter_value_errors_meter_id_fkey"
    FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- How far each stream consumer has read the event log, moved in the same transaction as its output.
CREATE TABLE "stream_offsets" (
    "consumer" TEXT NOT NULL,
    "last_tx" BIGINT NOT NULL,
    "last_seq" BIGINT NOT NULL,
    "updated_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stream_offsets_pkey" PRIMARY KEY ("consumer")
);
INSERT INTO "stream_offsets" ("consumer", "last_tx", "last_seq") VALUES ('rollups', 0, 0);
