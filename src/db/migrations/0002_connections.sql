CREATE TYPE "public"."connection_status" AS ENUM('pending', 'analyzing', 'indexing', 'ready', 'error', 'updating');--> statement-breakpoint
CREATE TYPE "public"."share_permission" AS ENUM('chat', 'view', 'owner');--> statement-breakpoint
CREATE TYPE "public"."ssl_mode" AS ENUM('disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full');--> statement-breakpoint
CREATE TABLE "connection_shares" (
	"connection_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"permission" "share_permission" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connection_shares_connection_id_user_id_pk" PRIMARY KEY("connection_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "connections" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"host" text NOT NULL,
	"port" integer DEFAULT 5432 NOT NULL,
	"database" text NOT NULL,
	"username" text NOT NULL,
	"encrypted_password" text NOT NULL,
	"ssl_mode" "ssl_mode" DEFAULT 'prefer' NOT NULL,
	"status" "connection_status" DEFAULT 'pending' NOT NULL,
	"status_message" text,
	"analysis_progress" integer DEFAULT 0 NOT NULL,
	"analysis_requested_at" timestamp with time zone,
	"last_analyzed_at" timestamp with time zone,
	"server_version" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "connections_progress_range" CHECK ("connections"."analysis_progress" between 0 and 100),
	CONSTRAINT "connections_port_range" CHECK ("connections"."port" between 1 and 65535)
);
--> statement-breakpoint
ALTER TABLE "connection_shares" ADD CONSTRAINT "connection_shares_connection_id_connections_id_fk" FOREIGN KEY ("connection_id") REFERENCES "public"."connections"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connection_shares" ADD CONSTRAINT "connection_shares_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "connections" ADD CONSTRAINT "connections_owner_id_users_id_fk" FOREIGN KEY ("owner_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "connection_shares_user_idx" ON "connection_shares" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "connections_owner_idx" ON "connections" USING btree ("owner_id");