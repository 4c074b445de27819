package capture

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gopacket/gopacket/layers"
)

var updateSeeds = flag.Bool("update-seeds", false, "rewrite testdata/fuzz/*/seed-* from testdata captures and test frames")

// writeSeed writes one go-fuzz v1 corpus file.
func writeSeed(t *testing.T, target, name string, args ...any) {
	t.Helper()
	var b strings.Builder
	b.WriteString("go test fuzz v1\n")
	for _, a := range args {
		switch v := a.(type) {
		case []byte:
			fmt.Fprintf(&b, "[]byte(%q)\n", v)
		case uint8:
			fmt.Fprintf(&b, "byte(%d)\n", v)
		case uint16:
			fmt.Fprintf(&b, "uint16(%d)\n", v)
		case uint32:
			fmt.Fprintf(&b, "uint32(%d)\n", v)
		default:
			t.Fatalf("seed type %T", a)
		}
	}
	dir := filepath.Join("testdata", "fuzz", target)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "seed-"+name), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestWriteFuzzSeeds regenerates the seed corpora with -update-seeds: real
// captures (whole, and gzip-compressed then cut) for the file readers, the
// first frames of each capture plus tunnel and fragment frames for
// FuzzDecode, and the filter test frames for FuzzFilterBPF.
func TestWriteFuzzSeeds(t *testing.T) {
	if !*updateSeeds {
		t.Skip("run with -update-seeds to rewrite the seed corpora")
	}
	for _, target := range []string{"FuzzOpenFiles", "FuzzReader", "FuzzDecode", "FuzzFilterBPF"} {
		old, _ := filepath.Glob(filepath.Join("testdata", "fuzz", target, "seed-*"))
		for _, p := range old {
			os.Remove(p)
		}
	}
	linkIndex := map[layers.LinkType]uint8{}
	for i, l := range fuzzLinks {
		if _, ok := linkIndex[l]; !ok {
			linkIndex[l] = uint8(i)
		}
	}
	for _, tc := range corpusFiles {
		b := mustRead(t, tc.name)
		target, other := "FuzzOpenFiles", "FuzzReader"
		if strings.HasSuffix(tc.name, ".pcapng") {
			target, other = other, target
		}
		writeSeed(t, target, tc.name, b)
		var z bytes.Buffer
		w := gzip.NewWriter(&z)
		w.Write(b)
		w.Close()
		writeSeed(t, other, "gzip-cut-"+tc.name, z.Bytes()[:z.Len()/3+40])
		frames, err := readBytes(tc.name, b)
		if err != nil {
			t.Fatal(err)
		}
		for i, fr := range frames[:min(3, len(frames))] {
			writeSeed(t, "FuzzDecode", fmt.Sprintf("%s-%d", tc.name, i+1), linkIndex[fr.link], fr.data)
		}
	}
	v4 := ipv4TCP(t)
	writeSeed(t, "FuzzDecode", "vxlan", uint8(0), outer(t, layers.IPProtocolUDP, 4789, slices.Concat([]byte{0x08, 0, 0, 0, 0, 0x10, 0x92, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	writeSeed(t, "FuzzDecode", "erspan", uint8(0), outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeERSPAN, 0, true), []byte{0x10, 0, 0x00, 5, 0, 0, 0, 0}, ethHdr(layers.EthernetTypeIPv4), v4)))
	writeSeed(t, "FuzzDecode", "gre-key", uint8(0), outer(t, layers.IPProtocolGRE, 0, slices.Concat(greHdr(layers.EthernetTypeIPv4, 7, false), v4)))
	for i, fr := range fragments(t, bigIPv4TCP(t, 1, 1200), 400) {
		writeSeed(t, "FuzzDecode", fmt.Sprintf("fragment-%d", i), uint8(0), fr)
	}
	for _, tc := range decodeCases(t) {
		if i, ok := linkIndex[tc.link]; ok {
			writeSeed(t, "FuzzDecode", "case-"+tc.name, i, tc.frame)
		}
	}
	for _, fr := range filterFrames(t) {
		writeSeed(t, "FuzzFilterBPF", fr.name, fr.frame, uint16(8080), uint16(100), uint32(0x0a000001), uint8(8), uint8(0xff))
		writeSeed(t, "FuzzFilterBPF", fr.name+"-ports-only", fr.frame, uint16(80), uint16(0), uint32(0xc0a80102), uint8(16), uint8(1))
	}
}
