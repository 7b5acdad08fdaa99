#!/bin/sh
# sign.sh KEY CERT EFI: sign the PE/COFF image EFI in place for UEFI
# Secure Boot with sbsign (Debian's sbsigntool), then check the signature
# with sbverify. KEY is a PEM private key, CERT its PEM certificate; the
# certificate must be enrolled in the firmware's db (or signed by a key
# there) for the signed loader to start with Secure Boot on.
set -eu
if [ $# -ne 3 ]; then
	echo "usage: sign.sh KEY CERT EFI" >&2
	exit 2
fi
key=$1 cert=$2 efi=$3
for f in "$key" "$cert" "$efi"; do
	if [ ! -r "$f" ]; then
		echo "sign.sh: cannot read $f" >&2
		exit 1
	fi
done
tmp=$efi.signing
trap 'rm -f "$tmp"' EXIT
sbsign --key "$key" --cert "$cert" --output "$tmp" "$efi"
sbverify --cert "$cert" "$tmp"
mv "$tmp" "$efi"
echo "sign.sh: signed $efi"
