"""summary tables kept with every write, and a data version per operation

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28 20:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KEY = ('operation_id', 'seizure_date', 'reporting_country', 'transport_mode')


def _key_columns() -> list[sa.Column]:
    return [
        sa.Column('operation_id', sa.Integer(), nullable=False),
        sa.Column('seizure_date', sa.Date(), nullable=False),
        sa.Column('reporting_country', sa.String(length=3), nullable=False),
        sa.Column('transport_mode', sa.String(length=20), nullable=False),
    ]


def _operation_fk(table: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(['operation_id'], ['operations.id'],
                                   name=op.f(f'fk_{table}_operation_id_operations'),
                                   ondelete='CASCADE')


def upgrade() -> None:
    op.create_table('summary_seizures', *_key_columns(),
    sa.Column('cell', sa.String(length=16), nullable=False),
    sa.Column('location_id', sa.Integer(), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    sa.Column('arrests', sa.Integer(), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('mass_kg', sa.Float(), nullable=False),
    _operation_fk('summary_seizures'),
    sa.PrimaryKeyConstraint(*KEY, 'cell', 'location_id', name=op.f('pk_summary_seizures'))
    )
    op.create_table('summary_items', *_key_columns(),
    sa.Column('taxon_id', sa.Integer(), nullable=False),
    sa.Column('term_code', sa.String(length=3), nullable=False),
    sa.Column('unit_code', sa.String(length=3), nullable=False),
    sa.Column('is_live', sa.Boolean(), nullable=False),
    sa.Column('base_class', sa.String(length=8), nullable=True),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('base_quantity', sa.Float(), nullable=True),
    _operation_fk('summary_items'),
    sa.PrimaryKeyConstraint(*KEY, 'taxon_id', 'term_code', 'unit_code', 'is_live',
                            name=op.f('pk_summary_items'))
    )
    op.create_table('summary_taxa', *_key_columns(),
    sa.Column('taxon_id', sa.Integer(), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    _operation_fk('summary_taxa'),
    sa.PrimaryKeyConstraint(*KEY, 'taxon_id', name=op.f('pk_summary_taxa'))
    )
    op.create_table('summary_terms', *_key_columns(),
    sa.Column('term_code', sa.String(length=3), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    _operation_fk('summary_terms'),
    sa.PrimaryKeyConstraint(*KEY, 'term_code', name=op.f('pk_summary_terms'))
    )
    op.create_table('summary_groups', *_key_columns(),
    sa.Column('display_group', sa.String(length=16), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    _operation_fk('summary_groups'),
    sa.PrimaryKeyConstraint(*KEY, 'display_group', name=op.f('pk_summary_groups'))
    )
    op.create_table('summary_appendices', *_key_columns(),
    sa.Column('cites_appendix', sa.String(length=3), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    _operation_fk('summary_appendices'),
    sa.PrimaryKeyConstraint(*KEY, 'cites_appendix', name=op.f('pk_summary_appendices'))
    )
    op.create_table('summary_routes', *_key_columns(),
    sa.Column('origin', sa.String(length=3), nullable=False),
    *[sa.Column(f't{k}', sa.String(length=3), nullable=False) for k in range(1, 6)],
    sa.Column('destination', sa.String(length=3), nullable=False),
    sa.Column('seizures', sa.Integer(), nullable=False),
    sa.Column('mass_kg', sa.Float(), nullable=False),
    _operation_fk('summary_routes'),
    sa.PrimaryKeyConstraint(*KEY, 'origin', 't1', 't2', 't3', 't4', 't5', 'destination',
                            name=op.f('pk_summary_routes'))
    )
    op.create_table('data_versions',
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    _operation_fk('data_versions'),
    sa.PrimaryKeyConstraint('operation_id', name=op.f('pk_data_versions'))
    )
    # Plain CREATE INDEX (no batch copy of the seizures table on SQLite).
    op.create_index('ix_seizures_operation_updated', 'seizures',
                    ['operation_id', 'updated_at'], unique=False)
    op.create_index('ix_seizures_operation_created', 'seizures',
                    ['operation_id', 'created_at'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_seizures_operation_created', table_name='seizures')
    op.drop_index('ix_seizures_operation_updated', table_name='seizures')
    for table in ('data_versions', 'summary_routes', 'summary_appendices', 'summary_groups',
                  'summary_terms', 'summary_taxa', 'summary_items', 'summary_seizures'):
        op.drop_table(table)
