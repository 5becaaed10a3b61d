"""roll-up rows in every summary: totals over all countries and transport modes per day

Rows with reporting_country = '' and transport_mode = '' hold, per operation, day and the
summary's own dimensions, the sum of the fine rows; views that neither filter nor group by
place read them (data_access.summaries). Existing databases get them from their fine rows.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 05:40:00
"""

from __future__ import annotations

from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# table: (dimensions, measures summed, measures taken as they are)
TABLES = {
    'summary_seizures': (('cell', 'location_id'), ('seizures', 'arrests', 'items', 'mass_kg'),
                         ()),
    'summary_items': (('taxon_id', 'term_code', 'unit_code', 'is_live'),
                      ('items', 'quantity', 'base_quantity'), ('base_class',)),
    'summary_taxa': (('taxon_id',), ('seizures',), ()),
    'summary_terms': (('term_code',), ('seizures',), ()),
    'summary_groups': (('display_group',), ('seizures',), ()),
    'summary_appendices': (('cites_appendix',), ('seizures',), ()),
    'summary_routes': (('origin', 't1', 't2', 't3', 't4', 't5', 'destination'),
                       ('seizures', 'mass_kg'), ()),
}


def upgrade() -> None:
    for table in TABLES:
        if table != 'summary_routes':
            # Reads name the grain (fine rows or roll-up rows) before the dates.
            op.create_index(f'ix_{table}_grain', table,
                            ['operation_id', 'reporting_country', 'seizure_date'])
    # The routes in grouping order, covering the measures: top routes without a sort.
    op.create_index('ix_summary_routes_paths', 'summary_routes',
                    ['operation_id', 'reporting_country', 'origin', 't1', 't2', 't3', 't4',
                     't5', 'destination', 'seizure_date', 'seizures', 'mass_kg'])
    for table, (dimensions, summed, kept) in TABLES.items():
        keys = ', '.join(('operation_id', 'seizure_date', *dimensions))
        columns = ', '.join(('operation_id', 'seizure_date', 'reporting_country',
                             'transport_mode', *dimensions, *summed, *kept))
        values = ', '.join((*[f'SUM({m})' for m in summed], *[f'MAX({m})' for m in kept]))
        op.execute(
            f"INSERT INTO {table} ({columns}) "
            f"SELECT operation_id, seizure_date, '', '', {', '.join(dimensions)}, {values} "
            f"FROM {table} WHERE reporting_country <> '' GROUP BY {keys}")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DELETE FROM {table} WHERE reporting_country = ''")
        op.drop_index('ix_summary_routes_paths' if table == 'summary_routes'
                      else f'ix_{table}_grain', table_name=table)
