#!/usr/bin/env bash
# Verifies a Sigil token the way a relying party does, with curl, jq and openssl only:
# fetch the issuer's discovery document, then its JWKS, pick the key by kid, check the RS256
# signature, the issuer, the audience and the expiry.
#
#   scripts/verify-token.sh ISSUER_URL TOKEN_FILE [EXPECTED_AUDIENCE]
set -euo pipefail

issuer=${1:?usage: verify-token.sh ISSUER_URL TOKEN_FILE [EXPECTED_AUDIENCE]}
token=$(tr -d '\r\n' < "${2:?usage: verify-token.sh ISSUER_URL TOKEN_FILE [EXPECTED_AUDIENCE]}")
audience=${3:-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

b64url_decode() {
  local data
  data=$(printf '%s' "$1" | tr '_-' '/+')
  case $(( ${#data} % 4 )) in 2) data="$data==" ;; 3) data="$data=" ;; esac
  printf '%s' "$data" | base64 -d
}

if ! [[ $token =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$ ]]; then
  echo "FAIL: $2 does not hold a JWT (three base64url parts joined by dots); it holds:" >&2
  printf '%s\n' "${token:0:300}" >&2
  exit 2
fi
IFS=. read -r header payload signature <<< "$token"
alg=$(b64url_decode "$header" | jq -r .alg)
kid=$(b64url_decode "$header" | jq -r .kid)
[ "$alg" = RS256 ] || { echo "only RS256 is checked by this script (token says $alg)"; exit 2; }

jwks_uri=$(curl -fsS "$issuer/.well-known/openid-configuration" | jq -r .jwks_uri)
jwk=$(curl -fsS "$jwks_uri" | jq -c --arg kid "$kid" '.keys[] | select(.kid == $kid)')
[ -n "$jwk" ] || { echo "FAIL: kid $kid is not in $jwks_uri"; exit 1; }

n_hex=$(b64url_decode "$(jq -r .n <<< "$jwk")" | xxd -p | tr -d '\n')
e_hex=$(b64url_decode "$(jq -r .e <<< "$jwk")" | xxd -p | tr -d '\n')
printf 'asn1=SEQUENCE:key\n[key]\nn=INTEGER:0x%s\ne=INTEGER:0x%s\n' "$n_hex" "$e_hex" > "$work/key.conf"
openssl asn1parse -genconf "$work/key.conf" -out "$work/key.der" -noout
openssl rsa -RSAPublicKey_in -inform DER -in "$work/key.der" -pubout -out "$work/key.pem" 2>/dev/null
b64url_decode "$signature" > "$work/signature"
printf '%s' "$header.$payload" > "$work/signed"
openssl dgst -sha256 -verify "$work/key.pem" -signature "$work/signature" "$work/signed" > /dev/null \
  || { echo "FAIL: bad signature"; exit 1; }

claims=$(b64url_decode "$payload")
[ "$(jq -r .iss <<< "$claims")" = "$issuer" ] || { echo "FAIL: iss is not $issuer"; exit 1; }
[ "$(jq -r .exp <<< "$claims")" -gt "$(date +%s)" ] || { echo "FAIL: expired"; exit 1; }
if [ -n "$audience" ]; then
  [ "$(jq -r .aud <<< "$claims")" = "$audience" ] || { echo "FAIL: aud is not $audience"; exit 1; }
fi
echo "OK: signature by kid $kid, issuer $issuer, expires $(jq -r .exp <<< "$claims")"
jq . <<< "$claims"
