-- A second rollup tier, per UTC hour. A month of one customer's usage is at most 744 hour rows
-- per subject and group instead of 44,640 minute rows; queries read hours where a whole hour
-- falls inside one window and minutes at the edges (a range that starts mid-hour, a window
-- boundary in a +05:30 or +05:45 zone) and for the hour still running.
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

-- Where the hour tier ends: every hour before it holds all folded events, in both tiers; later
-- hours are in minute rows only, until the consumer merges each hour once it is over. NULL:
-- nothing merged yet, so on an existing install the first fold merges all minute rows so far.
ALTER TABLE "stream_offsets" ADD COLUMN "hourly_until" TIMESTAMPTZ(0);
