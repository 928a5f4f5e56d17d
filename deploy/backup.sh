#!/bin/sh
# gongkai backup: the PostgreSQL database (pg_dump, custom format) and the uploaded files (media/),
# into FOLDER/YYYY-MM-DD-HHMM/; backups older than KEEP_DAYS (default 30) are deleted.
# Usage: backup.sh FOLDER   (DATABASE_URL and GONGKAI_DATA_DIR from the environment)
set -eu
folder=${1:?usage: backup.sh FOLDER}
keep_days=${KEEP_DAYS:-30}
stamp=$(date +%Y-%m-%d-%H%M)
target="$folder/$stamp"
mkdir -p "$target"
pg_dump --format=custom --no-owner --file="$target/gongkai.dump" "$DATABASE_URL"
if [ -d "${GONGKAI_DATA_DIR:-.}/media" ]; then
  tar -C "${GONGKAI_DATA_DIR:-.}" -czf "$target/media.tar.gz" media
fi
# A dump that pg_restore cannot list is no backup: fail loudly now, not on the day it is needed.
pg_restore --list "$target/gongkai.dump" > /dev/null
find "$folder" -mindepth 1 -maxdepth 1 -type d -mtime +"$keep_days" -exec rm -rf {} +
echo "备份完成：$target"
