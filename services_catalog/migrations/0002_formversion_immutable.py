"""Published form versions can be neither changed nor deleted, whatever the code path:
a request must keep pointing at exactly what the citizen saw."""

from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION services_catalog_formversion_immutable() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Une version publiée d''un formulaire ne se modifie pas et ne se supprime pas.'
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER services_catalog_formversion_immutable
    BEFORE UPDATE OR DELETE ON services_catalog_formversion
    FOR EACH ROW EXECUTE FUNCTION services_catalog_formversion_immutable();
"""
ALLOW = """
DROP TRIGGER IF EXISTS services_catalog_formversion_immutable ON services_catalog_formversion;
DROP FUNCTION IF EXISTS services_catalog_formversion_immutable();
"""


class Migration(migrations.Migration):
    dependencies = [("services_catalog", "0001_catalogue")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]
