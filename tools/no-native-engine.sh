#!/bin/sh
# Stands in for Prisma's native schema engine, which cannot be downloaded here (see docs/database.md).
echo "The native Prisma schema engine is not installed: run migrations with 'npm run db:migrate -- deploy|dev|status|diff'."
exit 1
