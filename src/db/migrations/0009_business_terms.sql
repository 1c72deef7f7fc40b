CREATE TABLE "business_terms" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"connection_id" uuid NOT NULL,
	"name" text NOT NULL,
	"synonyms" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"kind" text NOT NULL,
	"expression" text NOT NULL,
	"table_schema" text NOT NULL,
	"table_name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"reason" text,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"edited" boolean DEFAULT false NOT NULL,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "business_terms_kind" CHECK ("business_terms"."kind" in ('measure', 'dimension', 'filter', 'entity')),
	CONSTRAINT "business_terms_status" CHECK ("business_terms"."status" in ('proposed', 'accepted', 'rejected')),
	CONSTRAINT "business_terms_origin" CHECK ("business_terms"."origin" in ('proposed', 'person'))
);
--> statement-breakpoint
ALTER TABLE "business_terms" ADD CONSTRAINT "business_terms_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "business_terms" ADD CONSTRAINT "business_terms_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "business_terms_name_key" ON "business_terms" USING btree ("connection_id",lower("name"));--> statement-breakpoint
CREATE INDEX "business_terms_connection_idx" ON "business_terms" USING btree ("connection_id","status");