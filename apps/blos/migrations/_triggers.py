"""The triggers behind the BLO host-country rule (see migration 0002).

Kept apart so that later migrations can drop and recreate them: SQLite rebuilds a table to
alter it, and a trigger that names the table being rebuilt breaks that. Any migration that
alters ``blos_border`` or ``blos_borderliaisonoffice`` runs ``drop`` first and ``create``
last.
"""



MESSAGE = "blos_blo_host_country_on_border: the host country must be on the border"

POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION blos_blo_host_country_on_border() RETURNS trigger AS $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM blos_border b
            WHERE b.id = NEW.border_id
              AND NEW.host_country_id IN (b.country_a_id, b.country_b_id)
        ) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER blos_blo_host_country_on_border
    BEFORE INSERT OR UPDATE OF border_id, host_country_id ON blos_borderliaisonoffice
    FOR EACH ROW EXECUTE FUNCTION blos_blo_host_country_on_border();
    """,
    f"""
    CREATE FUNCTION blos_border_keeps_host_countries() RETURNS trigger AS $$
    BEGIN
        IF EXISTS (
            SELECT 1 FROM blos_borderliaisonoffice o
            WHERE o.border_id = NEW.id
              AND o.host_country_id NOT IN (NEW.country_a_id, NEW.country_b_id)
        ) THEN
            RAISE EXCEPTION USING ERRCODE = 'check_violation', MESSAGE = '{MESSAGE}';
        END IF;
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER blos_border_keeps_host_countries
    BEFORE UPDATE OF country_a_id, country_b_id ON blos_border
    FOR EACH ROW EXECUTE FUNCTION blos_border_keeps_host_countries();
    """,
]
POSTGRESQL_BACKWARD = [
    "DROP TRIGGER IF EXISTS blos_border_keeps_host_countries ON blos_border;",
    "DROP FUNCTION IF EXISTS blos_border_keeps_host_countries();",
    "DROP TRIGGER IF EXISTS blos_blo_host_country_on_border ON blos_borderliaisonoffice;",
    "DROP FUNCTION IF EXISTS blos_blo_host_country_on_border();",
]

_SQLITE_BLO_CHECK = f"""
    FOR EACH ROW WHEN NOT EXISTS (
        SELECT 1 FROM blos_border b
        WHERE b.id = NEW.border_id AND NEW.host_country_id IN (b.country_a_id, b.country_b_id)
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
"""
SQLITE_FORWARD = [
    "CREATE TRIGGER blos_blo_host_country_on_border_insert "
    "BEFORE INSERT ON blos_borderliaisonoffice" + _SQLITE_BLO_CHECK,
    "CREATE TRIGGER blos_blo_host_country_on_border_update "
    "BEFORE UPDATE OF border_id, host_country_id ON blos_borderliaisonoffice" + _SQLITE_BLO_CHECK,
    f"""
    CREATE TRIGGER blos_border_keeps_host_countries
    BEFORE UPDATE OF country_a_id, country_b_id ON blos_border
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM blos_borderliaisonoffice o
        WHERE o.border_id = NEW.id AND o.host_country_id NOT IN (NEW.country_a_id, NEW.country_b_id)
    )
    BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END;
    """,
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS blos_border_keeps_host_countries;",
    "DROP TRIGGER IF EXISTS blos_blo_host_country_on_border_update;",
    "DROP TRIGGER IF EXISTS blos_blo_host_country_on_border_insert;",
]

STATEMENTS = {
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_BACKWARD),
    "sqlite": (SQLITE_FORWARD, SQLITE_BACKWARD),
}


def _run(schema_editor, index):
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:  # another database: clean() alone guards the rule
        return
    for sql in statements[index]:
        schema_editor.execute(sql)


def create(apps, schema_editor):
    _run(schema_editor, 0)


def drop(apps, schema_editor):
    _run(schema_editor, 1)
