package reassembly

import (
	"bufio"
	"context"
	"os"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shadowtap/shadowtap/capture"
)

// TestTLSOracle: real handshakes (Go's crypto/tls server; Go, curl and
// openssl s_client clients, TLS 1.2 and 1.3: testdata/tls/record.sh)
// against tshark's reading of them (testdata/tls/tls.tsv).
func TestTLSOracle(t *testing.T) {
	src, err := capture.OpenFiles("testdata/tls/tls.pcap.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	var mu sync.Mutex
	got := map[string]*Exchange{}
	st, err := Process(context.Background(), src, nil, Config{}, func(ex *Exchange) {
		mu.Lock()
		defer mu.Unlock()
		if ex.TLS == nil || ex.Method != "" {
			t.Errorf("not a TLS record: %+v", ex)
			return
		}
		got[strconv.Itoa(int(ex.Client.Port()))] = ex
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("testdata/tls/tls.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	n := 0
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		c := strings.Split(sc.Text(), "\t")
		n++
		ex := got[c[0]]
		if ex == nil {
			t.Errorf("port %s: no handshake", c[0])
			continue
		}
		i := ex.TLS
		dash := func(s string) string {
			if s == "" {
				return "-"
			}
			return s
		}
		if g := []string{dash(i.ServerName), i.Version, i.CipherSuite, dash(i.ALPN)}; strings.Join(g, "\t") != strings.Join(c[1:5], "\t") {
			t.Errorf("port %s: got %q, tshark %q", c[0], g, c[1:5])
		}
		if i.Partial || len(i.JA4) != 36 || i.JA4[0] != 't' {
			t.Errorf("port %s: partial %v, JA4 %q", c[0], i.Partial, i.JA4)
		}
		if i.Version == "TLS 1.2" {
			if len(i.Certificates) != 1 {
				t.Errorf("port %s: %d certificates", c[0], len(i.Certificates))
				continue
			}
			crt := i.Certificates[0]
			expired := crt.NotAfter.Before(time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC))
			if crt.Subject != "CN=api.shop.test,O=Shop Test" || !crt.SelfSigned || strings.Join(crt.DNSNames, ",") != "api.shop.test,shop.test" || expired != (ex.Server.Port() == 18444) {
				t.Errorf("port %s: certificate %+v", c[0], crt)
			}
		} else if len(i.Certificates) != 0 {
			t.Errorf("port %s: a TLS 1.3 certificate in clear?", c[0])
		}
	}
	if n != 8 || len(got) != 8 || st.TLSHandshakes != 8 {
		t.Errorf("oracle %d handshakes, we %d (%d counted)", n, len(got), st.TLSHandshakes)
	}
}

// The JA4 of a published Chrome ClientHello (its ja4_ro lists: ciphers and
// extensions in wire order, signature algorithms).
func TestJA4(t *testing.T) {
	hexes := func(s string) []uint16 {
		var out []uint16
		for _, h := range strings.Split(s, ",") {
			v, err := strconv.ParseUint(h, 16, 16)
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, uint16(v))
		}
		return out
	}
	ch := &clientHello{
		versions: []uint16{0x0304, 0x0303},
		ciphers:  hexes("1301,1302,1303,c02b,c02f,c02c,c030,cca9,cca8,c013,c014,009c,009d,002f,0035"),
		exts:     hexes("002d,0033,0010,fe0d,0017,44cd,0000,000b,000a,002b,ff01,0023,0012,0005,000d,001b"),
		sigAlgs:  hexes("0403,0804,0401,0503,0805,0501,0806,0601"),
		sni:      "tls.browserleaks.com",
		alpn:     []string{"h2", "http/1.1"},
	}
	if got, want := ch.ja4(), "t13d1516h2_8daaf6152771_d8a2da3f94cd"; got != want {
		t.Errorf("JA4 %s, want %s", got, want)
	}
}

// Handshake bytes cut anywhere, in any pieces, never panic; a cut
// handshake is emitted partial or not at all.
func TestTLSCutAnywhere(t *testing.T) {
	src, err := capture.OpenFiles("testdata/tls/tls.pcap.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	// the client and server bytes of the first connection, from the capture
	var dirs [2][]byte
	var client uint16
	dec := capture.NewDecoder(capture.DecoderOptions{})
	for {
		data, ci, lt, err := src.ReadPacket()
		if err != nil {
			break
		}
		var seg capture.Segment
		if !dec.Decode(data, ci, lt, &seg) || len(seg.TCP.Payload) == 0 {
			continue
		}
		sp, dp := uint16(seg.TCP.SrcPort), uint16(seg.TCP.DstPort)
		if client == 0 {
			client = sp
		}
		if sp != client && dp != client {
			continue
		}
		d := 0
		if sp != client {
			d = 1
		}
		dirs[d] = append(dirs[d], seg.TCP.Payload...)
	}
	if len(dirs[0]) == 0 || len(dirs[1]) == 0 {
		t.Skip("no payload read")
	}
	for cut := 0; cut < len(dirs[0])+len(dirs[1]); cut += 7 {
		steps := []step{c2s(string(dirs[0])), s2c(string(dirs[1]))}
		if cut < len(dirs[0]) {
			steps = []step{c2s(string(dirs[0][:cut]))}
		} else {
			steps[1] = s2c(string(dirs[1][:cut-len(dirs[0])]))
		}
		out, _ := runFramer(Config{}, steps, randomSplits(uint64(cut)))
		for _, ex := range out {
			if ex.TLS == nil {
				t.Fatalf("cut %d: a non-TLS exchange", cut)
			}
		}
	}
}
