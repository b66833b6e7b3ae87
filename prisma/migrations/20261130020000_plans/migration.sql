-- Plans, their numbered versions, and customers' subscriptions to them.

CREATE TYPE "plan_version_status" AS ENUM ('draft', 'published', 'archived');
CREATE TYPE "subscription_status" AS ENUM ('active', 'ended');

CREATE TABLE "plans" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "currency" CHAR(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "plans_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "plans_key_key" ON "plans"("key");

CREATE TABLE "plan_versions" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "plan_id" UUID NOT NULL,
    "number" INTEGER NOT NULL,
    "status" "plan_version_status" NOT NULL DEFAULT 'draft',
    "content" JSONB NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "archived_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "plan_versions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "plan_versions_number_check" CHECK ("number" >= 1),
    CONSTRAINT "plan_versions_published_check" CHECK (("status" = 'draft') = ("published_at" IS NULL)),
    CONSTRAINT "plan_versions_archived_check" CHECK (("status" = 'archived') = ("archived_at" IS NOT NULL))
);
CREATE UNIQUE INDEX "plan_versions_plan_id_number_key" ON "plan_versions"("plan_id", "number");
ALTER TABLE "plan_versions" ADD CONSTRAINT "plan_versions_plan_id_fkey"
    FOREIGN KEY ("plan_id") REFERENCES "plans"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Published means immutable, whatever client writes: once a version leaves draft, only its status
-- may move on (published -> archived, stamping archived_at), and it can never be deleted. Invoices
-- rated under a version must be reproducible from it forever.
CREATE FUNCTION "plan_versions_immutable"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF OLD.status = 'draft' THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'plan version % is %; it can never be deleted', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    IF NEW.content IS DISTINCT FROM OLD.content OR NEW.number IS DISTINCT FROM OLD.number
        OR NEW.plan_id IS DISTINCT FROM OLD.plan_id OR NEW.id IS DISTINCT FROM OLD.id
        OR NEW.published_at IS DISTINCT FROM OLD.published_at OR NEW.created_at IS DISTINCT FROM OLD.created_at
        OR NOT (NEW.status = OLD.status OR (OLD.status = 'published' AND NEW.status = 'archived'))
        OR (OLD.status = 'archived' AND NEW.archived_at IS DISTINCT FROM OLD.archived_at) THEN
        RAISE EXCEPTION 'plan version % is %; only its status may move from published to archived', OLD.id, OLD.status
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END $$;
CREATE TRIGGER "plan_versions_immutable" BEFORE UPDATE OR DELETE ON "plan_versions"
    FOR EACH ROW EXECUTE FUNCTION "plan_versions_immutable"();

-- Per-customer tables lead with customer_id so they can be distributed by customer (Citus).
CREATE TABLE "subscriptions" (
    "customer_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "plan_version_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "anchor_day" INTEGER NOT NULL,
    "cancel_at" TIMESTAMPTZ(3),
    "canceled_at" TIMESTAMPTZ(3),
    "status" "subscription_status" NOT NULL DEFAULT 'active',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "subscriptions_pkey" PRIMARY KEY ("customer_id", "id"),
    CONSTRAINT "subscriptions_anchor_day_check" CHECK ("anchor_day" BETWEEN 1 AND 31),
    CONSTRAINT "subscriptions_cancel_after_start_check" CHECK ("cancel_at" IS NULL OR "cancel_at" > "starts_at"),
    -- One running subscription per customer; ended ones stay as history.
    CONSTRAINT "subscriptions_one_active" EXCLUDE USING btree ("customer_id" WITH =) WHERE ("status" = 'active')
);
CREATE INDEX "subscriptions_plan_version_id_idx" ON "subscriptions"("plan_version_id");
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_customer_id_fkey"
    FOREIGN KEY ("customer_id") REFERENCES "customers"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "subscriptions" ADD CONSTRAINT "subscriptions_plan_version_id_fkey"
    FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

CREATE TABLE "subscription_changes" (
    "customer_id" UUID NOT NULL,
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "subscription_id" UUID NOT NULL,
    "plan_version_id" UUID NOT NULL,
    "effective_at" TIMESTAMPTZ(3) NOT NULL,
    "reason" TEXT NOT NULL,
    "canceled_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "subscription_changes_pkey" PRIMARY KEY ("customer_id", "id"),
    CONSTRAINT "subscription_changes_reason_check" CHECK ("reason" IN ('publish', 'change'))
);
CREATE INDEX "subscription_changes_customer_id_subscription_id_effective_at_idx"
    ON "subscription_changes"("customer_id", "subscription_id", "effective_at");
CREATE INDEX "subscription_changes_plan_version_id_idx" ON "subscription_changes"("plan_version_id");
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_subscription_fkey"
    FOREIGN KEY ("customer_id", "subscription_id") REFERENCES "subscriptions"("customer_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "subscription_changes" ADD CONSTRAINT "subscription_changes_plan_version_id_fkey"
    FOREIGN KEY ("plan_version_id") REFERENCES "plan_versions"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
