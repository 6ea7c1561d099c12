#!/bin/sh
# Render the Redis ACL template (deploy/redis/users.acl) into the file `redis-server --aclfile` loads:
#   REDIS_OPS_PASSWORD=… REDIS_AUTH_PASSWORD=… REDIS_WRITE_PASSWORD=… REDIS_READ_PASSWORD=… \
#     sh deploy/redis/render-acl.sh deploy/redis/users.acl > users.acl
# Comment and blank lines are dropped (an ACL file has none); every >${NAME} becomes #<SHA-256 of $NAME>, so the
# output holds no password. A password that is unset or shorter than 16 characters is an error. POSIX sh and
# sha256sum only: it runs in the redis:7-alpine image (compose.yaml, deploy/k8s/overlays/dev/redis.yaml).
set -eu
template="${1:-/etc/redis/users.acl}"
script=""
for name in $(grep '^user ' "$template" | grep -o '>\${[A-Z0-9_]*}' | sed 's/^>\${\(.*\)}$/\1/' | sort -u); do
  eval "value=\${$name:-}"
  if [ "${#value}" -lt 16 ]; then
    echo "render-acl: $name is unset or shorter than 16 characters" >&2
    exit 1
  fi
  hash=$(printf '%s' "$value" | sha256sum | cut -d' ' -f1)
  script="${script}s/>\\\${$name}/#$hash/g;"
done
grep -v -e '^#' -e '^[[:space:]]*$' "$template" | sed "$script"
