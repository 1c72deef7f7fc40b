CREATE TABLE "analysis_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	"outcome" text DEFAULT 'running' NOT NULL,
	"error" text,
	"stats" jsonb
);
--> statement-breakpoint
CREATE TABLE "column_values" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"column_name" text NOT NULL,
	"value" text NOT NULL,
	"frequency" double precision,
	"source" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "table_insights" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"schema_name" text NOT NULL,
	"table_name" text NOT NULL,
	"kind" text NOT NULL,
	"info" jsonb NOT NULL,
	"summary" text NOT NULL,
	"document" text NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"column_notes" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"drift" jsonb,
	"search_text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "analysis_runs" ADD CONSTRAINT "analysis_runs_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "column_values" ADD CONSTRAINT "column_values_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "table_insights" ADD CONSTRAINT "table_insights_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analysis_runs_connection_idx" ON "analysis_runs" USING btree ("connection_id","started_at");--> statement-breakpoint
CREATE INDEX "column_values_connection_idx" ON "column_values" USING btree ("connection_id");--> statement-breakpoint
CREATE INDEX "column_values_trgm_idx" ON "column_values" USING gin (lower("value") gin_trgm_ops);--> statement-breakpoint
CREATE UNIQUE INDEX "table_insights_table_key" ON "table_insights" USING btree ("connection_id","schema_name","table_name");--> statement-breakpoint
CREATE INDEX "table_insights_search_idx" ON "table_insights" USING gin (to_tsvector('simple', "search_text"));