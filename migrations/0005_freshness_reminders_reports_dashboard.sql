CREATE TABLE "lieu_field_conflicts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lieu_id" text NOT NULL,
	"field" text NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"import_id" uuid,
	"kept_value" jsonb,
	"incoming_value" jsonb,
	"incoming_hash" text NOT NULL,
	"edited_at" timestamp with time zone,
	"detected_at" timestamp with time zone DEFAULT now() NOT NULL,
	"departement" varchar(3),
	"status" text DEFAULT 'ouvert' NOT NULL,
	"resolved_by" text,
	"resolved_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "lieu_consultations" (
	"lieu_id" text NOT NULL,
	"day" date NOT NULL,
	"kind" text NOT NULL,
	"count" integer DEFAULT 0 NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL,
	CONSTRAINT "lieu_consultations_lieu_id_day_kind_pk" PRIMARY KEY("lieu_id","day","kind")
);
--> statement-breakpoint
CREATE TABLE "lieu_freshness_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lieu_id" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"kind" text NOT NULL,
	"by" text NOT NULL,
	"simulated" boolean DEFAULT false NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reminder_sendings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lieu_id" text NOT NULL,
	"step" text NOT NULL,
	"anchor" timestamp with time zone NOT NULL,
	"email" text,
	"invitation_id" uuid,
	"result" text DEFAULT 'en-cours' NOT NULL,
	"error" text,
	"claimed_by" text,
	"claimed_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "structure_link_refusals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"ip_hash" text NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lieu_reports" ADD COLUMN "moderation_note" text;--> statement-breakpoint
ALTER TABLE "lieu_reports" ADD COLUMN "forwarded_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lieu_reports" ADD COLUMN "forwarded_invitation_id" uuid;--> statement-breakpoint
ALTER TABLE "lieu_reports" ADD COLUMN "reporter_notified_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "lieu_reports" ADD COLUMN "simulated" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "lieu_field_conflicts_value_key" ON "lieu_field_conflicts" USING btree ("lieu_id","field","source","incoming_hash");--> statement-breakpoint
CREATE INDEX "lieu_field_conflicts_open_idx" ON "lieu_field_conflicts" USING btree ("departement","status");--> statement-breakpoint
CREATE INDEX "lieu_consultations_day_idx" ON "lieu_consultations" USING btree ("day");--> statement-breakpoint
CREATE INDEX "lieu_freshness_events_lieu_idx" ON "lieu_freshness_events" USING btree ("lieu_id","at");--> statement-breakpoint
CREATE INDEX "lieu_freshness_events_at_idx" ON "lieu_freshness_events" USING btree ("at");--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_sendings_once_key" ON "reminder_sendings" USING btree ("lieu_id","step","anchor");--> statement-breakpoint
CREATE INDEX "reminder_sendings_claimed_idx" ON "reminder_sendings" USING btree ("claimed_at");--> statement-breakpoint
CREATE INDEX "structure_link_refusals_ip_idx" ON "structure_link_refusals" USING btree ("ip_hash","at");