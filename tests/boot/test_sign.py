"""
Secure Boot signing (make sign, ci/sign.sh): the loader signed with a
fresh key verifies against that key's certificate and not against another
one, and still boots (OVMF here runs without Secure Boot; enrolling the
certificate in a PC's db is the user's part, see README). make sign
without KEY and CERT explains itself.
"""
import subprocess

import pytest

import bootlib


def make_key(d, name):
    key, cert = d / f"{name}.key", d / f"{name}.crt"
    subprocess.run(["openssl", "req", "-new", "-x509", "-newkey", "rsa:2048",
                    "-nodes", "-subj", f"/CN={name}/", "-days", "30",
                    "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return key, cert


def verify(cert, efi):
    return subprocess.run(["sbverify", "--cert", str(cert), str(efi)],
                          capture_output=True, text=True).returncode


@pytest.mark.fixed_smp
def test_signed_loader_verifies_and_boots(esp, boot, tmp_path):
    key, cert = make_key(tmp_path, "owner")
    _, other = make_key(tmp_path, "stranger")
    efi = esp / "EFI" / "BOOT" / "BOOTX64.EFI"
    assert verify(cert, efi) != 0, "the unsigned loader verified"
    r = subprocess.run([str(bootlib.REPO / "ci" / "sign.sh"), str(key),
                        str(cert), str(efi)], capture_output=True, text=True)
    assert r.returncode == 0, f"sign.sh failed:\n{r.stdout}{r.stderr}"
    assert verify(cert, efi) == 0, "the signed loader does not verify"
    assert verify(other, efi) != 0, "another certificate verified it"
    bootlib.set_cmdline(esp, "init=/bin/init /bin/hello")
    q = boot(esp)
    q.wait_for(r"^hello, world")
    q.wait_for(r"^kernel: init exited with status 0$")


@pytest.mark.fixed_smp
def test_make_sign_needs_key_and_cert():
    r = subprocess.run(["make", "-s", "sign"], cwd=bootlib.REPO,
                       capture_output=True, text=True)
    assert r.returncode != 0
    assert "usage: make sign KEY=key.pem CERT=cert.pem" in r.stderr
