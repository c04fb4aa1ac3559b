// Verifies a C2SP signed note (stdin) with golang.org/x/mod/sumdb/note under the verifier key argv[1]
// and, for C2SP tlog-cosignature, any number of cosigner keys argv[2:] (key type 0x04,
// cosignature/v1: Ed25519 over "cosignature/v1\ntime <t>\n" + the note text, written here on
// crypto/ed25519). Prints the note text and, on stderr, "verified <name>" per verified signature;
// exits 0 when it verifies, 1 otherwise.
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

type cosignatureV1 struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v cosignatureV1) Name() string    { return v.name }
func (v cosignatureV1) KeyHash() uint32 { return v.hash }
func (v cosignatureV1) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	signed := append([]byte(fmt.Sprintf("cosignature/v1\ntime %d\n", t)), msg...)
	return ed25519.Verify(v.key, signed, sig[8:])
}

func newCosignatureVerifier(vkey string) (note.Verifier, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, errors.New("malformed cosigner key")
	}
	name, hash, key := parts[0], parts[1], parts[2]
	raw, err := base64.StdEncoding.DecodeString(key)
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 0x04 {
		return nil, errors.New("cosigner key is not type 0x04 with a 32-byte Ed25519 key")
	}
	h := sha256.Sum256(append([]byte(name+"\n"), raw...))
	if hex.EncodeToString(h[:4]) != hash {
		return nil, errors.New("cosigner key hash does not match")
	}
	return cosignatureV1{name: name, hash: binary.BigEndian.Uint32(h[:4]), key: ed25519.PublicKey(raw[1:])}, nil
}

func main() {
	verifier, err := note.NewVerifier(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "verifier key:", err)
		os.Exit(2)
	}
	verifiers := []note.Verifier{verifier}
	for _, vkey := range os.Args[2:] {
		v, err := newCosignatureVerifier(vkey)
		if err != nil {
			fmt.Fprintln(os.Stderr, "cosigner key:", err)
			os.Exit(2)
		}
		verifiers = append(verifiers, v)
	}
	msg, _ := io.ReadAll(os.Stdin)
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if err != nil {
		fmt.Fprintln(os.Stderr, "open:", err)
		os.Exit(1)
	}
	var out bytes.Buffer
	for _, sig := range n.Sigs {
		fmt.Fprintf(&out, "verified %s\n", sig.Name)
	}
	os.Stderr.Write(out.Bytes())
	fmt.Print(n.Text)
}
