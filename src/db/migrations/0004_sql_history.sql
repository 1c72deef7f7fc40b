CREATE TYPE "public"."query_source" AS ENUM('llm', 'builtin', 'user');--> statement-breakpoint
CREATE TABLE "sql_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"connection_id" uuid NOT NULL,
	"user_id" uuid,
	"source" "query_source" NOT NULL,
	"sql" text NOT NULL,
	"ok" boolean NOT NULL,
	"error" text,
	"reason" text,
	"row_count" integer,
	"execution_ms" double precision,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sql_history" ADD CONSTRAINT "sql_history_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sql_history" ADD CONSTRAINT "sql_history_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "sql_history_connection_idx" ON "sql_history" USING btree ("connection_id","created_at");--> statement-breakpoint
CREATE INDEX "sql_history_created_idx" ON "sql_history" USING btree ("created_at");