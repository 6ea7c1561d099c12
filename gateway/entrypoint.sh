#!/bin/sh
# The gateway container's entry point (compose.yaml): Traefik's static file cannot read the environment, so this
# renders gateway/traefik.yml with the trusted front proxies from ANI_GATEWAY_TRUSTED_IPS (comma-separated IP
# networks; empty = none, Traefik at the edge) and runs Traefik on the result.
#   sh entrypoint.sh render   prints the rendered configuration instead (checked by tests/e2e/test_gateway.py)
set -eu
source_file="${ANI_GATEWAY_CONFIG:-/etc/traefik/traefik.yml}"
rendered="${ANI_GATEWAY_RENDERED:-/tmp/traefik.yml}"
ips="$(printf '%s' "${ANI_GATEWAY_TRUSTED_IPS:-}" | tr -d ' ')"
case "$ips" in
  *[!0-9A-Fa-f.:/,]*)
    echo "ANI_GATEWAY_TRUSTED_IPS must be comma-separated IP networks, got: $ips" >&2
    exit 2
    ;;
esac
list=""
if [ -n "$ips" ]; then
  list="\"$(printf '%s' "$ips" | sed 's/,,*/,/g; s/^,//; s/,$//; s/,/", "/g')\""
fi
grep -q '^      trustedIPs: \[\]$' "$source_file" || { echo "no 'trustedIPs: []' line in $source_file" >&2; exit 2; }
if [ "${1:-}" = "render" ]; then
  sed "s|^      trustedIPs: \[\]\$|      trustedIPs: [$list]|" "$source_file"
  exit 0
fi
sed "s|^      trustedIPs: \[\]\$|      trustedIPs: [$list]|" "$source_file" > "$rendered"
exec traefik --configFile="$rendered" "$@"
