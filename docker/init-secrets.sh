#!/bin/sh
# The compose file's one-shot "init" service: makes the deployment's trust material in /secrets
# once (a CA, a certificate and key per service, the token issuer key) and the service tokens the
# followers use, and renews a token when less than a day of it is left. Safe to run again: it
# keeps what exists and is still valid (tibsctl certs init --keep-existing).
# Environment:
#   TIBS_SERVICES    services to make certificates for (default: registry catalogue policy match)
#   TIBS_CERT_HOSTS  extra names, e.g. "registry=registry.lv.example catalogue=catalogue.lv.example"
#   TIBS_CA_NAME     the CA's name (default: TIBS deployment CA)
#   TIBS_PEERS       peer regions' trust material (default: /peers): <peer>-ca.pem files are trusted
#                    for following, in follow-ca.pem
set -eu
out=${TIBS_SECRETS:-/secrets}
services=${TIBS_SERVICES:-registry catalogue policy match}
hosts=""
for pair in ${TIBS_CERT_HOSTS:-}; do hosts="$hosts --host $pair"; done
# shellcheck disable=SC2086 # word splitting of the service and host lists is intended
tibsctl certs init --out "$out" --services $services $hosts --ca-name "${TIBS_CA_NAME:-TIBS deployment CA}" --keep-existing

# token NAME ROLE SUBJECT: $out/NAME.token for 30 days, issued again when missing or close to expiry.
token() {
  if ! tibsctl token inspect "@$out/$1.token" --public-key "$out/issuer.pub" --valid-for 1d >/dev/null 2>&1; then
    tibsctl token issue --issuer-key "$out/issuer.key" --role "$2" --subject "$3" --ttl 30d --out "$out/$1.token"
    echo "issued $out/$1.token ($2, 30 days)"
  fi
}
token admin admin deployment-admin
token policy-follow service tibs-policy
token match-follow service tibs-match
# What followers trust: this deployment's CA and every peer region's (/peers/*-ca.pem, when the
# compose.follow-peer.yaml override mounts them).
cat "$out/ca.pem" > "$out/follow-ca.pem.partial"
for peer_ca in "${TIBS_PEERS:-/peers}"/*-ca.pem; do
  [ -f "$peer_ca" ] || continue
  cat "$peer_ca" >> "$out/follow-ca.pem.partial"
  echo "trusting the peer CA $peer_ca for following"
done
mv "$out/follow-ca.pem.partial" "$out/follow-ca.pem"
echo "secrets ready in $out"
