CREATE TABLE "lieu_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"lieu_id" text NOT NULL,
	"category" text NOT NULL,
	"message" text NOT NULL,
	"reporter_email" text,
	"status" text DEFAULT 'nouveau' NOT NULL,
	"departement" varchar(3),
	"code_insee" varchar(5),
	"ip_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
CREATE TABLE "orientations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"need" text NOT NULL,
	"from_user_id" uuid NOT NULL,
	"from_structure" text,
	"to_lieu_ids" jsonb NOT NULL,
	"channel" text NOT NULL,
	"first_name" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"received_at" timestamp with time zone,
	"received_by" uuid,
	"received_lieu_id" text
);
--> statement-breakpoint
CREATE INDEX "lieu_reports_departement_idx" ON "lieu_reports" USING btree ("departement","status","created_at");--> statement-breakpoint
CREATE INDEX "lieu_reports_ip_idx" ON "lieu_reports" USING btree ("ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "lieu_reports_lieu_idx" ON "lieu_reports" USING btree ("lieu_id","created_at");--> statement-breakpoint
CREATE INDEX "orientations_created_idx" ON "orientations" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "orientations_from_idx" ON "orientations" USING btree ("from_user_id");