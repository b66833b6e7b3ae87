-- A second rollup tier, per UTC hour, written by the same fold as the minute tier. A month of
-- one customer's usage is at most 744 hour rows per subject and group instead of 44,640 minute
-- rows; queries read hours where a whole hour falls inside one window and minutes only at the
-- edges (a range that starts mid-hour, a window boundary in a +05:30 or +05:45 zone).
CREATE TABLE "meter_rollups_hourly" (
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
    CONSTRAINT "meter_rollups_hourly_pkey" PRIMARY KEY ("customer_id", "meter_id", "subject", "group_key", "bucket")
) WITH (fillfactor = 70); -- updated by every fold that touches the hour: keep the updates HOT
CREATE INDEX "meter_rollups_hourly_meter_id_bucket_idx" ON "meter_rollups_hourly"("meter_id", "bucket");
ALTER TABLE "meter_rollups_hourly" ADD CONSTRAINT "meter_rollups_hourly_meter_id_fkey"
    FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "meter_unique_values_hourly" (
    "customer_id" UUID NOT NULL,
    "meter_id" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "group_key" TEXT NOT NULL,
    "bucket" TIMESTAMPTZ(0) NOT NULL,
    "value" TEXT NOT NULL,
    CONSTRAINT "meter_unique_values_hourly_pkey" PRIMARY KEY ("customer_id", "meter_id", "subject", "group_key", "bucket", "value")
);
CREATE INDEX "meter_unique_values_hourly_meter_id_bucket_idx" ON "meter_unique_values_hourly"("meter_id", "bucket");
ALTER TABLE "meter_unique_values_hourly" ADD CONSTRAINT "meter_unique_values_hourly_meter_id_fkey"
    FOREIGN KEY ("meter_id") REFERENCES "meters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Existing minute rollups become hour rows; the stream offset does not move, so the consumer
-- goes on writing both tiers from where it stopped.
INSERT INTO "meter_rollups_hourly"
SELECT customer_id, meter_id, subject, group_key, date_trunc('hour', bucket, 'UTC'), sum(count), sum(sum), min(min), max(max),
       (array_agg(latest_value ORDER BY latest_time DESC NULLS LAST, latest_seq DESC NULLS LAST))[1], max(latest_time),
       (array_agg(latest_seq ORDER BY latest_time DESC NULLS LAST, latest_seq DESC NULLS LAST))[1]
FROM "meter_rollups"
GROUP BY customer_id, meter_id, subject, group_key, date_trunc('hour', bucket, 'UTC');

INSERT INTO "meter_unique_values_hourly"
SELECT DISTINCT customer_id, meter_id, subject, group_key, date_trunc('hour', bucket, 'UTC'), value FROM "meter_unique_values";
