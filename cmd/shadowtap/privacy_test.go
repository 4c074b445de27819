package main

import (
	"bytes"
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/layers"
	"github.com/gopacket/gopacket/pcapgo"
)

// privacyExchange is one request and its JSON answer on its own connection
// (host "" is pay.example.test, status 0 is 200).
type privacyExchange struct {
	method, target, reqBody, respBody string
	host                              string
	status                            int
}

// writePrivacyPcap writes one TCP connection per exchange to a pcap file.
func writePrivacyPcap(t *testing.T, name string, xs []privacyExchange) {
	t.Helper()
	var buf bytes.Buffer
	w := pcapgo.NewWriter(&buf)
	if err := w.WriteFileHeader(65535, layers.LinkTypeEthernet); err != nil {
		t.Fatal(err)
	}
	ts := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	cli, srv := net.IPv4(10, 0, 0, 2), net.IPv4(10, 0, 0, 1)
	for i, x := range xs {
		cport := layers.TCPPort(41000 + i)
		var cseq, sseq uint32 = 1000, 9000
		add := func(fromClient bool, syn, fin bool, payload []byte) {
			ts = ts.Add(time.Millisecond)
			ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolTCP, SrcIP: cli, DstIP: srv}
			tcp := &layers.TCP{SrcPort: cport, DstPort: 8080, Window: 65535, Seq: cseq, Ack: sseq, ACK: !syn || !fromClient}
			if !fromClient {
				ip.SrcIP, ip.DstIP = srv, cli
				tcp.SrcPort, tcp.DstPort, tcp.Seq, tcp.Ack = 8080, cport, sseq, cseq
			}
			tcp.SYN, tcp.FIN, tcp.PSH = syn, fin, len(payload) > 0
			tcp.SetNetworkLayerForChecksum(ip)
			eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, EthernetType: layers.EthernetTypeIPv4}
			sb := gopacket.NewSerializeBuffer()
			if err := gopacket.SerializeLayers(sb, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}, eth, ip, tcp, gopacket.Payload(payload)); err != nil {
				t.Fatal(err)
			}
			b := sb.Bytes()
			if err := w.WritePacket(gopacket.CaptureInfo{Timestamp: ts, CaptureLength: len(b), Length: len(b)}, b); err != nil {
				t.Fatal(err)
			}
			adv := uint32(len(payload))
			if syn || fin {
				adv++
			}
			if fromClient {
				cseq += adv
			} else {
				sseq += adv
			}
		}
		host, status := x.host, x.status
		if host == "" {
			host = "pay.example.test"
		}
		if status == 0 {
			status = 200
		}
		req := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", x.method, x.target, host, len(x.reqBody), x.reqBody)
		resp := fmt.Sprintf("HTTP/1.1 %d X\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s", status, len(x.respBody), x.respBody)
		add(true, true, false, nil)
		add(false, true, false, nil)
		add(true, false, false, nil)
		add(true, false, false, []byte(req))
		add(false, false, false, []byte(resp))
		add(true, false, true, nil)
		add(false, false, true, nil)
		add(true, false, false, nil)
	}
	if err := os.WriteFile(name, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

// Sensitive values never reach the database or any output, wherever they
// sit: in path segments (card numbers, e-mail addresses), as query
// parameter names, as JSON object keys, in bodies. Their kinds are flagged.
func TestSecretHygiene(t *testing.T) {
	dir := t.TempDir()
	pcap, db, spec := filepath.Join(dir, "pay.pcap"), filepath.Join(dir, "inv.db"), filepath.Join(dir, "spec.yaml")
	secrets := []string{"4111111111111111", "5555555555554444", "4012888888881881", "jane.doe@example.com",
		"bob@example.org", "x@y.example", "AKIAIOSFODNN7EXAMPLE", "+31612345678"}
	writePrivacyPcap(t, pcap, []privacyExchange{
		{method: "GET", target: "/api/cards/4111111111111111/charges", respBody: `{"items":[]}`},
		{method: "GET", target: "/api/cards/5555555555554444/charges", respBody: `{"items":[]}`},
		{method: "GET", target: "/api/members/jane.doe@example.com", respBody: `{"role":"admin"}`},
		{method: "GET", target: "/api/directory?jane.doe@example.com=1&bob@example.org=2", respBody: `{"jane.doe@example.com":{"role":"admin"},"bob@example.org":{"role":"user"}}`},
		{method: "POST", target: "/api/users", reqBody: `{"email":"x@y.example","card":"4012888888881881","key":"AKIAIOSFODNN7EXAMPLE"}`, respBody: `{"id":7}`},
		{method: "GET", target: "/api/phones/+31612345678", respBody: `{"ok":true}`},
	})
	if err := os.WriteFile(spec, []byte("openapi: 3.0.3\ninfo: {title: pay, version: '1'}\npaths:\n  /api/users:\n    post:\n      responses: {'200': {description: ok}}\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, pcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	outputs := map[string]string{}
	for _, f := range []string{"table", "json", "ndjson", "csv"} {
		out, errOut, code := shadowtap(t, "endpoints", "--db", db, "--format", f)
		if code != 0 {
			t.Fatalf("endpoints --format %s: exit %d: %s", f, code, errOut)
		}
		outputs["endpoints "+f] = out + errOut
	}
	for _, f := range []string{"table", "json", "ndjson", "csv", "sarif"} {
		out, errOut, code := shadowtap(t, "diff", "--db", db, "--spec", spec, "--format", f)
		if code > 1 {
			t.Fatalf("diff --format %s: exit %d: %s", f, code, errOut)
		}
		outputs["diff "+f] = out + errOut
	}
	out, errOut, code := shadowtap(t, "export", "openapi", "--db", db)
	if code != 0 {
		t.Fatalf("export openapi: exit %d: %s", code, errOut)
	}
	outputs["export openapi"] = out
	raw, err := os.ReadFile(db)
	if err != nil {
		t.Fatal(err)
	}
	outputs["database file"] = string(raw)
	for where, text := range outputs {
		for _, s := range secrets {
			if strings.Contains(text, s) {
				t.Errorf("%s contains %q", where, s)
			}
		}
	}
	// the kinds are flagged where the values were
	js := outputs["endpoints json"]
	for _, want := range []string{`"request.card_number"`, `"request.email"`, `"response.email"`, `/api/cards/{`, `"request.phone"`} {
		if !strings.Contains(js, want) {
			t.Errorf("endpoints json lacks %s", want)
		}
	}
}

// A flood of junk Host headers answered 404 does not push real hosts out;
// ingest says what its caps refused, and the real hosts of a later capture
// still get in.
func TestIngestJunkHostFlood(t *testing.T) {
	dir := t.TempDir()
	flood, later, db := filepath.Join(dir, "flood.pcap"), filepath.Join(dir, "later.pcap"), filepath.Join(dir, "inv.db")
	xs := []privacyExchange{{method: "GET", target: "/api/orders", respBody: `{"id":1}`, host: "shop.example.test"}}
	for i := 0; i < 12; i++ {
		xs = append(xs, privacyExchange{method: "GET", target: "/", respBody: `{}`, host: fmt.Sprintf("junk%d.invalid", i), status: 404})
	}
	writePrivacyPcap(t, flood, xs)
	writePrivacyPcap(t, later, []privacyExchange{
		{method: "GET", target: "/v1/items", respBody: `{"id":1}`, host: "new1.example.test"},
		{method: "GET", target: "/v1/items", respBody: `{"id":1}`, host: "new2.example.test"},
	})
	_, errOut, code := shadowtap(t, "ingest", "--db", db, "--max-hosts", "4", flood)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "inventory.noise_host_overflow") || !strings.Contains(errOut, " 8 ") {
		t.Errorf("ingest output does not show the refused noise hosts:\n%s", errOut)
	}
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, "--max-hosts", "4", later); code != 0 {
		t.Fatalf("second ingest exit %d: %s", code, errOut)
	}
	out, _, _ := shadowtap(t, "endpoints", "--db", db, "--format", "csv")
	for _, h := range []string{"shop.example.test", "new1.example.test", "new2.example.test"} {
		if !strings.Contains(out, h) {
			t.Errorf("endpoints lack %s:\n%s", h, out)
		}
	}
}

// Hints given to ingest are stored with the inventory: endpoints and diff
// template the stored hosts the same way without being told again, and a
// literal hint never keeps a card number as a literal.
func TestStoredHintsApplyToEveryCommand(t *testing.T) {
	dir := t.TempDir()
	db, hints, pcap := filepath.Join(dir, "inv.db"), filepath.Join(dir, "hints.yaml"), filepath.Join(dir, "c.pcap")
	if err := os.WriteFile(hints, []byte("- prefix: /hr/api/employees\n  literal: true\n- prefix: /api/cards\n  literal: true\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	writePrivacyPcap(t, pcap, []privacyExchange{
		{method: "GET", target: "/api/cards/4111111111111111", respBody: `{"ok":true}`},
		{method: "GET", target: "/api/cards/visa-gold", respBody: `{"ok":true}`},
	})
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, "--hints", hints, samplePcap, pcap); code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	out, errOut, code := shadowtap(t, "endpoints", "--db", db, "--format", "csv")
	if code != 0 {
		t.Fatalf("endpoints exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "/hr/api/employees/E") || strings.Contains(out, "/hr/api/employees/{") {
		t.Errorf("the literal hint was not applied by endpoints:\n%s", out)
	}
	if strings.Contains(out, "4111111111111111") || !strings.Contains(out, "/api/cards/visa-gold") {
		t.Errorf("cards: %s", out)
	}
}

// The same capture piped twice into ingest is counted once: a stream is
// known by its first MiB.
func TestIngestStdinTwiceCountsOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "inv.db")
	raw, err := os.ReadFile(samplePcap)
	if err != nil {
		t.Fatal(err)
	}
	in := func() (string, int) {
		var out, errb bytes.Buffer
		code := run(context.Background(), []string{"ingest", "--db", db, "-"}, bytes.NewReader(raw), &out, &errb)
		return errb.String(), code
	}
	if errOut, code := in(); code != 0 {
		t.Fatalf("first ingest exit %d: %s", code, errOut)
	}
	first, _, _ := shadowtap(t, "endpoints", "--db", db, "--format", "csv")
	errOut, code := in()
	if code != 0 || !strings.Contains(errOut, "skipped: already ingested") {
		t.Fatalf("second ingest exit %d, not skipped: %s", code, errOut)
	}
	if again, _, _ := shadowtap(t, "endpoints", "--db", db, "--format", "csv"); again != first {
		t.Error("the second stdin ingest changed the counts")
	}
}

// --max-nodes-per-host bounds a host's path trie: paths past it are
// counted, and the output names the flag that raises the cap.
func TestIngestNodeCapFlag(t *testing.T) {
	dir := t.TempDir()
	capture, db := filepath.Join(dir, "deep.pcap"), filepath.Join(dir, "inv.db")
	var xs []privacyExchange
	for i := 0; i < 6; i++ {
		xs = append(xs, privacyExchange{method: "GET", target: fmt.Sprintf("/section%d/page%d/part%d", i, i, i), respBody: `{}`, host: "deep.example.test"})
	}
	writePrivacyPcap(t, capture, xs)
	_, errOut, code := shadowtap(t, "ingest", "--db", db, "--max-nodes-per-host", "8", capture)
	if code != 0 {
		t.Fatalf("ingest exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "inventory.node_overflow") || !strings.Contains(errOut, "--max-nodes-per-host") {
		t.Errorf("ingest output does not show the refused paths and the flag:\n%s", errOut)
	}
	if _, errOut, code := shadowtap(t, "ingest", "--db", db, "--max-nodes-per-host", "0", capture); code == 0 || !strings.Contains(errOut, "--max-nodes-per-host") {
		t.Errorf("--max-nodes-per-host 0: exit %d: %s", code, errOut)
	}
}
