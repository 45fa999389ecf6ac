"""PostgreSQL full-text and trigram search over portal_searchentry.

- unaccent and pg_trgm extensions;
- passerelle_unaccent(), an IMMUTABLE wrapper (unaccent() itself is only STABLE,
  because its dictionary could change) so that accent-free text can be stored
  and indexed;
- a trigger that keeps ``vector`` weighted: names A, related terms B, body C,
  with the French configuration for French entries and English for English;
- a GIN index on the vector, and trigram GIN indexes on the normalized names
  and on the vocabulary of every indexed word (typo tolerance).

Nothing happens on SQLite, which matches on the normalized columns instead.

Until search had its own app, this was portal's migration 0002: on databases
that ran it, everything here exists already, so every statement leaves what it
finds as it is (IF NOT EXISTS, OR REPLACE, the trigger dropped and made again
inside the migration's transaction).
"""

from django.db import migrations

from portal.migration_operations import RunSQLOnPostgreSQL

FORWARD = r"""
CREATE EXTENSION IF NOT EXISTS unaccent;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE OR REPLACE FUNCTION passerelle_unaccent(text) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
    AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, $1) $$;

CREATE OR REPLACE FUNCTION passerelle_search_config(text) RETURNS regconfig
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT CASE $1 WHEN 'fr' THEN 'pg_catalog.french'::regconfig
                         ELSE 'pg_catalog.english'::regconfig END $$;

CREATE OR REPLACE FUNCTION portal_searchentry_set_vector() RETURNS trigger
    LANGUAGE plpgsql AS $$
BEGIN
    NEW.vector :=
        setweight(to_tsvector(passerelle_search_config(NEW.language),
                              passerelle_unaccent(coalesce(NEW.names, ''))), 'A')
        || setweight(to_tsvector(passerelle_search_config(NEW.language),
                                 passerelle_unaccent(coalesce(NEW.related, ''))), 'B')
        || setweight(to_tsvector(passerelle_search_config(NEW.language),
                                 passerelle_unaccent(coalesce(NEW.body, ''))), 'C');
    RETURN NEW;
END
$$;

DROP TRIGGER IF EXISTS portal_searchentry_vector ON portal_searchentry;
CREATE TRIGGER portal_searchentry_vector
    BEFORE INSERT OR UPDATE OF names, related, body, language ON portal_searchentry
    FOR EACH ROW EXECUTE FUNCTION portal_searchentry_set_vector();

CREATE INDEX IF NOT EXISTS search_vector_idx ON portal_searchentry USING gin (vector);
CREATE INDEX IF NOT EXISTS search_names_trgm_idx ON portal_searchentry
    USING gin (normalized_names gin_trgm_ops);
CREATE INDEX IF NOT EXISTS search_word_trgm_idx ON portal_searchword USING gin (word gin_trgm_ops);
"""

BACKWARD = r"""
DROP INDEX IF EXISTS search_word_trgm_idx;
DROP INDEX IF EXISTS search_names_trgm_idx;
DROP INDEX IF EXISTS search_vector_idx;
DROP TRIGGER IF EXISTS portal_searchentry_vector ON portal_searchentry;
DROP FUNCTION IF EXISTS portal_searchentry_set_vector();
DROP FUNCTION IF EXISTS passerelle_search_config(text);
DROP FUNCTION IF EXISTS passerelle_unaccent(text);
"""


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [RunSQLOnPostgreSQL(sql=FORWARD, reverse_sql=BACKWARD)]
