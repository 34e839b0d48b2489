import os

import asyncpg
from sqlalchemy import create_engine

reporting_engine = create_engine("postgresql+psycopg2://postgres:postgres@reports-db/reports")  # expect: PW655
archive_engine = create_engine(os.environ["ARCHIVE_DATABASE_URL"])  # safe: PW655


async def analytics_pool():
    return await asyncpg.create_pool(host="analytics-db", database="events", user="postgres", password=os.environ["PG_PW"])  # expect: PW655


async def audit_pool():
    return await asyncpg.create_pool(host="audit-db", database="audit", user="audit_writer", password=os.environ["PG_PW"])  # safe: PW655
