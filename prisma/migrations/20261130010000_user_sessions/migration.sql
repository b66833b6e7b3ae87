-- Users can be deactivated, and every session of a user can be revoked at once by bumping its version.

ALTER TABLE "users"
    ADD COLUMN "active" BOOLEAN NOT NULL DEFAULT true,
    ADD COLUMN "session_version" INTEGER NOT NULL DEFAULT 0;
