-- A record's shares go with it, whether it is deleted directly or by a cascade from its parent.
CREATE OR REPLACE FUNCTION rapport_drop_shares() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM record_shares WHERE tenant_id = OLD.tenant_id AND entity = TG_ARGV[0] AND record_id = OLD.id;
  RETURN OLD;
END $$;--> statement-breakpoint
CREATE TRIGGER contacts_drop_shares AFTER DELETE ON contacts FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('contact');--> statement-breakpoint
CREATE TRIGGER companies_drop_shares AFTER DELETE ON companies FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('company');--> statement-breakpoint
CREATE TRIGGER interactions_drop_shares AFTER DELETE ON interactions FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('interaction');--> statement-breakpoint
CREATE TRIGGER notes_drop_shares AFTER DELETE ON notes FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('note');--> statement-breakpoint
CREATE TRIGGER tasks_drop_shares AFTER DELETE ON tasks FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('task');--> statement-breakpoint
CREATE TRIGGER households_drop_shares AFTER DELETE ON households FOR EACH ROW EXECUTE FUNCTION rapport_drop_shares('household');
