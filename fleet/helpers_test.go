package fleet

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/gopacket/gopacket"
	"github.com/gopacket/gopacket/pcapgo"
	"github.com/nats-io/nats-server/v2/server"

	"github.com/shadowtap/shadowtap/capture"
	"github.com/shadowtap/shadowtap/ingest"
	"github.com/shadowtap/shadowtap/inventory"
	"github.com/shadowtap/shadowtap/storage"
)

// Captures the fleet tests replay: the people-hub sample (one service, 1547
// exchanges) split by TCP connection between the sensors, and two small
// captures of other hosts given to one sensor each.
var (
	sampleCapture = "../testdata/sample/peoplehub.pcap"
	extraCaptures = []string{
		"../reassembly/testdata/corpus/ndpi-webdav.pcap",
		"../reassembly/testdata/corpus/suricata-keepalive-8-requests.pcap",
	}
)

// splitCapture writes the packets of src into n pcap files, each TCP
// connection whole in one of them (by a hash symmetric in its two
// directions).
func splitCapture(t testing.TB, src string, n int) []string {
	t.Helper()
	in, err := capture.OpenFiles(src)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	dir := t.TempDir()
	var names []string
	var ws []*pcapgo.Writer
	for i := 0; i < n; i++ {
		name := filepath.Join(dir, fmt.Sprintf("part%d.pcap", i))
		f, err := os.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		names = append(names, name)
		ws = append(ws, pcapgo.NewWriter(f))
	}
	started := false
	for {
		data, ci, lt, err := in.ReadPacket()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if !started {
			for _, w := range ws {
				if err := w.WriteFileHeader(262144, lt); err != nil {
					t.Fatal(err)
				}
			}
			started = true
		}
		p := gopacket.NewPacket(data, lt, gopacket.Lazy)
		var h uint64
		if nl := p.NetworkLayer(); nl != nil {
			h = nl.NetworkFlow().FastHash()
		}
		if tl := p.TransportLayer(); tl != nil {
			h = h*31 + tl.TransportFlow().FastHash()
		}
		ci.CaptureLength = len(data)
		h = (h * 0x9E3779B97F4A7C15) >> 29 // spread the hash over the parts
		if err := ws[h%uint64(n)].WritePacket(ci, data); err != nil {
			t.Fatal(err)
		}
	}
	return names
}

// ingestAll ingests the captures into one fresh database, as `shadowtap
// ingest` does, and returns its endpoints.
func ingestAll(t testing.TB, files []string) []inventory.Endpoint {
	t.Helper()
	db, err := storage.Open(filepath.Join(t.TempDir(), "all.db"), storage.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	res, err := ingest.Files(context.Background(), db, files, ingest.Options{Inventory: inventory.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range res {
		if r.Err != nil {
			t.Fatalf("%s: %v", r.Name, r.Err)
		}
	}
	return dbEndpoints(t, db)
}

func dbEndpoints(t testing.TB, db *storage.DB) []inventory.Endpoint {
	t.Helper()
	blobs, err := db.LoadHosts()
	if err != nil {
		t.Fatal(err)
	}
	inv := inventory.New(inventory.DefaultConfig())
	for h, b := range blobs {
		if err := inv.LoadHost(h, b); err != nil {
			t.Fatal(err)
		}
	}
	return inv.Endpoints()
}

// summary is what the equality tests compare: host, method, path template
// and hits of every endpoint, sorted.
func summary(eps []inventory.Endpoint) []string {
	out := make([]string, 0, len(eps))
	for _, e := range eps {
		out = append(out, fmt.Sprintf("%s %s %s %d", e.Host, e.Method, e.Path, e.Hits))
	}
	slices.Sort(out)
	return out
}

func totalHits(eps []inventory.Endpoint) (n uint64) {
	for _, e := range eps {
		n += e.Hits
	}
	return n
}

// sameInventory fails the test when got and want differ, listing the
// differences.
func sameInventory(t testing.TB, got, want []inventory.Endpoint) {
	t.Helper()
	g, w := summary(got), summary(want)
	if slices.Equal(g, w) {
		return
	}
	gs, ws := map[string]bool{}, map[string]bool{}
	for _, s := range g {
		gs[s] = true
	}
	for _, s := range w {
		ws[s] = true
	}
	n := 0
	for _, s := range w {
		if !gs[s] && n < 20 {
			t.Errorf("missing: %s", s)
			n++
		}
	}
	for _, s := range g {
		if !ws[s] && n < 40 {
			t.Errorf("extra:   %s", s)
			n++
		}
	}
	t.Fatalf("central inventory differs from one ingest: %d endpoints (%d hits), want %d (%d hits)",
		len(got), totalHits(got), len(want), totalHits(want))
}

// natsServer is an in-process nats-server with JetStream on file storage.
type natsServer struct {
	t    testing.TB
	dir  string
	port int
	srv  *server.Server
}

func startNATS(t testing.TB) *natsServer {
	t.Helper()
	n := &natsServer{t: t, dir: t.TempDir(), port: server.RANDOM_PORT}
	n.start()
	t.Cleanup(n.stop)
	return n
}

func (n *natsServer) start() {
	n.t.Helper()
	opts := &server.Options{Host: "127.0.0.1", Port: n.port, JetStream: true, StoreDir: n.dir,
		NoLog: true, NoSigs: true, MaxPayload: 1 << 20}
	s, err := server.NewServer(opts)
	if err != nil {
		n.t.Fatal(err)
	}
	go s.Start()
	if !s.ReadyForConnections(10 * time.Second) {
		n.t.Fatal("nats-server did not start")
	}
	n.srv = s
	n.port = s.Addr().(*net.TCPAddr).Port
}

// url is the client URL of the server.
func (n *natsServer) url() string { return fmt.Sprintf("nats://127.0.0.1:%d", n.port) }

// stop shuts the server down (restart with start: same port, same store).
func (n *natsServer) stop() {
	if n.srv != nil {
		n.srv.Shutdown()
		n.srv.WaitForShutdown()
		n.srv = nil
	}
}
