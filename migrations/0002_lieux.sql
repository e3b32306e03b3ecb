CREATE TABLE "lieux_dedup_decisions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"record_a" text NOT NULL,
	"record_b" text NOT NULL,
	"decision" text NOT NULL,
	"author_id" text,
	"decided_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lieux_dedup_pairs" (
	"record_a" text NOT NULL,
	"record_b" text NOT NULL,
	"score" real NOT NULL,
	"verdict" text NOT NULL,
	"explanation" jsonb NOT NULL,
	"departement" varchar(3),
	"found_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lieux" (
	"id" text PRIMARY KEY NOT NULL,
	"data" jsonb NOT NULL,
	"provenance" jsonb NOT NULL,
	"status" jsonb DEFAULT '{"kind":"ouvert"}'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"code_insee" varchar(5),
	"departement" varchar(3),
	"region" varchar(3),
	"epci" varchar(9),
	"lat" double precision,
	"lon" double precision,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lieux_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"format" text NOT NULL,
	"file_name" text,
	"full" boolean DEFAULT true NOT NULL,
	"actor_kind" text NOT NULL,
	"actor_id" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"total" integer NOT NULL,
	"accepted" integer NOT NULL,
	"rejected" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"unchanged" integer NOT NULL,
	"absent" integer DEFAULT 0 NOT NULL,
	"report" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "lieux_source_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"source" text NOT NULL,
	"source_id" text NOT NULL,
	"data" jsonb NOT NULL,
	"hash" text NOT NULL,
	"flags" jsonb NOT NULL,
	"warnings" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"code_insee" varchar(5),
	"departement" varchar(3),
	"lat" double precision,
	"lon" double precision,
	"lieu_id" text,
	"last_import_id" uuid,
	"absent_since" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "lieux_dedup_decisions_pair_key" ON "lieux_dedup_decisions" USING btree ("record_a","record_b");--> statement-breakpoint
CREATE UNIQUE INDEX "lieux_dedup_pairs_pair_key" ON "lieux_dedup_pairs" USING btree ("record_a","record_b");--> statement-breakpoint
CREATE INDEX "lieux_dedup_pairs_dep_idx" ON "lieux_dedup_pairs" USING btree ("departement");--> statement-breakpoint
CREATE INDEX "lieux_departement_idx" ON "lieux" USING btree ("departement");--> statement-breakpoint
CREATE INDEX "lieux_commune_idx" ON "lieux" USING btree ("code_insee");--> statement-breakpoint
CREATE INDEX "lieux_epci_idx" ON "lieux" USING btree ("epci");--> statement-breakpoint
CREATE INDEX "lieux_updated_idx" ON "lieux" USING btree ("updated_at");--> statement-breakpoint
CREATE UNIQUE INDEX "lieux_source_records_source_id_key" ON "lieux_source_records" USING btree ("source","source_id");--> statement-breakpoint
CREATE INDEX "lieux_source_records_commune_idx" ON "lieux_source_records" USING btree ("code_insee");--> statement-breakpoint
CREATE INDEX "lieux_source_records_lieu_idx" ON "lieux_source_records" USING btree ("lieu_id");