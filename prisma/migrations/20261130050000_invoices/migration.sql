-- Invoices: finalized (numbered, immutable) documents per subscription period, their lines, and the
-- per-series counters that number them without gaps. Drafts are not stored: they are rated when read.

CREATE TYPE "invoice_status" AS ENUM ('finalized', 'void');

-- Minutes after a period's end before its invoice is finalized; null: INVOICE_GRACE_MINUTES.
ALTER TABLE "customers" ADD COLUMN "invoice_grace_minutes" INTEGER;
ALTER TABLE "customers" ADD CONSTRAINT "customers_invoice_grace_minutes_check"
    CHECK ("invoice_grace_minutes" IS NULL OR "invoice_grace_minutes" BETWEEN 0 AND 44640);

-- One row per numbering series ("INV-2026"); the finalizing transaction increments it under a row
-- lock, so a rolled-back finalization gives its numbers back (a SEQUENCE would leave a hole).
CREATE TABLE "invoice_number_series" (
    "series" TEXT NOT NULL,
    "last_number" BIGINT NOT NULL,
    CONSTRAINT "invoice_number_series_pkey" PRIMARY KEY ("series"),
    CONSTRAINT "invoice_number_series_last_number_check" CHECK ("last_number" >= 0)
);

CREATE TABLE "invoices" (
    "customer_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "plan_version_id" UUID NOT NULL,
    "status" "invoice_status" NOT NULL DEFAULT 'finalized',
    "series" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "time_zone" TEXT NOT NULL,
    "period_start" TIMESTAMPTZ(3) NOT NULL,
    "period_end" TIMESTAMPTZ(3) NOT NULL,
    -- 0 for the period's first invoice, n for the n-th replacement after voids.
    "revision" INTEGER NOT NULL DEFAULT 0,
    "usage_to" TIMESTAMPTZ(3) NOT NULL,
    "subtotal" NUMERIC NOT NULL,
    "total" NUMERIC NOT NULL,
    "issuer" JSONB NOT NULL,
    "rated_tx" BIGINT NOT NULL,
    "rated_seq" BIGINT NOT NULL,
    "finalized_at" TIMESTAMPTZ(3) NOT NULL,
    "finalized_by" TEXT NOT NULL,
    "void_reason" TEXT,
    "voided_at" TIMESTAMPTZ(3),
    "replaces_id" UUID,
    "replaced_by_id" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "invoices_pkey" PRIMARY KEY ("customer_id", "id"),
    CONSTRAINT "invoices_period_check" CHECK ("period_end" > "period_start"),
    CONSTRAINT "invoices_revision_check" CHECK (("revision" = 0) = ("replaces_id" IS NULL)),
    CONSTRAINT "invoices_void_check" CHECK (("status" = 'void') = ("voided_at" IS NOT NULL AND "void_reason" IS NOT NULL))
);
CREATE UNIQUE INDEX "invoices_series_number_key" ON "invoices"("series", "number");
-- Exactly one first invoice (revision 0) per subscription period, however many workers race for
-- it; each void-and-reissue adds the next revision.
CREATE UNIQUE INDEX "invoices_customer_id_subscription_id_period_start_revision_key"
    ON "invoices"("customer_id", "subscription_id", "period_start", "revision");
-- Invoices are fetched by id alone (GET /invoices/{id}); tenancy is checked on the row found.
CREATE INDEX "invoices_id_idx" ON "invoices"("id");
CREATE INDEX "invoices_customer_id_period_start_idx" ON "invoices"("customer_id", "period_start");
CREATE INDEX "invoices_finalized_at_idx" ON "invoices"("finalized_at");
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_subscription_fkey"
    FOREIGN KEY ("customer_id", "subscription_id") REFERENCES "subscriptions"("customer_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_plan_version_id_fkey"
    FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "invoice_lines" (
    "customer_id" UUID NOT NULL,
    "invoice_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "charge_key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "meter" TEXT,
    "filter" JSONB,
    "quantity" NUMERIC,
    "amount" NUMERIC NOT NULL,
    "unrounded_amount" NUMERIC NOT NULL,
    -- How the amount came about: tier breakdown, included units, proration, or for an adjustment
    -- the re-rated and the already invoiced figures.
    "detail" JSONB NOT NULL,
    "adjusts_invoice_id" UUID,
    "adjusts_period_start" TIMESTAMPTZ(3),
    "adjusts_period_end" TIMESTAMPTZ(3),
    CONSTRAINT "invoice_lines_pkey" PRIMARY KEY ("customer_id", "invoice_id", "position"),
    CONSTRAINT "invoice_lines_kind_check" CHECK ("kind" IN ('flat', 'usage', 'minimum', 'adjustment')),
    CONSTRAINT "invoice_lines_adjustment_check" CHECK (("kind" = 'adjustment') = ("adjusts_invoice_id" IS NOT NULL AND "adjusts_period_start" IS NOT NULL AND "adjusts_period_end" IS NOT NULL))
);
CREATE INDEX "invoice_lines_customer_id_adjusts_invoice_id_idx" ON "invoice_lines"("customer_id", "adjusts_invoice_id");
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_invoice_fkey"
    FOREIGN KEY ("customer_id", "invoice_id") REFERENCES "invoices"("customer_id", "id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Finalized means immutable, whatever client writes. An invoice can only move finalized -> void,
-- stamping the void fields and the replacement once; it is never deleted. Lines are written only in
-- the transaction that created their invoice (its xmin is the current transaction and its
-- created_at this transaction's start, so even an xid reused after wraparound does not match).
CREATE FUNCTION "invoices_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'invoice % is %; it can never be deleted', OLD.number, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF OLD.status <> 'finalized' OR NEW.status <> 'void'
        OR (NEW.customer_id, NEW.id, NEW.subscription_id, NEW.plan_version_id, NEW.series, NEW.number, NEW.currency, NEW.time_zone,
            NEW.period_start, NEW.period_end, NEW.revision, NEW.usage_to, NEW.subtotal, NEW.total, NEW.issuer, NEW.rated_tx, NEW.rated_seq,
            NEW.finalized_at, NEW.finalized_by, NEW.replaces_id, NEW.created_at)
           IS DISTINCT FROM
           (OLD.customer_id, OLD.id, OLD.subscription_id, OLD.plan_version_id, OLD.series, OLD.number, OLD.currency, OLD.time_zone,
            OLD.period_start, OLD.period_end, OLD.revision, OLD.usage_to, OLD.subtotal, OLD.total, OLD.issuer, OLD.rated_tx, OLD.rated_seq,
            OLD.finalized_at, OLD.finalized_by, OLD.replaces_id, OLD.created_at) THEN
        RAISE EXCEPTION 'invoice % is %; only its status may move from finalized to void', OLD.number, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER "invoices_immutable" BEFORE UPDATE OR DELETE ON "invoices"
    FOR EACH ROW EXECUTE FUNCTION "invoices_immutable"();

CREATE FUNCTION "invoice_lines_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' AND EXISTS (
        SELECT 1 FROM invoices i WHERE i.customer_id = NEW.customer_id AND i.id = NEW.invoice_id
          AND i.voided_at IS NULL AND i.xmin::text::bigint = txid_current() % 4294967296
          AND i.created_at = now()::timestamptz(3)) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'lines of a finalized invoice can never be written, changed or deleted'
        USING ERRCODE = 'integrity_constraint_violation';
END $$;
CREATE TRIGGER "invoice_lines_immutable" BEFORE INSERT OR UPDATE OR DELETE ON "invoice_lines"
    FOR EACH ROW EXECUTE FUNCTION "invoice_lines_immutable"();
