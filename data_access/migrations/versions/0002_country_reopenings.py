"""country reopenings: entry reopened for a country after the operation's lock date

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 10:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import data_access.models

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('country_reopenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('operation_id', sa.Integer(), nullable=False),
    sa.Column('country_iso3', sa.String(length=3), nullable=False),
    sa.Column('open_until', sa.Date(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('reopened_by', sa.Integer(), nullable=True),
    sa.Column('reopened_at', data_access.models.UTCDateTime(timezone=True), nullable=False),
    sa.Column('closed_by', sa.Integer(), nullable=True),
    sa.Column('closed_at', data_access.models.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['closed_by'], ['users.id'], name=op.f('fk_country_reopenings_closed_by_users')),
    sa.ForeignKeyConstraint(['country_iso3'], ['countries.iso3'], name=op.f('fk_country_reopenings_country_iso3_countries')),
    sa.ForeignKeyConstraint(['operation_id'], ['operations.id'], name=op.f('fk_country_reopenings_operation_id_operations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reopened_by'], ['users.id'], name=op.f('fk_country_reopenings_reopened_by_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_country_reopenings'))
    )
    with op.batch_alter_table('country_reopenings', schema=None) as batch_op:
        batch_op.create_index('ix_country_reopenings_operation_country',
                              ['operation_id', 'country_iso3'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('country_reopenings', schema=None) as batch_op:
        batch_op.drop_index('ix_country_reopenings_operation_country')
    op.drop_table('country_reopenings')
