CREATE TABLE "lieu_invitations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"token_hash" text NOT NULL,
	"lieu_ids" jsonb NOT NULL,
	"email" text NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"last_used_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "confirmed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lieux" ADD COLUMN "structure_updated_at" timestamp with time zone;--> statement-breakpoint
CREATE UNIQUE INDEX "lieu_invitations_token_key" ON "lieu_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "lieu_invitations_email_idx" ON "lieu_invitations" USING btree ("email");