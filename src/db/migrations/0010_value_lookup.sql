DROP INDEX "column_values_connection_idx";--> statement-breakpoint
CREATE INDEX "column_values_connection_value_idx" ON "column_values" USING btree ("connection_id",lower("value"));